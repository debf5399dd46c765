"""What one Enter costs beyond parsing and saving: the answer's change is not written out as
text to name the save's worker (Textual names a worker by repr() of its arguments unless it is
given a description, and the change carries the question and the outcome's models)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from assistant.session import Change
from assistant.tui.app import make_app
from assistant.tui.screens.interview import InterviewScreen
from tests.support.tui_driver import settle, type_answer, until


async def _answer(home: Path) -> None:
    app = make_app(home, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, InterviewScreen), "the interview")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        screen.session.edit("spend_basic")
        await type_answer(pilot, "220.26万元")
        assert screen.interview.answers["spend_basic"] == "220.26万元", "the answer was taken and saved"
        await pilot.press("ctrl+q")


def test_a_submitted_answer_is_saved_without_writing_its_change_out_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    real_repr = Change.__repr__

    def counted(self: Any) -> str:
        shown.append(self.question.id)
        return real_repr(self)

    monkeypatch.setattr(Change, "__repr__", counted)
    asyncio.run(_answer(tmp_path))
    assert shown == []
