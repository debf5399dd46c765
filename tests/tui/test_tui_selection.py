"""Text selected with the mouse in the chat and the preview, and copied with Ctrl+C: a wrapped
paragraph comes back as it was written, without the chat's indents and marks."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget

from assistant.tui.app import make_app
from assistant.tui.widgets.chat import Chat
from assistant.tui.widgets.report_page import ReportPage
from tests.support.tui_driver import example_answers, settle

SIZE = (100, 30)


def _rows(widget: Widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def _drag(pilot: Pilot[None], widget: Widget, start: tuple[int, int], end: tuple[int, int]) -> str:
    await pilot.mouse_down(widget, offset=start)
    await pilot.hover(widget, offset=end)
    await pilot.mouse_up(widget, offset=end)
    await pilot.pause()
    await pilot.press("ctrl+c")
    await pilot.pause()
    return pilot.app.clipboard


async def _select_and_copy(home: Path) -> None:
    app = make_app(home, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        chat = app.screen.query_one(Chat)
        rows = _rows(chat)
        first, second = example_answers()["result_use"].split("\n")  # the user's two, the first wrapped
        top = next(y for y, row in enumerate(rows) if row.strip().startswith(first[:8]))
        # from the indent left of the answer to the middle of its second item
        copied = await _drag(pilot, chat, (0, top), (chat.scrollable_content_region.width - 2, top + 2))
        assert copied == f"{first}\n{second}", copied
        selected = chat.render_line(top + 1)
        colour = app.screen.get_component_rich_style("screen--selection").bgcolor
        shown = [seg.style for seg in selected if seg.style and seg.style.bgcolor == colour]
        assert shown and all(style.color != style.bgcolor for style in shown), "shown, and the text stays readable"
        assert not [n for n in app._notifications if n.title == "要退出吗？"], "Ctrl+C copied, it did not warn"

        done = next(y for y, row in enumerate(_rows(chat)) if "所有问题都已回答" in row)
        copied = await _drag(pilot, chat, (0, done), (chat.scrollable_content_region.width - 2, done + 1))
        assert copied.startswith("所有问题都已回答。") and "★" not in copied and "\n" not in copied, copied

        await pilot.press("f4")
        await settle(pilot)
        page = app.screen.query_one(ReportPage)
        rows = _rows(page)
        top = next(y for y, row in enumerate(rows) if row.strip().startswith("根据《关于开展"))
        end = next(y for y, row in enumerate(rows) if "报告如下" in row)
        copied = await _drag(pilot, page, (0, top), (page.scrollable_content_region.width - 2, end))
        assert copied.startswith("根据《关于开展") and copied.endswith("现将自评情况报告如下。"), copied
        assert "\n" not in copied, "a wrapped paragraph is copied as one line"
        await pilot.press("ctrl+q")


def test_text_selected_in_the_chat_and_the_preview_is_copied_as_written(demo_home: Path) -> None:
    asyncio.run(_select_and_copy(demo_home))
