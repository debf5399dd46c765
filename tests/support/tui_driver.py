"""Helpers that drive the real app with Textual's Pilot, as a user would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from textual.pilot import Pilot
from textual.widgets import Input, Select

from assistant.answers import answer_from_file
from assistant.tui.app import ReportAssistantApp
from assistant.tui.screens.interview import InterviewScreen
from assistant.tui.widgets.answer_area import AnswerArea
from assistant.tui.widgets.chat import Chat
from assistant.tui.widgets.composer import Composer
from assistant.tui.widgets.outline import Outline

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "dept-overall.yaml"


def example_answers() -> dict[str, str]:
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return {k: answer_from_file(v) for k, v in data.items()}


# How long `until` lets a condition take before the test fails: far beyond any machine's
# slowness (the conditions take milliseconds), only so that a broken app ends the test.
PATIENCE = 60.0


async def until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition` holds (a timer fired, a thread done …), however long
    that takes on this machine: a test waits for what it needs, never for a fixed time."""
    waited = 0.0
    while not condition():
        assert waited < PATIENCE, f"still not so after {PATIENCE:.0f} s: {what}"
        await pilot.pause(0.02)
        waited += 0.02


async def settle(pilot: Pilot[None]) -> None:
    """Wait for saves and other workers, then for the screen to redraw."""
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()
    screen = app.screen
    if isinstance(screen, InterviewScreen):
        await until(pilot, lambda: not screen.saving and screen.hydrated, "the answer saved and the draft loaded")


async def type_answer(pilot: Pilot[None], text: str) -> None:
    """Put the text in the composer and submit it with the key the hint shows."""
    composer = pilot.app.screen.query_one(Composer)
    if composer.multiline:
        composer.query_one(AnswerArea).load_text(text)
        composer.query_one(AnswerArea).focus()
        await pilot.press("ctrl+s")
    else:
        line = composer.query_one("#line", Input)
        line.value = text
        line.focus()
        await pilot.press("enter")
    await settle(pilot)


def transcript(app: ReportAssistantApp) -> list[str]:
    return app.screen.query_one(Chat).texts()


def current_question(app: ReportAssistantApp) -> str | None:
    screen = app.screen
    assert isinstance(screen, InterviewScreen)
    return screen.current.id if screen.current else None


def composer_text(app: ReportAssistantApp) -> str:
    return app.screen.query_one(Composer).text()


async def start_new_draft(
    pilot: Pilot[None], unit: str, *, year: str = "2025", kind: str | None = "dept-overall"
) -> None:
    """From the drafts list: N, fill in the new-draft dialog, create; the interview opens.
    With kind=None the dialog's own first choice is kept."""
    app = pilot.app
    await pilot.press("n")
    await settle(pilot)
    if kind is not None:
        app.screen.query_one("#kind", Select).value = kind
    app.screen.query_one("#unit", Input).value = unit
    app.screen.query_one("#year", Input).value = year
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, InterviewScreen)


async def choose_in_outline(pilot: Pilot[None], kind: str, ident: str) -> None:
    """As a user does: Ctrl+O, the arrow keys to the row (→ opens a question's section), Enter."""
    screen = pilot.app.screen
    assert isinstance(screen, InterviewScreen) and screen.interview is not None
    outline = screen.query_one(Outline)
    await pilot.press("ctrl+o")
    if kind == "question" and ("question", ident) not in [r[:2] for r in outline.rows]:
        section = next(q.section for q in screen.interview.kind.questions if q.id == ident)
        await _cursor_to(pilot, outline, ("section", section))
        await pilot.press("right")
    await _cursor_to(pilot, outline, (kind, ident))
    await pilot.press("enter")
    await settle(pilot)


async def _cursor_to(pilot: Pilot[None], outline: Outline, row: tuple[str, str]) -> None:
    target = [r[:2] for r in outline.rows].index(row)
    key = "down" if target > outline.cursor else "up"
    for _ in range(abs(target - outline.cursor)):
        await pilot.press(key)
    assert outline.rows[outline.cursor][:2] == row
