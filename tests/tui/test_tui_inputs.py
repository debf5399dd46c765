"""Issue 12 in the terminal UI: a draft holding an answer out of bounds (a 35-digit amount, a
mapping) still opens and asks it again with a word; titles typed or pasted with a terminal's
colour codes are stored without them (new-draft dialog, rename)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Input

from assistant.tui.app import make_app
from assistant.tui.screens.dialogs import PromptScreen
from assistant.tui.screens.interview import InterviewScreen
from assistant.workspace import ensure_demo_draft, open_store
from tests.support.tui_driver import current_question, settle, transcript

SIZE = (100, 30)
HUGE = "1" * 35 + "万元"


async def _open_damaged(home: Path, draft_id: str) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen), "the draft opens"
        assert current_question(app) == "staff_quota", "the first answer that cannot be used is asked again"
        said = "\n".join(transcript(app))
        assert "草稿中保存的不是一个回答，而是一组数据（{a: 12}），无法使用。请重新回答。" in said
        await pilot.press(*"12人")
        await pilot.press("enter")
        await settle(pilot)
        assert current_question(app) == "income_total"
        assert f"之前的回答“{HUGE}”不再符合要求：金额过大：应小于1万亿元" in "\n".join(transcript(app))
        await pilot.press("ctrl+q")
    answers = open_store(home).load(draft_id).answers
    assert answers["staff_quota"] == "12人" and answers["income_total"] == HUGE, "nothing dropped"


def test_a_draft_with_an_answer_out_of_bounds_opens_and_asks_it_again(tmp_path: Path) -> None:
    """A stored 30-digit amount raised decimal.InvalidOperation: the draft could not be opened."""
    store = open_store(tmp_path)
    draft_id = ensure_demo_draft(store)
    store.save_answers(draft_id, {"income_total": HUGE, "staff_quota": {"a": 12}})
    store.close()
    asyncio.run(_open_damaged(tmp_path, draft_id))


async def _titles(home: Path) -> None:
    app = make_app(home)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#unit", Input).value = "\x1b[1m某县\x1b[0m农业农村局\x07"
        app.screen.query_one("#year", Input).value = "2025"
        app.screen.query_one("#title", Input).value = "\x1b[31m红色\x1b[0m标题\x1b]0;窗口\x07"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = "\x1b[32m改名\x1b[0m后\x9b2J"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+q")


def test_titles_and_unit_are_stored_without_terminal_codes(tmp_path: Path) -> None:
    asyncio.run(_titles(tmp_path))
    [summary] = open_store(tmp_path).list()
    assert summary.title == "改名后" and summary.unit == "某县农业农村局"
    draft = open_store(tmp_path).load(summary.id)
    assert draft.answers["unit_name"] == "某县农业农村局"
