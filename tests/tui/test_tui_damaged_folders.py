"""The drafts screen (the real app, driven with Pilot) against damaged data folders
(tests/support/damaged_folders.py): it starts, lists every sound draft, names every damaged one,
opens a sound one and changes no byte of what is damaged."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from assistant.resources import DEMO_TITLE
from assistant.tui.app import make_app
from assistant.tui.screens.home import HomeScreen
from assistant.tui.screens.interview import InterviewScreen
from assistant.workspace import open_store
from tests.support.damaged_folders import CASE_IDS, CASES, Folder, _file_instead, damaged_case, fingerprints
from tests.support.tui_driver import settle


@pytest.fixture(params=CASES, ids=CASE_IDS)
def damaged_folder(request: pytest.FixtureRequest, tmp_path: Path) -> Folder:
    return damaged_case(request.param, tmp_path)


async def _drafts_screen(folder: Folder) -> None:
    app = make_app(folder.home)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        rows = {str(key.value): [str(c) for c in table.get_row(key)] for key in table.rows}
        for draft_id, title in folder.all_usable.items():
            assert rows[draft_id][0] == title and rows[draft_id][2].endswith("%"), rows[draft_id]
        for draft_id in folder.damaged:
            assert rows[draft_id][2] == "损坏", rows[draft_id]
        assert set(rows) == set(folder.all_usable) | set(folder.damaged)
        caption = str(app.screen.query_one("#home-caption", Static).render())
        assert ("“损坏”" in caption) == bool(folder.damaged), caption
        shown = str(app.screen.query_one("#home-empty", Static).render())
        for name in folder.folder_problems:
            assert f"“{name}”应是一个文件夹" in shown, shown
        # a sound draft opens
        first = next(iter(folder.good))
        table.move_cursor(row=list(rows).index(first))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and app.screen.draft_id == first
        if "locks" in folder.folder_problems:  # nothing can be changed: shown read-only, told why
            assert app.screen.read_only
            assert any("“locks”应是一个文件夹" in n.message for n in app._notifications)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("n")  # a new draft is refused, saying why; the list stays
            await settle(pilot)
            app.screen.query_one("#unit", Input).value = "新单位"
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            assert [n.title for n in app._notifications][-1] == "草稿没有建立"
        await pilot.press("ctrl+q")


async def _demo(folder: Folder) -> None:
    app = make_app(folder.home, demo=True)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        if "locks" in folder.folder_problems:  # the demo draft cannot be made: told why, on the list
            assert isinstance(app.screen, HomeScreen)
            assert any("locks" in n.message for n in app._notifications)
        else:
            assert isinstance(app.screen, InterviewScreen) and app.screen.draft is not None
            assert app.screen.draft.title == DEMO_TITLE
        await pilot.press("ctrl+q")


def test_the_drafts_screen_starts_with_the_damage_and_names_it(damaged_folder: Folder) -> None:
    before = fingerprints(damaged_folder)
    asyncio.run(_drafts_screen(damaged_folder))
    asyncio.run(_demo(damaged_folder))
    assert fingerprints(damaged_folder) == before, "no byte of what is damaged changed"


def test_the_drafts_screen_says_a_missing_drafts_folder_and_refuses_a_new_draft(tmp_path: Path) -> None:
    home = tmp_path / "home"
    open_store(home).close()
    _file_instead("drafts")(home)

    async def start() -> None:
        app = make_app(home)
        async with app.run_test(size=(140, 40)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)
            assert "“drafts”应是一个文件夹" in str(app.screen.query_one("#home-empty", Static).render())
            await pilot.press("n")  # a new draft: refused with the same message, the app goes on
            await settle(pilot)
            await pilot.press("ctrl+q")

    asyncio.run(start())
