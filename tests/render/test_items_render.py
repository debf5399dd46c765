"""The itemised 自评得分表 of target-mgmt and comprehensive as LibreOffice lays it out: after the
落款 on a page of its own, 附件1 and its title, the headings repeated on each page the table runs
over to, the subtotals and the total last, nothing wider than the type area. Skipped where
soffice or pdftotext is missing."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.compose import compose
from assistant.export.docx import write_docx
from tests.support.examples import example_ev, example_seed

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler (pdftotext) are needed to render",
)

PT_PER_MM = 72 / 25.4
KINDS = {"target-mgmt": ("目标管理绩效考核自评得分表（2025年度）", "考核项目"),
         "comprehensive": ("综合绩效考评自评得分表（2025年度）", "考评指标")}  # fmt: skip


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("render_items")
    sources = [write_docx(compose(example_ev(k), seed=example_seed(k)), folder / f"{k}.docx") for k in KINDS]
    profile = (folder / "profile").as_uri()  # not a LibreOffice already running
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *map(str, sources)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return {p.stem: p.with_suffix(".pdf") for p in sources}


def _pages(pdf: Path) -> list[list[str]]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return [[re.sub(r"\s+", "", line) for line in page.splitlines() if line.strip()] for page in text.split("\f")]


def _right_edge(pdf: Path, page: int) -> tuple[float, float]:
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    boxes = [(float(a), float(c), float(b)) for a, b, c in
             re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"', xml)]  # fmt: skip
    body = [(x0, x1) for x0, x1, y in boxes if y < 841.89 - 35 * PT_PER_MM]  # above the page number
    return min(x0 for x0, _ in body), max(x1 for _, x1 in body)


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_itemised_table_is_laid_out_after_the_signature(pdfs: dict[str, Path], kind: str) -> None:
    title, first_column = KINDS[kind]
    pages = [p for p in _pages(pdfs[kind]) if p]
    signed = next(i for i, p in enumerate(pages) if any(re.fullmatch(r"\d{4}年\d+月\d+日", line) for line in p))
    body = "".join("".join(p) for p in pages[: signed + 1])
    assert "附件：1." in body and "（见附件2）" in body, "the 附件说明 lists it, the text cites the evidence by number"
    table_pages = pages[signed + 1 :]
    assert table_pages[0][:2] == ["附件1", title]
    heading = f"序号{first_column}"
    for page in table_pages:  # the headings (wrapped in their cells) at the top of each page
        assert any(line.startswith(heading[:4]) or heading in line for line in page[:4]), page[:4]
    last = "".join(table_pages[-1])
    assert last.index("小计") < last.rindex("合计"), "the subtotals, then the total, last"
    flat = "".join("".join(p) for p in table_pages)
    assert "扣分原因" in flat and "附件2" in flat and "共扣" in flat
    left, right = 28 * PT_PER_MM, 595.3 - 26 * PT_PER_MM
    for n in range(signed + 2, signed + 2 + len(table_pages)):
        x0, x1 = _right_edge(pdfs[kind], n)
        assert x0 >= left - 1 and x1 <= right + 1, (n, x0, x1)
