"""Pagination of the Word export: the 附件说明 and the 落款 (署名, 成文日期) are kept with the
body's last paragraph (GB/T 9704: no page of 落款 without body text); checked in the XML (the
same as LibreOffice lays it out: tests/render/test_export_docx_signature_page.py)."""

from __future__ import annotations

from pathlib import Path

import docx

from assistant.export.docx import KEEP_END_LINES, write_docx
from assistant.models import Cell, Heading, Paragraph, Report, Table

UNIT, DATE = "青山县水利局", "2026年3月5日"
ATTACHMENTS = ["项目支出绩效自评表", "2025年度农村供水水质检测报告"]


def _report(blocks: list[Heading | Paragraph | Table], attachments: list[str] = ATTACHMENTS) -> Report:
    return Report(title="自评报告", blocks=blocks, unit=UNIT, date=DATE, attachments=attachments)


def _kept(path: Path) -> list[tuple[str, bool]]:
    """(text, keep with next) of each paragraph after the title."""
    document = docx.Document(str(path))
    return [(p.text, bool(p.paragraph_format.keep_with_next)) for p in document.paragraphs[1:]]


def test_the_end_matter_is_kept_with_the_last_paragraph(tmp_path: Path) -> None:
    blocks = [Heading(level=1, number="七、", text="其他需要说明的问题"), Paragraph(text="正文第一段。"),
              Paragraph(text="无其他需要说明的问题。")]  # fmt: skip
    paragraphs = _kept(write_docx(_report(blocks), tmp_path / "r.docx"))
    texts = [t for t, _ in paragraphs]
    last = texts.index("无其他需要说明的问题。")
    assert paragraphs[last - 1] == ("正文第一段。", False)  # only the last paragraph is held
    assert texts[last:] == ["无其他需要说明的问题。", "", "附件：1.项目支出绩效自评表",
                            "2.2025年度农村供水水质检测报告", "", UNIT, DATE]  # fmt: skip
    assert [k for _, k in paragraphs[last:]] == [True] * 6 + [False]


def test_without_end_matter_nothing_is_held(tmp_path: Path) -> None:
    report = Report(title="自评报告", blocks=[Paragraph(text="正文。")])
    assert _kept(write_docx(report, tmp_path / "r.docx")) == [("", False), ("正文。", False)]


def _row_kept(row: docx.table._Row) -> bool:
    return all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)


def test_a_last_table_keeps_its_last_row_with_the_end_matter(tmp_path: Path) -> None:
    rows = [[Cell(text="甲"), Cell(text="乙")], [Cell(text="1"), Cell(text="2")], [Cell(text="3"), Cell(text="4")]]
    table = Table(name="t", columns=2, rows=rows)
    document = docx.Document(str(write_docx(_report([Paragraph(text="正文。"), table]), tmp_path / "t.docx")))
    assert [_row_kept(r) for r in document.tables[0].rows] == [True, False, True]  # the header row, see below


def test_a_row_of_headings_is_kept_with_the_next_row(tmp_path: Path) -> None:
    """In the 自评表 (no repeated header rows) 预期目标 | 实际完成情况 was left alone at the foot
    of a page, its text on the next (the project example's page 4)."""
    rows = [
        [Cell(text="项目名称", bold=True), Cell(text="某项目", colspan=2, align="left")],
        [Cell(text="年度总体目标", rowspan=2, bold=True), Cell(text="预期目标", bold=True),
         Cell(text="实际完成情况", bold=True)],
        [Cell(text="1.目标甲。\n2.目标乙。", align="left"), Cell(text="1.完成甲。", align="left")],
        [Cell(text="总分", colspan=2, bold=True), Cell(text="92.2", bold=True)],
    ]  # fmt: skip
    table = Table(name="self_eval", columns=3, header_rows=0, rows=rows)
    blocks = [table, Paragraph(text="正文。")]
    document = docx.Document(str(write_docx(Report(title="报告", blocks=blocks), tmp_path / "t.docx")))
    assert [_row_kept(r) for r in document.tables[0].rows] == [False, True, False, False]


def test_a_long_attachment_list_is_held_only_at_its_ends(tmp_path: Path) -> None:
    """A list longer than half a page is not moved whole (that would leave as long a gap): the
    body's last line stays with "附件：1.…", the last attachment with the 落款."""
    names = [f"第{i}号关于公布二〇二五年度农业产业化龙头企业名单的通知" for i in range(1, 9)]
    paragraphs = _kept(write_docx(_report([Paragraph(text="正文。")], names), tmp_path / "r.docx"))
    texts = [t for t, _ in paragraphs]
    assert sum(2 for _ in names) > KEEP_END_LINES  # two lines each
    first = texts.index(f"附件：1.{names[0]}")
    kept = [k for _, k in paragraphs]
    assert kept[first - 2 : first] == [True, True]  # the body's last paragraph, the blank line
    assert kept[first : first + len(names) - 1] == [False] * (len(names) - 1)
    assert kept[first + len(names) - 1 :] == [True, True, True, False]  # last name, blank, 署名, 日期
