"""Keys a browser keeps for itself (docs/browser.md): Firefox on Linux quits on Ctrl+Q, so quitting
is F10 as well, and in a browser the key bar and the messages name F10."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from assistant.tui.app import ReportAssistantApp, make_app
from assistant.tui.widgets.keybar import KeyBar
from tests.support.tui_driver import settle


async def _keys(home: Path, quit_key: str) -> tuple[str, bool]:
    """The key bar of the drafts list, and whether `quit_key` ended the app."""
    app = make_app(home)
    said: list[str] = []
    app.notify = lambda message, **options: said.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar).render().plain
        app.action_help_quit()
        await pilot.press(quit_key)
        await pilot.pause()
        ended = app._exit
    return bar + "\n" + "\n".join(said), ended


def test_in_the_terminal_quit_is_ctrl_q_and_f10(tmp_path: Path) -> None:
    shown, ended = asyncio.run(_keys(tmp_path, "f10"))
    assert "^Q 退出" in shown and "F10" not in shown.splitlines()[0]
    assert "请按 Ctrl+Q" in shown
    assert ended, "F10 quits in the terminal too"


def test_in_a_browser_the_key_bar_names_f10_for_quitting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReportAssistantApp, "is_web", property(lambda self: True))
    shown, ended = asyncio.run(_keys(tmp_path, "f10"))
    bar = shown.splitlines()[0]
    assert "F10 退出" in bar and "^Q" not in bar
    assert "请按 F10" in shown
    assert ended
