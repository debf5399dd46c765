"""The 自评表 in the Word export (GB/T 9704-2012): after the 落款, from a new page, "附件" (or
附件1 …) in 3号黑体 at the top left, the title centred, then the form in 五号, its two parts on
one grid with the indicators' headings repeated on each page."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from lxml import etree

from assistant.compose import compose
from assistant.export import docx_layout as L
from assistant.export import docx_styles as S
from assistant.export.docx import write_docx
from assistant.models import Report
from tests.support.examples import example_ev, example_seed
from tests.support.report import W, attr


def _body(report: Report, tmp_path: Path) -> list[etree._Element]:
    document = docx.Document(str(write_docx(report, tmp_path / "r.docx")))
    return [el for el in document.element.body if el.tag != f"{W}sectPr"]


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def _report(kind_id: str, **changes: str | None) -> Report:
    return compose(example_ev(kind_id, **changes), seed=example_seed(kind_id))


@pytest.mark.parametrize(("kind_id", "title"), [("dept-overall", "部门整体支出绩效自评表（2025年度）"),
                                                 ("project", "项目支出绩效自评表（2025年度）")])  # fmt: skip
def test_the_form_follows_the_signature_on_a_page_of_its_own(kind_id: str, title: str, tmp_path: Path) -> None:
    report = _report(kind_id)
    body = _body(report, tmp_path)
    texts = [_text(el) for el in body]
    date = texts.index(report.date)
    assert texts[date - 1] == report.unit and f"附件：{title}" in texts[:date], "the 附件说明 names it"
    label, blank, heading = body[date + 1 : date + 4]
    assert label.find(f"{W}pPr/{W}pageBreakBefore") is not None, "from a new page"
    assert _text(label) == "附件"  # the only attachment: no number (GB/T 9704)
    assert attr(label.find(f"{W}pPr/{W}ind"), "firstLine") == "0", "flush left"
    for run in label.iter(f"{W}r"):
        fonts = run.find(f"{W}rPr/{W}rFonts")
        assert attr(fonts, "eastAsia") == attr(fonts, "ascii") == L.HEITI, "黑体, the number too"
    assert _text(blank) == ""
    assert attr(heading.find(f"{W}pPr/{W}pStyle"), "val") == S.TITLE and _text(heading) == title
    top, hairline, indicators = body[date + 4 : date + 7]
    assert top.tag == indicators.tag == f"{W}tbl" and hairline.tag == f"{W}p"
    assert attr(hairline.find(f"{W}pPr/{W}spacing"), "line") == "20", "one point: the parts read as one table"
    assert body[-1].tag == f"{W}p", "the document does not end with a table"
    # the particulars are not repeated; the indicators' headings are, on each page
    assert top.find(f".//{W}tblHeader") is None
    rows = indicators.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    assert _text(rows[0].find(f"{W}tc")) == "绩效指标"
    assert rows[0].find(f".//{W}vMerge") is None, "the heading row merges with no row below it"
    # 五号 on exact lines 1.5 times as high
    sizes = {attr(sz, "val") for tbl in (top, indicators) for sz in tbl.iter(f"{W}sz")}
    assert sizes == {"21"}
    lines = {attr(sp, "line") for tbl in (top, indicators) for sp in tbl.iter(f"{W}spacing")}
    assert lines == {"315"}
    # the two parts on one grid, the width of the type area
    grids = [[int(attr(c, "w") or 0) for c in t.find(f"{W}tblGrid")] for t in (top, indicators)]
    assert grids[0] == grids[1] and sum(grids[0]) == L.TEXT_WIDTH


def test_attachments_are_numbered_when_there_are_several(tmp_path: Path) -> None:
    report = _report("project", attachments="项目资金支出明细表")
    texts = [_text(el) for el in _body(report, tmp_path)]
    assert "附件：1.项目支出绩效自评表（2025年度）" in texts and "2.项目资金支出明细表" in texts
    assert "附件1" in texts and "附件2" not in texts, "a name alone gets no page"


def test_a_placeholder_in_the_form_is_marked_at_its_size(tmp_path: Path) -> None:
    body = _body(_report("dept-overall", department=None), tmp_path)
    runs = [r for el in body if el.tag == f"{W}tbl" for r in el.iter(f"{W}r") if _text(r) == "【待补充：主管部门】"]
    assert len(runs) == 1
    rpr = runs[0].find(f"{W}rPr")
    assert [etree.QName(c).localname for c in rpr] == ["rStyle", "b", "bCs", "sz", "szCs", "highlight"]
