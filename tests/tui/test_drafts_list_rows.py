"""The drafts list builds its rows once per change: start-up (mount, resizes, the store opened
behind the first frame, a screen resumed) draws each draft's row once, a resize that changes
the title column draws them again, and each kind's title is read from its script once."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input

from assistant.tui.app import make_app
from assistant.tui.screens import home
from assistant.tui.screens.help import HelpScreen
from assistant.workspace import new_draft, open_store
from tests.support.tui_driver import settle, until

DRAFTS = 12
MANY = 25  # more than a screen (10 lines) and a few chunks of 4


async def _start_resize_resume(app: Any, added: list[str]) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.store_loaded, "the store opened behind the list")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == DRAFTS
        assert len(added) == DRAFTS, "each row drawn once during start-up"
        await pilot.resize_terminal(100, 40)  # taller: the title column keeps its width
        await settle(pilot)
        assert len(added) == DRAFTS
        app.push_screen(HelpScreen())
        await settle(pilot)
        app.pop_screen()  # resumed, nothing changed
        await settle(pilot)
        assert len(added) == DRAFTS
        await pilot.resize_terminal(120, 40)  # wider: the titles are fitted again
        await settle(pilot)
        assert len(added) == 2 * DRAFTS
        assert table.row_count == DRAFTS
        await pilot.press("r")  # a change: the rows are drawn again, with the new title
        await settle(pilot)
        app.screen.query_one(Input).value = "改过的标题"
        await pilot.press("enter")
        await settle(pilot)
        assert len(added) == 3 * DRAFTS
        assert "改过的标题" in [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        await pilot.press("ctrl+q")


def test_rows_are_drawn_once_per_change_and_titles_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(tmp_path)
    for i in range(DRAFTS):
        new_draft(store, "dept-overall" if i % 2 else "project", f"草稿{i:02d}", unit="某单位", year=2025)
    store.close()
    added: list[str] = []
    real_add = DataTable.add_row

    def add_row(self: DataTable[Any], *cells: Any, **kw: Any) -> Any:
        if self.id == "drafts":
            added.append(str(kw.get("key")))
        return real_add(self, *cells, **kw)

    monkeypatch.setattr(DataTable, "add_row", add_row)
    read: list[str] = []
    real_title = home.script_title
    monkeypatch.setattr(home, "script_title", lambda kind_id: read.append(kind_id) or real_title(kind_id))
    getattr(home.kind_title, "cache_clear", lambda: None)()  # (a cache from an earlier test)
    asyncio.run(_start_resize_resume(make_app(tmp_path), added))
    assert sorted(read) == ["dept-overall", "project"], "each kind's script read once for its title"


async def _in_chunks(app: Any, added: list[str], order: list[str]) -> None:
    async with app.run_test(size=(100, 10)) as pilot:
        table = app.screen.query_one(DataTable)
        assert table.row_count == 10, "a screen of rows at once, in the first frame"
        await until(pilot, lambda: table.row_count == MANY, "the other rows, a chunk at a time")
        assert added[:MANY] == order, "each row once, in the list's order"
        await pilot.press("end")  # the last draft
        await settle(pilot)
        last = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        assert last == order[-1]
        await pilot.press("r")  # a change: the table filled again, the cursor back on its draft
        await settle(pilot)
        app.screen.query_one(Input).value = "最后一份"
        await pilot.press("enter")
        await until(pilot, lambda: table.row_count == MANY, "the rows again")
        await settle(pilot)
        here = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        assert here == last
        await pilot.press("ctrl+q")


def test_many_drafts_are_drawn_a_chunk_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(tmp_path)
    for i in range(MANY):
        new_draft(store, "project", f"草稿{i:02d}", unit="某单位", year=2025)
    order = [d.id for d in store.list()]  # the newest first
    store.close()
    monkeypatch.setattr(home, "FIRST_ROWS", 5)
    monkeypatch.setattr(home, "MORE_ROWS", 4)
    monkeypatch.setattr(home, "MORE_DELAY", 0.01)
    added: list[str] = []
    real_add = DataTable.add_row

    def add_row(self: DataTable[Any], *cells: Any, **kw: Any) -> Any:
        if self.id == "drafts":
            added.append(str(kw.get("key")))
        return real_add(self, *cells, **kw)

    monkeypatch.setattr(DataTable, "add_row", add_row)
    asyncio.run(_in_chunks(make_app(tmp_path), added, order))


async def _checked_after_the_first_frame(app: Any, added: list[str], checked: list[int], changed: str) -> None:
    async with app.run_test(size=(100, 10)) as pilot:
        await settle(pilot)
        await until(pilot, lambda: app.store_loaded, "the store opened behind the list")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert checked[0] == 10, "before the first frame, only the drafts of its rows were checked"
        assert str(table.coordinate_to_cell_key((0, 0)).row_key.value) == changed, "then the store's list"
        assert table.row_count == MANY
        assert not any(type(s).__name__ == "QuickSummary" for s in app.screen._summaries.values())
        await pilot.press("ctrl+q")


def test_the_index_is_trusted_for_the_first_rows_and_checked_for_the_others_after_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from store.quick_list import QuickIndex

    store = open_store(tmp_path)
    for i in range(MANY):
        new_draft(store, "project", f"草稿{i:02d}", unit="某单位", year=2025)
    for path in (tmp_path / "drafts").glob("*.json"):  # past the racy window: the index vouches
        st = path.stat()
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - 5_000_000_000))
    indexed = [d.id for d in store.list()]
    changed = indexed[-1]  # below the first frame's rows; changed since it was indexed
    store.rename(changed, "改过的草稿")
    store.close()
    checked: list[int] = []
    real_vouches = QuickIndex.vouches_for

    def vouches_for(self: QuickIndex, draft_ids: Any) -> bool:
        ids = list(draft_ids)
        checked.append(len(ids))
        return real_vouches(self, ids)

    monkeypatch.setattr(QuickIndex, "vouches_for", vouches_for)
    monkeypatch.setattr(home, "FIRST_ROWS", 5)  # a screen of 10 lines: 10 rows in the first frame
    added: list[str] = []
    real_add = DataTable.add_row

    def add_row(self: DataTable[Any], *cells: Any, **kw: Any) -> Any:
        if self.id == "drafts":
            added.append(str(kw.get("key")))
        return real_add(self, *cells, **kw)

    monkeypatch.setattr(DataTable, "add_row", add_row)
    asyncio.run(_checked_after_the_first_frame(make_app(tmp_path), added, checked, changed))
    assert added[:10] == indexed[:10], "the first frame drawn from the index"
