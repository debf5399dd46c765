"""The preview's report page: headings, indented paragraphs, framed tables and placeholders, laid
out as lines at the page's width, in a small app of its own."""

from __future__ import annotations

import asyncio
import re

from rich.cells import cell_len
from textual.app import App, ComposeResult

from assistant.export.text import INDENT
from assistant.models import Cell, Heading, Paragraph, Report, Table
from assistant.tui.widgets.report_page import ReportPage

CLOSING = "，。、；：）》”"
LONG = "昆明市五华区总工会围绕职工维权、困难帮扶和普惠服务开展工作，全年共办结信访案件43件，办结率100%。" * 2

REPORT = Report(
    title="昆明市五华区总工会2025年度部门整体支出绩效自评报告",
    blocks=[
        Heading(level=1, number="一、", text="单位概况"),
        Paragraph(text=LONG),
        Paragraph(text="在职人员控制率为【待补充：年末在职人数与核定编制数之比，由年末在职人数和编制数算出】。"),
        Paragraph(text="[bold]不是标记[/bold]"),
        Table(
            name="indicators",
            caption="绩效指标完成情况",
            columns=4,
            header_rows=1,
            rows=[
                [Cell(text="三级指标"), Cell(text="年度指标值"), Cell(text="分值"), Cell(text="得分")],
                [Cell(text="人民群众对部门工作满意度"), Cell(text="≥90%"), Cell(text="6"), Cell(text="5.52")],
                [Cell(text="总分", colspan=2), Cell(text="100"), Cell(text="98")],
            ],
        ),
    ],
    unit="昆明市五华区总工会",
    date="2026年3月15日",
    attachments=["部门整体支出绩效自评表"],
)


class PageApp(App[None]):
    CSS = "ReportPage { height: 1fr; } ReportPage > .report--pending { background: yellow; }"

    def compose(self) -> ComposeResult:
        yield ReportPage(REPORT)


def texts(page: ReportPage, width: int) -> list[str]:
    return [line.strip.text for line in page.lay_out(width)]


async def _layout() -> None:
    app = PageApp()
    async with app.run_test(size=(60, 20)):
        page = app.query_one(ReportPage)
        for width in (30, 44, 58):
            strips = [line.strip for line in page.lay_out(width)]
            assert all(s.cell_length == cell_len(s.text) >= width for s in strips), "every line fills the page"
            lines = [s.text for s in strips]
            body = "".join(line.strip() for line in lines)
            assert LONG in body, "no character is lost in wrapping"
            for line in lines:
                content = line.strip("│ ").lstrip(INDENT)
                assert not content or content[0] not in CLOSING, f"a line starts with a closing mark: {line!r}"
            title = lines[0] if cell_len(REPORT.title) < width else lines[1]  # or its second line
            assert title.startswith(" ") and title.endswith(" "), "the title is centred"
            assert any(line.startswith(INDENT + "昆明市五华区") for line in lines), "first-line indent"
            assert "[bold]不是标记[/bold]" in body, "user text is never markup"
            table = [line for line in lines if line[:1] in "┌│├└"]
            assert table[0].startswith("┌") and table[-1].startswith("└")
            assert any(re.search(r"│ 5\.52 +│", line) for line in table), "a number is never cut"
            assert any("≥90%" in line for line in table)
            assert any(line.startswith("│ 总分") and line.count("│") == 4 for line in table), "总分 spans two columns"
            date = "2026年3月15日"
            assert lines[-1] == " " * (width - cell_len(date) - 4) + date + "    ", "set right, two characters in"
            assert any(line.startswith(INDENT + "附件：部门") for line in lines)
            assert "附件：部门整体支出绩效自评表" in body, "one attachment: not numbered"


def test_the_report_is_laid_out_at_every_width() -> None:
    asyncio.run(_layout())


async def _placeholder() -> None:
    app = PageApp()
    async with app.run_test(size=(60, 20)):
        page = app.query_one(ReportPage)
        strips = [line.strip for line in page.lay_out(24)]  # the placeholder goes on over several lines
        page_colour = page.rich_style.bgcolor
        marked = [seg.text for s in strips for seg in s if seg.style and seg.style.bgcolor != page_colour]
        joined = "".join(marked)
        assert joined.startswith("【待补充：") and joined.endswith("】"), joined
        assert "年末在职人数与核定编制数之比" in joined
        assert not any("在职人员控制率为" in m for m in marked), "the text around it is not marked"
        cell = Report(title="表", blocks=[Table(name="t", columns=1, rows=[[Cell(text="【待补充：偏差原因分析】")]])])
        page.report = cell
        strips = [line.strip for line in page.lay_out(14)]
        marked = [seg.text for s in strips for seg in s if seg.style and seg.style.bgcolor != page_colour]
        assert "".join(marked) == "【待补充：偏差原因分析】", "in a table cell too, over its lines"


def test_a_placeholder_is_marked_over_line_breaks() -> None:
    asyncio.run(_placeholder())


async def _wide_table() -> None:
    wide = Report(title="表", blocks=[
        Table(name="t", columns=6, rows=[[Cell(text=f"{n}.123456万元") for n in range(6)]])])  # fmt: skip
    app = App()
    async with app.run_test(size=(40, 12)) as pilot:
        page = ReportPage(wide)
        await app.mount(page)
        await pilot.pause()
        lines = [line.strip.text for line in page.lines]
        assert all(any(f"{n}.123456" in line for line in lines) for n in range(6)), "the numbers stay whole"
        assert page.virtual_size.width > page.scrollable_content_region.width, "the page scrolls sideways"


def test_a_table_too_wide_for_the_page_scrolls_instead_of_cutting_numbers() -> None:
    asyncio.run(_wide_table())


async def _marks_match_the_text() -> None:
    """Over many wrapped texts, exactly the characters of each 【待补充：…】 are marked."""
    import random

    from assistant.tui.widgets.report_page import _wrap_marked
    from assistant.wording import placeholder_re

    PENDING = placeholder_re()

    app = PageApp()
    async with app.run_test(size=(60, 20)):
        page = app.query_one(ReportPage)
        base = page.rich_style
        pending = base + page.get_component_rich_style("report--pending", partial=True)
        parts = ["资金", "完成", "，", "。", " ", "F3", "and", "95%", "（", "）", "【待补充：金额】", "【待补充：因】"]
        rng = random.Random(3)
        for _ in range(2000):
            text = "".join(rng.choice(parts) for _ in range(rng.randint(3, 14)))
            inside = [any(a <= i < b for a, b in (m.span() for m in PENDING.finditer(text))) for i in range(len(text))]
            want = [flag for flag, ch in zip(inside, text, strict=True) if not ch.isspace()]
            lines = _wrap_marked(app.console, text, rng.randint(4, 16), base, pending)
            got = [seg.style == pending for _, segs, _ in lines for seg in segs for ch in seg.text if not ch.isspace()]
            assert got == want, text


def test_exactly_the_placeholders_are_marked_however_the_text_wraps() -> None:
    asyncio.run(_marks_match_the_text())


async def _spans() -> None:
    merged = Table(name="t", columns=3, header_rows=1, rows=[
        [Cell(text="标题跨三列的很长的一个表头", colspan=3)],
        [Cell(text="合并", rowspan=2, colspan=2), Cell(text="1")],
        [Cell(text="2")]])  # fmt: skip
    app = App()
    async with app.run_test(size=(60, 12)) as pilot:
        page = ReportPage(Report(title="表", blocks=[merged]))
        await app.mount(page)
        await pilot.pause()
        lines = [line.strip.text.rstrip() for line in page.lay_out(50)]
        assert "│ 标题跨三列的很长的一个表头 │" in lines, "a cell spanning columns is not wrapped while there is room"
        body = lines[lines.index(next(x for x in lines if x.startswith("├"))) + 1 : -2]
        assert len(body) == 2 and all(line.count("│") == 3 for line in body), "under a merged cell: no inner rule"


def test_cells_spanning_columns_get_room_and_merged_areas_have_no_inner_rules() -> None:
    asyncio.run(_spans())


async def _attachment() -> None:
    """An attachment with content (the 自评表) follows the 落款, below a rule where its page would
    begin: its label at the left, its title centred, its two parts drawn as one framed table."""
    from assistant.models import Attachment

    top = Table(name="self_eval", columns=2, header_rows=0,
                rows=[[Cell(text="项目名称", bold=True), Cell(text="茶园绿色防控项目")]])  # fmt: skip
    part = Table(name="self_eval_indicators", columns=2, header_rows=1, continues=True,
                 rows=[[Cell(text="三级指标", bold=True), Cell(text="得分", bold=True)],
                       [Cell(text="推广面积"), Cell(text="15")]])  # fmt: skip
    form = Attachment(name="项目支出绩效自评表（2025年度）", blocks=[top, part])
    app = PageApp()
    async with app.run_test(size=(60, 20)):
        page = app.query_one(ReportPage)
        page.report = Report(
            title=REPORT.title,
            blocks=REPORT.blocks,
            unit=REPORT.unit,
            date=REPORT.date,
            attachments=[form, *REPORT.attachments],
        )  # numbered: 附件1, 附件2
        lines = texts(page, 40)
        date = next(i for i, line in enumerate(lines) if "2026年3月15日" in line)
        assert any(line.startswith(INDENT + "附件：1.项目支出绩效自评表") for line in lines[:date])
        after = lines[date + 1 :]
        assert after[1] == "┄" * 40, "where the attachment's page begins"
        assert after[3].rstrip() == "附件1" and after[5].strip() == "项目支出绩效自评表（2025年度）"
        frame = [line for line in after if line[:1] in "┌│├└"]
        assert [line[:1] for line in frame].count("┌") == 1, "one table, not two"
        assert any("推广面积" in line for line in frame) and any("茶园绿色防控项目" in line for line in frame)


def test_an_attachment_with_content_follows_the_signature() -> None:
    asyncio.run(_attachment())
