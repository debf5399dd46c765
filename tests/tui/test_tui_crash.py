"""An internal error in the TUI: exit 1 and a crash log in the data folder, not a traceback (the
command line's half: tests/unit/test_crash.py)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest


def test_the_tui_leaves_a_crash_log_instead_of_a_traceback(tmp_path: Path) -> None:
    from assistant.crashlog import crash_message
    from assistant.tui.app import make_app

    app = make_app(tmp_path)

    async def crash() -> None:
        async with app.run_test() as pilot:
            app.call_later(lambda: 1 / 0)
            await pilot.pause()

    with pytest.raises(ZeroDivisionError):  # Pilot re-raises it for the test
        asyncio.run(crash())
    assert app.return_code == 1
    assert app.crash_log is not None and app.crash_log.parent == tmp_path / "logs"
    assert "ZeroDivisionError" in app.crash_log.read_text(encoding="utf-8")
    assert str(app.crash_log) in crash_message(app.crash_log)
