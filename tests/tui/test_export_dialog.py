"""The export dialog (F5) on a draft with questions left: the notice says how many, and in a
browser (`report-assistant serve`) the file written is also handed to the browser as a download
named by the report's title."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from assistant.resources import DEMO_TITLE
from assistant.tui.app import ReportAssistantApp, make_app
from assistant.tui.screens.export import ExportScreen
from assistant.tui.screens.interview import InterviewScreen
from assistant.workspace import new_draft, open_store
from tests.support.tui_driver import settle, transcript

Delivered = list[tuple[Path, dict[str, Any]]]


def _unfinished_demo(home: Path) -> None:
    """A draft with only the unit and the year answered, under the title `--demo` opens."""
    store = open_store(home)
    new_draft(store, "dept-overall", DEMO_TITLE, unit="昆明市五华区总工会", year=2025)
    store.close()


async def _export(home: Path, out: Path) -> tuple[list[str], Delivered]:
    """F5, the path, Enter: the chat afterwards and what was handed to the browser."""
    app = make_app(home, demo=True)
    delivered: Delivered = []
    app.deliver_binary = lambda path, **options: delivered.append((path, options))  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("f5")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path", Input).value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen), "the dialog closes once the file is written"
        said = transcript(app)
        await pilot.press("ctrl+q")
    assert out.exists()
    return said, delivered


def test_the_notice_of_an_unfinished_draft_says_how_many_are_left(tmp_path: Path) -> None:
    _unfinished_demo(tmp_path / "home")
    said, delivered = asyncio.run(_export(tmp_path / "home", tmp_path / "报告.docx"))
    [notice] = [line for line in said if line.startswith("报告已导出到")]
    assert notice.endswith("个问题未回答，文中以黄色标出的【待补充】处需补全）"), notice
    assert delivered == [], "in a terminal nothing goes to a browser"


def test_in_a_browser_the_file_is_also_a_download_named_by_the_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ReportAssistantApp, "is_web", property(lambda self: True))
    _unfinished_demo(tmp_path / "home")
    out = tmp_path / "报告.docx"
    said, delivered = asyncio.run(_export(tmp_path / "home", out))
    assert delivered == [(out, {"save_filename": f"{DEMO_TITLE}.docx"})]
    [notice] = [line for line in said if line.startswith("报告已导出到")]
    assert f"，浏览器同时下载一份（{DEMO_TITLE}.docx）" in notice, notice
