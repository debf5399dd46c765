"""Snapshots of the four main screens at 100×30 (Textual is pinned, so output is stable)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from assistant.tui.app import make_app
from assistant.workspace import ensure_demo_draft, open_store
from tests.support.tui_driver import settle

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("assistant.tui.screens.home.format_time", lambda moment: "2026-03-15 09:30")


async def _steady(pilot: Pilot[None]) -> None:
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    for widget in pilot.app.screen.query(TextArea):
        widget.cursor_blink = False
    await settle(pilot)


def _demo_home(tmp_path: Path) -> Path:
    ensure_demo_draft(open_store(tmp_path))
    return tmp_path


def test_home(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(make_app(_demo_home(tmp_path)), terminal_size=SIZE, run_before=_steady)


def test_interview(snap_compare, tmp_path: Path) -> None:
    async def edit_a_figure(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await _steady(pilot)

    assert snap_compare(make_app(tmp_path, demo=True), terminal_size=SIZE, run_before=edit_a_figure)


def test_scorecard(snap_compare, tmp_path: Path) -> None:
    async def open_scorecard(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f3")
        await _steady(pilot)

    assert snap_compare(make_app(tmp_path, demo=True), terminal_size=SIZE, run_before=open_scorecard)


def test_preview(snap_compare, tmp_path: Path) -> None:
    async def open_preview(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f4")
        await _steady(pilot)

    assert snap_compare(make_app(tmp_path, demo=True), terminal_size=SIZE, run_before=open_preview)
