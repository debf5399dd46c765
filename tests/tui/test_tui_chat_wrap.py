"""How the chat breaks Chinese text into lines: within the width, never a closing mark first."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console

from assistant.tui.widgets.chat import wrap_lines

CONSOLE = Console(width=120)
TEXTS = [
    "■机构设置及编制：说明单位有哪些内设机构、编制多少人、实有多少人。",
    "报告中将写为：昆明市盘龙区文化和旅游局内设4个机构，分别为办公室、财务科、文化艺术科和旅游发展科。",
    "所有问题都已回答。可以查看评分（F3）和预览（F4），或导出报告（F5）。",
    "基本支出220.25万元，占总支出的96.50%；项目支出8.00万元，占3.50%。",
]


@pytest.mark.parametrize("width", range(8, 70, 3))
@pytest.mark.parametrize("text", TEXTS)
def test_lines_fit_keep_every_character_and_start_with_no_closing_mark(text: str, width: int) -> None:
    lines = wrap_lines(CONSOLE, text, width)
    assert "".join(lines) == text
    assert all(cell_len(line) <= width for line in lines)
    assert not any(line[:1] in "，。、；：？！）" for line in lines[1:]), lines


def test_paragraphs_stay_apart() -> None:
    assert wrap_lines(CONSOLE, "第一段\n，第二段", 20) == ["第一段", "，第二段"]
    assert wrap_lines(CONSOLE, "", 10) == [""]


PARTS = ["资金", "完成", "，", "。", " ", "F3", "and", "OA", "95%", "（", "）", "项目", "2025", "Ctrl+O"]


def test_mixed_text_loses_only_the_spaces_at_breaks() -> None:
    """Chinese with words and spaces between: each line is a run of the text as it was typed (a
    break that moves keeps the space in front of what moved, "F3 and" never becomes "F3and")."""
    import random

    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(PARTS) for _ in range(rng.randint(3, 14))).strip()
        width = rng.randint(6, 16)
        lines = wrap_lines(CONSOLE, text, width)
        assert all(line in text for line in lines), (text, width, lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), (text, width, lines)
        assert all(cell_len(line) <= width for line in lines), (text, width, lines)


def test_folding_cuts_the_lines_rich_would() -> None:
    """The chat takes Rich's break offsets and cuts the lines itself (Rich makes a Text of each
    line, slow on Chinese): the lines are Rich's own, also with tabs, control codes, full-width
    spaces and runs longer than the width."""
    import random

    from rich.text import Text

    from assistant.tui.widgets.chat import _fold

    def rich_lines(paragraph: str, width: int) -> list[str]:
        return [line.plain.rstrip() for line in Text(paragraph, end="").wrap(CONSOLE, width, overflow="fold")]

    parts = [*PARTS, "\t", "\r", "\x07", "\u3000", "  ", "一二三四五六七八九十" * 3, "x" * 25, "😀", "é"]
    rng = random.Random(11)
    for _ in range(4000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 16)))
        width = rng.randint(1, 24)
        assert _fold(CONSOLE, text, width) == rich_lines(text, width), (text, width)
