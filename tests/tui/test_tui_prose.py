"""The scorecard's findings: wrapped with the chat's Chinese line breaking, as tall as their lines."""

from __future__ import annotations

import asyncio
import itertools

from textual.app import App

from assistant.tui.widgets.prose import Prose

FINDING = "【提示】指标“法律援助率”实际完成值为105%，超过100%，请核对（满意度、完成率等不会超过100%）。"


async def _wrapped() -> None:
    app = App()
    async with app.run_test(size=(40, 12)) as pilot:
        prose = Prose(FINDING + "\n[red]用户文字[/red]")
        await app.mount(prose)
        await pilot.pause()
        width = prose.content_size.width
        for w in range(10, 41):
            lines = prose.lines(w)
            assert "".join(lines).replace("[red]用户文字[/red]", "") == FINDING, "nothing lost"
            assert not any(line.startswith(("，", "。", "）", "%")) for line in lines), (w, lines)
            for a, b in itertools.pairwise(lines):
                assert not (a[-1:].isdigit() and b[:1] in "0123456789%"), ("a number cut", w, lines)
        assert prose.size.height == len(prose.lines(width)), "as tall as its lines"
        assert "[red]用户文字[/red]" in str(prose.render()), "never markup"


def test_findings_wrap_without_cutting_numbers_or_starting_lines_with_closing_marks() -> None:
    asyncio.run(_wrapped())
