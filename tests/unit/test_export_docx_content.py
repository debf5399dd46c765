"""The Word export's content: title, headings, paragraphs, placeholders, end matter, tables,
and text that must not break it; checked in the written file's XML."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

from assistant.export import docx_layout as L
from assistant.export.docx import write_docx
from assistant.models import Cell, Heading, Paragraph, Report, Table
from tests.support.report import UNIT, W, attr


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def _paragraph_texts(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


# --- content ------------------------------------------------------------------------


def test_title_centred_with_balanced_break_and_blank_line(
    document: docx.document.Document,
) -> None:
    title, blank = document.paragraphs[0], document.paragraphs[1]
    assert title.style.style_id == "Title"
    assert title.text == "昆明市五华区总工会2025年度\n部门整体支出绩效自评报告"
    assert blank.text == "" and blank.style.style_id == "Normal"


def test_headings_carry_number_and_level_style(document: docx.document.Document) -> None:
    headings = {p.text: p.style.style_id for p in document.paragraphs if p.style.style_id.startswith("Heading")}
    assert headings["一、单位概况"] == "Heading1"
    assert headings["（一）单位机构设置、编制"] == "Heading2"
    assert headings["1.指导全区工会工作"] == "Heading3"
    assert headings["（1）劳动法律监督"] == "Heading4"


def test_figures_are_in_the_body(document: docx.document.Document) -> None:
    text = "\n".join(_paragraph_texts(document))
    for figure in ("228.63万元", "96.50%", "3.50%", "220.25万元"):
        assert figure in text


def test_paragraph_alignment_and_indent_options(document: docx.document.Document) -> None:
    p = next(p for p in document.paragraphs if p.text.startswith("（本报告数据截至"))
    assert p.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert p.paragraph_format.first_line_indent == 0


def test_placeholders_are_bold_and_highlighted(document: docx.document.Document) -> None:
    p = next(p for p in document.paragraphs if "待补充" in p.text)
    marked = [r for r in p.runs if r.font.highlight_color is not None]
    assert [r.text for r in marked] == ["【待补充：固定资产原值（万元）】"]
    assert marked[0].bold is True
    assert marked[0].font.highlight_color == docx.enum.text.WD_COLOR_INDEX.YELLOW
    assert marked[0]._r.find(f"{W}rPr/{W}rStyle").get(qn("w:val")) == "Placeholder"
    plain = [r for r in p.runs if r.font.highlight_color is None]
    assert plain and all(not r.bold for r in plain)
    # also inside a table cell
    cell_runs = [
        r
        for t in document.tables
        for row in t.rows
        for c in row.cells
        for q in c.paragraphs
        for r in q.runs
        if "待补充" in r.text
    ]
    assert cell_runs and all(r.font.highlight_color is not None for r in cell_runs)


def test_the_placeholder_style_is_bold_and_leaves_the_highlight_to_the_runs(
    document: docx.document.Document,
) -> None:
    """The Office schema has no w:highlight in a style's rPr (Word reports the file as damaged):
    the 待补充 style is bold only; each placeholder run carries the highlight itself (above)."""
    style = document.styles.element.find(f"{W}style[@{W}styleId='Placeholder']")
    assert style is not None
    rpr = style.find(f"{W}rPr")
    assert [etree.QName(child).localname for child in rpr] == ["b", "bCs"]


def test_signature_and_date_right_four_characters_in(document: docx.document.Document) -> None:
    unit, date = document.paragraphs[-2], document.paragraphs[-1]
    assert (unit.text, date.text) == (UNIT, "2026年1月20日")
    for p in (unit, date):
        ind = p._p.find(f"{W}pPr/{W}ind")
        assert attr(ind, "rightChars") == "400" and int(attr(ind, "right")) == 4 * L.CHAR_PITCH
        assert p.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert document.paragraphs[-3].text == ""  # one line below the body / attachments


def test_attachments_below_body_numbered_without_trailing_punctuation(
    document: docx.document.Document,
) -> None:
    texts = _paragraph_texts(document)
    i = texts.index("附件：1.绩效指标完成情况佐证材料")
    assert texts[i - 1] == "" and texts[i + 1] == "2.2025年度部门决算报表"
    ind = document.paragraphs[i]._p.find(f"{W}pPr/{W}ind")
    assert attr(ind, "leftChars") == "500" and attr(ind, "hangingChars") == "300"


def test_single_attachment_has_no_number(tmp_path: Path) -> None:
    report = Report(title="标题", blocks=[Paragraph(text="正文。")], attachments=["佐证材料；"])
    texts = _paragraph_texts(docx.Document(str(write_docx(report, tmp_path / "a.docx"))))
    assert "附件：佐证材料" in texts


# --- tables -------------------------------------------------------------------------


def _tables(document: docx.document.Document) -> dict[str, docx.table.Table]:
    funds, indicators = document.tables
    return {"funds": funds, "indicators": indicators}


def test_tables_have_captions_above(document: docx.document.Document) -> None:
    body = list(document.element.body)
    for tbl, caption in zip(document.tables, ("项目资金情况表", "绩效指标完成情况及得分表"), strict=True):
        before = body[body.index(tbl._tbl) - 1]
        assert before.tag == f"{W}p"
        assert _text(before) == caption
        assert before.find(f"{W}pPr/{W}pStyle").get(qn("w:val")) == "Caption"


def test_table_borders_widths_and_text_style(document: docx.document.Document) -> None:
    for table in document.tables:
        tbl_pr = table._tbl.tblPr
        borders = tbl_pr.find(f"{W}tblBorders")
        assert {attr(b, "val") for b in borders} == {"single"}
        edges = {b.tag.split("}")[1] for b in borders}
        assert edges == {"top", "left", "bottom", "right", "insideH", "insideV"}
        cols = [int(attr(c, "w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
        assert sum(cols) == L.TEXT_WIDTH
        styles = {p.style.style_id for row in table.rows for c in row.cells for p in c.paragraphs}
        assert styles == {"TableText"}


def test_header_rows_repeat_and_no_row_splits(document: docx.document.Document) -> None:
    for table in document.tables:
        rows = table._tbl.findall(f"{W}tr")
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])


def test_funds_table_content(document: docx.document.Document) -> None:
    funds = _tables(document)["funds"]
    assert [c.text for c in funds.rows[0].cells] == [
        "项目资金（万元）",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]
    assert [c.text for c in funds.rows[1].cells] == [
        "年度资金总额",
        "230.00",
        "228.63",
        "228.25",
        "10",
        "99.83%",
        "9.98",
    ]
    assert all(r.bold for c in funds.rows[0].cells for p in c.paragraphs for r in p.runs)


def test_indicator_table_merges(document: docx.document.Document) -> None:
    table = _tables(document)["indicators"]
    rows = table._tbl.findall(f"{W}tr")
    assert len(rows) == 10 and len(table.columns) == 8

    def vmerge(r: int, c: int) -> str | None:
        tc = rows[r].findall(f"{W}tc")[c]
        el = tc.find(f"{W}tcPr/{W}vMerge")
        return None if el is None else (el.get(qn("w:val")) or "continue")

    # 产出指标 spans rows 1–5, 数量指标 rows 1–3, 效益指标 rows 6–7
    first = [vmerge(r, 0) for r in range(1, 9)]
    assert first == ["restart", *["continue"] * 4, "restart", "continue", None]
    assert [vmerge(r, 1) for r in range(1, 4)] == ["restart", "continue", "continue"]
    assert table.cell(3, 0).text == "产出指标" and table.cell(2, 1).text == "数量指标"
    assert table.cell(7, 1).text == "社会效益指标"
    # the 总分 row: one cell over five columns
    total = rows[9].findall(f"{W}tc")
    assert total[0].find(f"{W}tcPr/{W}gridSpan").get(qn("w:val")) == "5"
    assert [_text(tc) for tc in total] == ["总分", "90", "89.65", "自评等级：优"]
    assert table.cell(5, 7).text.startswith("春节前两批慰问金")


def test_numbers_do_not_get_too_narrow_a_column(document: docx.document.Document) -> None:
    table = _tables(document)["indicators"]
    cols = [int(attr(c, "w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
    # 得分 "89.65" and the two-character headers 分值 / 得分 stay on one line at 12 pt
    # (Times New Roman digits are half an em wide, the point a quarter)
    assert cols[5] >= 2 * 240 + 2 * L.TABLE_CELL_MARGIN
    assert cols[6] >= (4 * 0.5 + 0.25) * 240 + 2 * L.TABLE_CELL_MARGIN


def test_malformed_table_still_exports(tmp_path: Path) -> None:
    table = Table(
        name="odd",
        columns=3,
        rows=[[Cell(text="a", colspan=5)], [Cell(text="b", rowspan=9)], [Cell(text="c")]],
    )
    report = Report(title="标题", blocks=[table])
    document = docx.Document(str(write_docx(report, tmp_path / "odd.docx")))
    rows = document.tables[0]._tbl.findall(f"{W}tr")
    for row in rows:  # every row covers the three grid columns
        spans = [tc.find(f"{W}tcPr/{W}gridSpan") for tc in row.findall(f"{W}tc")]
        assert sum(1 if s is None else int(attr(s, "val")) for s in spans) == 3


# --- robustness -------------------------------------------------------------------

NASTY = "".join(chr(c) for c in range(0x20) if c not in (9, 10, 13))
NASTY += "\x7f\x85\ud800\udfff\ufffe\uffff\U0001fffe\ufeff"  # DEL, NEL, surrogates, non-characters


def test_control_and_unusual_characters_do_not_break_the_export(tmp_path: Path) -> None:
    report = Report(
        title=f"标题{NASTY}报告",
        blocks=[
            Heading(level=1, number="一、", text=f"概况{NASTY}"),
            Paragraph(text=f"正文<&>{NASTY}完\r\n第二行\t制表"),
            Table(name="t", columns=1, rows=[[Cell(text=f"格{NASTY}子")]]),
        ],
        unit=f"单位{NASTY}",
        date=f"2026年1月2日{NASTY}",
        attachments=[f"附{NASTY}件"],
    )
    document = docx.Document(str(write_docx(report, tmp_path / "nasty.docx")))
    texts = _paragraph_texts(document)
    assert texts[0] == "标题报告"
    assert "一、概况" in texts
    assert "正文<&>完\n第二行\t制表" in texts
    assert document.tables[0].cell(0, 0).text == "格子"
    assert texts[-2:] == ["单位", "2026年1月2日"]
    assert "附件：附件" in texts


def test_typed_indent_spaces_are_not_doubled(tmp_path: Path) -> None:
    report = Report(
        title="一个足够长的标题\n手动分成两行的二〇二五年度报告",
        blocks=[
            Heading(level=2, number="（一）", text="　概况 "),
            Paragraph(text="\u3000\u3000正文。"),
            Paragraph(text="\u3000\u3000不缩进的段落保留空格。", indent=False),
        ],
    )
    texts = _paragraph_texts(docx.Document(str(write_docx(report, tmp_path / "s.docx"))))
    assert texts[0] == "一个足够长的标题\n手动分成两行的二〇二五年度报告"  # an explicit break is kept as is
    assert texts[2:5] == ["（一）概况", "正文。", "\u3000\u3000不缩进的段落保留空格。"]


def test_short_title_stays_on_one_line(tmp_path: Path) -> None:
    report = Report(title="2025年度绩效自评报告", blocks=[])
    assert _paragraph_texts(docx.Document(str(write_docx(report, tmp_path / "t.docx"))))[0] == "2025年度绩效自评报告"
