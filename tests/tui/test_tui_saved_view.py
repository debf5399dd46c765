"""A draft reopened in the app is drawn at once from the view saved when it was last closed, then
loaded: what the user does meanwhile waits, and a view that no longer fits is never shown."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
from textual.widgets import Input

from assistant.resources import DEMO_TITLE
from assistant.tui.app import make_app
from assistant.tui.screens.interview import InterviewScreen
from assistant.tui.widgets.chat import Chat
from assistant.workspace import ensure_demo_draft, open_store
from store.view_cache import ViewCache
from tests.support.tui_driver import settle, until

SIZE = (100, 30)


async def _open_and_quit(home: Path) -> list[str]:
    """Open the demo, quit with Ctrl+Q (which saves the view); the chat as it was shown."""
    app = make_app(home, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        texts = app.screen.query_one(Chat).texts()
        await pilot.press("ctrl+q")
    return texts


async def _reopen(home: Path, *, hold: bool = False) -> tuple[InterviewScreen, list[str], list[str]]:
    """Reopen: the screen and its chat before the draft was loaded, then after."""
    app = make_app(home, demo=True)
    held: list[InterviewScreen] = []
    if hold:  # keep the draft from loading until the test says so
        app._hydrate = held.append  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        first = screen.query_one(Chat).texts()
        hydrated_at_once = screen.hydrated
        if hold:
            assert not hydrated_at_once, "drawn from the saved view, the draft not loaded yet"
            line = screen.query_one("#line", Input)
            line.value = "示例一"
            await pilot.press("f3")  # waits for the draft
            assert screen.query_one("#line", Input).value == "示例一", "typed text stays"
            type(app)._hydrate(app, held[0])
        await settle(pilot)
        chat = screen.query_one(Chat)
        after = chat.texts()
        chat.scroll_home(animate=False)  # the older turns, wrapped after the first frame, are there
        await pilot.pause()
        top = "".join(segment.text for segment in chat.render_line(0))
        assert chat.turns[0].text[:6] in top, top
        if hold:
            assert type(app.screen).__name__ == "ScorecardScreen", "the key pressed while loading ran"
            await pilot.press("escape")
            assert screen.query_one("#line", Input).value == "示例一"
        await pilot.press("ctrl+q")
    return screen, first, after


def test_a_reopened_draft_is_drawn_from_its_saved_view_then_loaded(tmp_path: Path) -> None:
    shown = asyncio.run(_open_and_quit(tmp_path))
    found = ViewCache(tmp_path).find(DEMO_TITLE)
    assert found is not None, "Ctrl+Q saved the view"
    screen, first, after = asyncio.run(_reopen(tmp_path, hold=True))
    assert first == shown, "the first frame shows what the last session showed on opening"
    assert after == shown
    assert screen.hydrated and screen.draft is not None and screen.interview is not None


def test_a_view_of_an_older_version_of_the_draft_is_not_used(tmp_path: Path) -> None:
    asyncio.run(_open_and_quit(tmp_path))
    with open_store(tmp_path) as store:  # changed elsewhere (another window, the CLI)
        store.save_answer(ensure_demo_draft(store), "suggestions", "建议简化资金拨付流程")
    assert ViewCache(tmp_path).find(DEMO_TITLE) is None
    screen, first, after = asyncio.run(_reopen(tmp_path))
    assert "建议简化资金拨付流程" in first, "loaded before the first frame: the new answer is shown"
    assert screen.hydrated and after == first


def test_a_saved_view_that_differs_from_the_draft_is_replaced(tmp_path: Path) -> None:
    shown = asyncio.run(_open_and_quit(tmp_path))
    draft_id, _ = ViewCache(tmp_path).find(DEMO_TITLE) or ("", {})
    path = tmp_path / "views" / f"{draft_id}.json"
    data = orjson.loads(path.read_bytes())
    data["view"]["turns"][-1]["text"] = "过时的内容"  # the stamp still matches the draft file
    path.write_bytes(orjson.dumps(data))
    screen, first, after = asyncio.run(_reopen(tmp_path, hold=True))
    assert first[-1] == "过时的内容"
    assert after == shown and screen.hydrated, "once loaded, the live view replaces the saved one"


def test_a_damaged_saved_view_is_ignored(tmp_path: Path) -> None:
    shown = asyncio.run(_open_and_quit(tmp_path))
    for path in (tmp_path / "views").glob("*.json"):
        path.write_bytes(path.read_bytes()[:100])
    assert ViewCache(tmp_path).find(DEMO_TITLE) is None
    screen, first, after = asyncio.run(_reopen(tmp_path))
    assert first == shown == after and screen.hydrated


async def _damaged_when_loaded(home: Path, *, recover: bool) -> None:
    """The draft drawn from its view turns out damaged as it is loaded: the user is asked about
    the last good copy. Refused: back to the drafts list. Accepted: this same screen goes on."""
    from store import DraftDamaged

    app = make_app(home, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        real_open, recovered = app.workspace.store.open_for_edit, []

        def damaged_once(draft_id: str):  # type: ignore[no-untyped-def]
            if not recovered:
                raise DraftDamaged("demo.json", "文件不完整", draft_id=draft_id, title=DEMO_TITLE, backup=True)
            return real_open(draft_id)

        app.workspace.store.open_for_edit = damaged_once  # type: ignore[method-assign]
        app.workspace.store.recover = recovered.append  # type: ignore[method-assign]
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen", "recovery is offered"
        await pilot.press("y" if recover else "escape")
        await settle(pilot)
        names = [type(s).__name__ for s in app.screen_stack]
        if recover:
            assert names == ["InterviewScreen"] and app.screen is screen and screen.hydrated
        else:
            assert names == ["HomeScreen"], names
        await pilot.press("ctrl+q")


def test_a_draft_found_damaged_while_loading_offers_recovery_then_goes_on_or_back(tmp_path: Path) -> None:
    asyncio.run(_open_and_quit(tmp_path))
    asyncio.run(_damaged_when_loaded(tmp_path, recover=False))
    asyncio.run(_open_and_quit(tmp_path))
    asyncio.run(_damaged_when_loaded(tmp_path, recover=True))


async def _leave_and_come_back(home: Path) -> None:
    app = make_app(home, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(2):  # leave, open from the list, leave: one drafts list each time
            await pilot.press("escape")
            await settle(pilot)
            assert [type(s).__name__ for s in app.screen_stack] == ["HomeScreen"]
            await pilot.press("enter")
            await settle(pilot)
            assert [type(s).__name__ for s in app.screen_stack] == ["HomeScreen", "InterviewScreen"]
        # Ctrl+Q from the scorecard with an answer typed and not sent: asked first
        app.screen.query_one("#line", Input).value = "还没提交的文字"
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert type(app.screen).__name__ == "ConfirmScreen" and app.is_running
        await pilot.press("escape")


def test_leaving_a_reopened_draft_and_coming_back_keeps_one_drafts_list(tmp_path: Path) -> None:
    asyncio.run(_open_and_quit(tmp_path))
    asyncio.run(_leave_and_come_back(tmp_path))


async def _answer_and_crash(home: Path) -> None:
    """Change an answer, let the answers pause, then end without Ctrl+Q (as a crash would)."""
    from tests.support.tui_driver import choose_in_outline, type_answer

    app = make_app(home, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        screen.REMEMBER_AFTER = 0.05
        assert ViewCache(home).find(DEMO_TITLE) is None, "a first run: no view yet"
        await choose_in_outline(pilot, "question", "spend_basic")
        await type_answer(pilot, "219.00万元")
        await until(pilot, lambda: ViewCache(home).find(DEMO_TITLE) is not None, "the view saved at a pause")
        app.exit()  # no Ctrl+Q, no Esc: nothing else saves the view


def test_the_view_is_saved_when_the_answers_pause_so_a_crash_keeps_the_quick_start(tmp_path: Path) -> None:
    asyncio.run(_answer_and_crash(tmp_path))
    screen, first, after = asyncio.run(_reopen(tmp_path, hold=True))  # drawn from it, then loaded
    assert first == after and screen.hydrated
