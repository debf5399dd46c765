"""The Word export builds its body in place: one parse of the whole main part, no body moved
from one lxml tree into another (moving a parsed body into the base document's tree cost time
quadratic in a table's size: 214 ms for a 288-row table against 9.4 ms for 16 rows)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.export import docx as export_docx
from assistant.export.docx import build_document, document_bytes
from assistant.models import Cell, Paragraph, Report, Table
from tests.support.report import sample_report


def _report(rows: int) -> Report:
    grid = [[Cell(text="指标", bold=True), Cell(text="分值", bold=True)]]
    grid += [[Cell(text=f"指标{i}"), Cell(text=str(i))] for i in range(rows)]
    table = Table(name="indicators", caption="表1", columns=2, rows=grid)
    return Report(title="标题", unit="某单位", date="2026年1月5日", blocks=[Paragraph(text="正文。"), table])


def test_the_body_is_parsed_inside_the_main_part_once(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[Any] = []
    real = export_docx.parse_xml

    def counted(text: str | bytes) -> Any:
        element = real(text)
        parsed.append(element)
        return element

    monkeypatch.setattr(export_docx, "parse_xml", counted)
    document = build_document(_report(300))
    assert len(parsed) == 1  # one parse, of the whole main part: nothing moved between trees
    assert document.element is parsed[0]
    body = document.element.body
    assert len(body.xpath("./w:tbl/w:tr")) == 301
    assert body[-1].tag.endswith("}sectPr")  # the section properties stay last


def test_the_same_bytes_as_a_body_moved_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """The way the body was put in before (block by block into the base tree), as a reference:
    the package written is byte for byte the same."""
    import io

    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    from assistant.export import docx_styles as S
    from assistant.export.docx_base import base_docx

    for report in (sample_report(), _report(40)):
        moved = docx.Document(io.BytesIO(base_docx()))
        fragment = parse_xml(f'<w:body xmlns:w="{S.W_NS}">{export_docx.body_xml(report)}</w:body>')
        sect_pr = moved.element.body.find(qn("w:sectPr"))
        for child in list(fragment):
            sect_pr.addprevious(child)
        export_docx._core_properties(moved, report)
        assert document_bytes(build_document(report)) == document_bytes(moved)
