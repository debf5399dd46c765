"""The Word export as LibreOffice lays it out: 22 lines of 28 characters, the figures, page
numbers in place. Skipped where soffice or pdftotext is missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.compose import compose
from assistant.export.docx import write_docx
from tests.support.examples import example_ev, example_seed
from tests.support.report import long_report, sample_report

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler (pdftotext) are needed to render",
)

PT_PER_MM = 72 / 25.4
PAGE_NUMBER = re.compile(r"^—\s*(\d+)\s*—$")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("render")
    sources = [
        write_docx(long_report(), folder / "long.docx"),
        write_docx(sample_report(), folder / "sample.docx"),
        *(
            write_docx(compose(example_ev(k), seed=example_seed(k)), folder / f"{k}.docx")
            for k in ("dept-overall", "project")
        ),
    ]
    # a profile of our own, so a LibreOffice already running (or another test run) is not used
    profile = (folder / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *map(str, sources)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    out = {p.stem: p.with_suffix(".pdf") for p in sources}
    assert all(p.exists() for p in out.values())
    return out


def _page_text(pdf: Path, page: int) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return [re.sub(r"\s+", "", line) for line in text.splitlines() if line.strip()]


def _words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(pattern, xml)]


def test_a_full_page_has_22_lines_of_28_characters(pdfs: dict[str, Path]) -> None:
    lines = _page_text(pdfs["long"], 2)  # page 2: body paragraphs only
    assert PAGE_NUMBER.match(lines[-1]), lines[-1]
    body = lines[:-1]
    assert len(body) == 22
    lengths = [len(line) for line in body]
    assert max(lengths) == 28
    # every line is full except a paragraph's first (two characters in) and last lines
    assert sum(n == 28 for n in lengths) >= 16, lengths
    assert 27 not in lengths and 26 in lengths, lengths  # 27 would mean a 27-character line


def test_figures_and_placeholders_reach_the_pdf(pdfs: dict[str, Path]) -> None:
    text = subprocess.run(["pdftotext", str(pdfs["sample"]), "-"], check=True, capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", text)
    for figure in ("228.63", "96.50%", "3.50%", "220.25", "89.65", "【待补充：固定资产原值（万元）】"):
        assert figure in flat, figure
    assert "昆明市五华区总工会2025年度部门整体支出绩效自评报告" in flat
    assert "附件：1.绩效指标完成情况佐证材料" in flat


def test_page_numbers_outside_edge_and_below_type_area(pdfs: dict[str, Path]) -> None:
    page_width = 595.3
    type_area_bottom = 841.89 - 35 * PT_PER_MM
    for page in (1, 2, 3):
        words = _words(pdfs["long"], page)
        footer = [w for w in words if w[1] > type_area_bottom]
        assert "".join(w[4] for w in footer) == f"—{page}—"
        left, right = min(w[0] for w in footer), max(w[2] for w in footer)
        if page % 2:  # odd: right-aligned one 14 pt character in from the right margin
            assert right == pytest.approx(page_width - 26 * PT_PER_MM - 14, abs=3)
        else:  # even: left-aligned one character in from the left margin
            assert left == pytest.approx(28 * PT_PER_MM + 14, abs=3)
        # the dash's middle lies about 7 mm below the type area (LibreOffice's fonts: 6–9 mm)
        dash = footer[0]
        middle = (dash[1] + dash[3]) / 2
        assert 6 <= (middle - type_area_bottom) / PT_PER_MM <= 9
        body = [w for w in words if w[1] <= type_area_bottom]
        assert max(w[3] for w in body) <= type_area_bottom + 1


def _pages(pdf: Path) -> list[list[str]]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [[re.sub(r"\s+", "", line) for line in page.splitlines() if line.strip()] for page in text.split("\f")]


@pytest.mark.parametrize(("kind_id", "title"), [("dept-overall", "部门整体支出绩效自评表（2025年度）"),
                                                 ("project", "项目支出绩效自评表（2025年度）")])  # fmt: skip
def test_the_form_is_laid_out_after_the_signature(pdfs: dict[str, Path], kind_id: str, title: str) -> None:
    """LibreOffice's pages: the 落款 ends the body; the next page starts 附件 / the title / the form,
    which runs to the end with its indicators' headings at the top of each page it goes over to,
    the 总分 and the grade (优) last; nothing wider than the type area."""
    pages = [p for p in _pages(pdfs[kind_id]) if p]
    signed = next(i for i, p in enumerate(pages) if any(line.endswith("日") and line[:4].isdigit() for line in p))
    assert pages[signed][-2].endswith("日"), "the date is the last line above the page number"
    form = pages[signed + 1 :]
    assert form[0][:2] == ["附件", title]
    assert not any(line == "附件" for p in pages[: signed + 1] for line in p)
    for page in form[1:]:  # the headings row (绩效指标 | 一级指标 | …, wrapped in their cells) on top
        assert any(line.startswith("绩效") for line in page[:3]) and "三级指标" in "".join(page[:3]), page[:3]
    flat = "".join(form[-1])
    assert "总分" in flat and flat.index("总分") < flat.index("自评等级") < flat.rindex("优")
    left, right = 28 * PT_PER_MM, 595.3 - 26 * PT_PER_MM
    for n in range(signed + 2, signed + 2 + len(form)):
        words = [w for w in _words(pdfs[kind_id], n) if w[1] < 841.89 - 35 * PT_PER_MM]
        assert min(w[0] for w in words) >= left - 1 and max(w[2] for w in words) <= right + 1, n
