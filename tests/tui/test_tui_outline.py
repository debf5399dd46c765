"""The outline in the sidebar, driven with keys and the mouse in a small app of its own."""

from __future__ import annotations

import asyncio

from rich.cells import cell_len
from textual.app import App, ComposeResult

from assistant.tui.view import SectionView
from assistant.tui.widgets.outline import Outline

SECTIONS = (
    SectionView("basic", "基本信息", 3, 3, (("unit", "单位名称"), ("year", "年度"), ("period", "评价时段"))),
    SectionView("org", "机构设置及编制", 1, 3, (("offices", "内设机构"),)),
    SectionView("funds", "资金来源及使用情况（本年度全部财政拨款收入和支出的明细说明）", 0, 10, ()),
)


class OutlineApp(App[None]):
    CSS = "Outline { width: 30; height: 1fr; }"

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[tuple[str, str]] = []

    def compose(self) -> ComposeResult:
        yield Outline()

    def on_mount(self) -> None:
        outline = self.query_one(Outline)
        outline.refresh_from(SECTIONS, "org")
        outline.focus()

    def on_outline_chosen(self, event: Outline.Chosen) -> None:
        self.chosen.append((event.kind, event.ident))


def rows(app: OutlineApp) -> list[tuple[str, str]]:
    return [r[:2] for r in app.query_one(Outline).rows]


async def _keys() -> None:
    app = OutlineApp()
    async with app.run_test(size=(40, 12)) as pilot:
        outline = app.query_one(Outline)
        # only the current section shows its answered questions
        assert rows(app) == [("section", "basic"), ("section", "org"), ("question", "offices"), ("section", "funds")]
        texts = [r[2] for r in outline.rows]
        assert texts[0] == "▶ ✓3/3 基本信息" and texts[1] == "▼ ●1/3 机构设置及编制"
        assert texts[2] == "  └ 内设机构" and texts[3].startswith("▶ ○0/10 资金")
        await pilot.press("right")  # opens 基本信息, where the cursor is
        assert rows(app)[1:4] == [("question", "unit"), ("question", "year"), ("question", "period")]
        assert outline.rows[3][2] == "  └ 评价时段" and outline.rows[1][2] == "  ├ 单位名称"
        await pilot.press("down", "down", "enter")
        assert app.chosen == [("question", "year")]
        await pilot.press("left")  # from a question up to its section
        assert outline.rows[outline.cursor][:2] == ("section", "basic")
        await pilot.press("left")  # and closed
        assert ("question", "unit") not in rows(app)
        assert outline.rows[outline.cursor][:2] == ("section", "basic"), "the cursor stays on its row"
        await pilot.press("end", "enter")
        assert app.chosen[-1] == ("section", "funds")
        assert ("question", "offices") in rows(app), "choosing a section does not close the current one"
        # the screen makes the chosen section current: the cursor follows its row
        outline.refresh_from(SECTIONS, "funds")
        await pilot.pause()
        assert ("question", "offices") not in rows(app)
        assert outline.rows[outline.cursor][:2] == ("section", "funds")
        await pilot.press("home")
        assert outline.cursor == 0
        await pilot.press("up")
        assert outline.cursor == 0, "the cursor stops at the first row"


def test_keys_move_open_close_and_choose() -> None:
    asyncio.run(_keys())


async def _mouse_and_drawing() -> None:
    app = OutlineApp()
    async with app.run_test(size=(40, 12)) as pilot:
        outline = app.query_one(Outline)
        await pilot.click(Outline, offset=(3, 2))  # the third row: 内设机构
        assert app.chosen == [("question", "offices")]
        assert outline.cursor == 2
        await pilot.click(Outline, offset=(3, 2), times=2)  # a double-click chooses once
        assert app.chosen == [("question", "offices")] * 2
        # a title wider than the outline is cut to its width, with an ellipsis
        line = outline.render_line(3)
        text = line.text
        assert line.cell_length == outline.scrollable_content_region.width == 30
        assert text.rstrip().endswith("…") and cell_len(text) == 30
        # its section stops being the current one: the cursor goes up to the section, not to
        # whatever row takes its place
        outline.refresh_from(SECTIONS, "funds")
        await pilot.pause()
        assert outline.rows[outline.cursor][:2] == ("section", "org")


def test_a_click_chooses_and_long_titles_are_cut_to_the_width() -> None:
    asyncio.run(_mouse_and_drawing())


async def _scrolls_to_the_cursor() -> None:
    many = tuple(SectionView(f"s{i}", f"第{i}部分", 0, 1, ()) for i in range(30))
    app = OutlineApp()
    async with app.run_test(size=(40, 8)) as pilot:
        outline = app.query_one(Outline)
        outline.refresh_from(many, "s0")
        await pilot.pause()
        await pilot.press(*["down"] * 12)
        height = outline.scrollable_content_region.height
        assert outline.cursor == 12 and outline.scroll_y <= 12 < outline.scroll_y + height
        await pilot.press("pagedown")
        assert outline.scroll_y <= outline.cursor < outline.scroll_y + height
        await pilot.press("home")
        assert outline.scroll_y == 0


def test_the_outline_scrolls_to_keep_the_cursor_in_sight() -> None:
    asyncio.run(_scrolls_to_the_cursor())
