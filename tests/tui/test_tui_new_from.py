"""The new-draft dialog with last year's report: a path read in the dialog (a file that cannot be
read is said there, nothing made), the unit taken from the report, the interview asking to
confirm each imported answer."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Input, Static

from assistant.tui.app import make_app
from assistant.tui.screens.interview import InterviewScreen
from assistant.tui.screens.new_draft import NewDraftScreen
from assistant.workspace import open_store
from tests.support.common import ROOT
from tests.support.examples import export_example
from tests.support.tui_driver import settle, transcript, until

SIZE = (100, 30)


async def _from_report(home: Path, report: Path, bad: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewDraftScreen)
        app.screen.query_one("#year", Input).value = "2026"
        app.screen.query_one("#source", Input).value = str(bad)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NewDraftScreen), "nothing made from a file that cannot be read"
        assert "另存为" in str(app.screen.query_one("#new-error", Static).render())
        app.screen.query_one("#source", Input).value = str(report)  # the unit is left empty: read
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.session is not None,
                    "the interview of the new draft")  # fmt: skip
        await until(pilot, lambda: any("从上年报告中读到" in t for t in transcript(app)), "the imported answer shown")
        shown = "\n".join(transcript(app))
        assert "从上年报告中读到：昆明市五华区总工会" in shown
        await pilot.press("ctrl+q")


def test_a_new_draft_from_last_years_report_in_the_dialog(tmp_path: Path) -> None:
    report = tmp_path / "2025.docx"
    export_example(ROOT / "examples" / "dept-overall.yaml", report)
    bad = tmp_path / "old.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    asyncio.run(_from_report(tmp_path / "home", report, bad))
    (summary,) = open_store(tmp_path / "home").list()
    draft = open_store(tmp_path / "home").load(summary.id)
    assert draft.unit == "昆明市五华区总工会" and draft.year == 2026
    assert str(draft.answers["income_total_last"]) == "228.63万元" and "income_total" not in draft.answers
    assert "unit_name" in draft.imported


async def _years(home: Path, report: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NewDraftScreen)
        app.screen.query_one("#source", Input).value = str(report)
        app.screen.query_one("#year", Input).value = "2024"  # typed: not the year after the report's
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, NewDraftScreen), "nothing made"
        shown = str(app.screen.query_one("#new-error", Static).render())
        assert "2025年度" in shown and "应为2026年" in shown
        app.screen.query_one("#year", Input).value = str(app.screen.year)  # the year offered, left as it was
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen), "the interview of the new draft")
        await pilot.press("ctrl+q")


def test_the_dialog_takes_the_year_after_the_reports(tmp_path: Path) -> None:
    """Last year's figures become the new draft's 上年数: the draft is of the year after the
    report's, whatever the dialog offered; another year typed is refused, saying which."""
    report = tmp_path / "2025.docx"
    export_example(ROOT / "examples" / "dept-overall.yaml", report)
    asyncio.run(_years(tmp_path / "home", report))
    (summary,) = open_store(tmp_path / "home").list()
    assert open_store(tmp_path / "home").load(summary.id).year == 2026
