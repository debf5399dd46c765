"""The 自评表 workbook as LibreOffice Calc opens it: printed on A4 landscape one page wide, and its
总分 recalculated from the score cells to the program's total (and moving when a score is changed).
Skipped where soffice, pdftotext or LibreOffice's Calc is missing."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from assistant.answer_files import answers_file, typed_answers
from assistant.compose import compose
from assistant.export.writer import write_report
from assistant.kinds import load_kind
from assistant.pipeline import Evaluation, evaluate

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ("project", "dept-overall", "target-mgmt")

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and poppler (pdftotext) are needed to render",
)


RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def _soffice(profile: Path, out: Path, target: str, *files: Path) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target,
                    "--outdir", str(out), *map(str, files)], check=True, capture_output=True, timeout=300)  # fmt: skip


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LibreOffice profile of this module's own, once Calc is known to load a workbook (a
    Writer-only install cannot: that is a skip, not a failure of the file)."""
    folder = tmp_path_factory.mktemp("calc")
    # recalculate an .xlsx when it is loaded (Calc's default shows the values the file saved)
    (folder / "profile" / "user").mkdir(parents=True)
    (folder / "profile" / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    probe = folder / "probe.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.save(probe)
    _soffice(folder / "profile", folder, "csv", probe)
    if not (folder / "probe.csv").exists():
        pytest.skip("LibreOffice Calc is not installed (libreoffice-calc-nogui)")
    return folder / "profile"


def _evaluation(name: str) -> Evaluation:
    kind = load_kind(name)
    raw, _ = typed_answers(kind, answers_file(ROOT / "examples" / f"{name}.yaml"))
    return evaluate(kind, raw)


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Evaluation, Path]]:
    folder = tmp_path_factory.mktemp("xlsx")
    out = {}
    for name in EXAMPLES:
        ev = _evaluation(name)
        out[name] = (ev, write_report(compose(ev, seed=1), folder / f"{name}.xlsx"))
    return out


def test_printed_on_a4_landscape_one_page_wide(office: Path, workbooks: dict, tmp_path: Path) -> None:
    _soffice(office, tmp_path, "pdf", *(path for _, path in workbooks.values()))
    for name, (ev, path) in workbooks.items():
        pdf = tmp_path / f"{path.stem}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)", info), info  # landscape
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout.split("\f")  # fmt: skip
        first = pages[0]
        # the form's first and last columns on the same page: it was not split across pages by width
        last_heading = "偏差原因分析及改进措施" if ev.scorecard.items == [] else "佐证材料"
        assert last_heading in first and ("一级指标" in first or "序号" in first), name
        assert "总分" in "".join(pages) or "合计" in "".join(pages)
        heading = "三级指标" if ev.scorecard.items == [] else "序号"
        for page in [p for p in pages[1:] if p.strip()]:  # the headings repeated on each further page
            assert page.strip().startswith(heading) or heading in page.splitlines()[0], name


def _patched(path: Path, target: Path, changes: dict[str, str]) -> Path:
    """A copy of the workbook with cells' saved values replaced (ref → new <v>)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, value in changes.items():
        xml, n = re.subn(rf'(<c r="{ref}"[^>]*>(?:<f>[^<]*</f>)?)<v>[^<]*</v>', rf"\g<1><v>{value}</v>", xml)
        assert n == 1, ref
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return target


def _total(csv_path: Path, ref: str) -> Decimal:
    col, row = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()  # type: ignore[union-attr]
    rows = list(csv.reader(csv_path.open(encoding="utf-8")))
    return Decimal(rows[int(row) - 1][openpyxl.utils.column_index_from_string(col) - 1])


def test_libreoffice_recalculates_the_total_to_the_programs(office: Path, workbooks: dict, tmp_path: Path) -> None:
    """The saved totals set to 0, so that what LibreOffice shows is its own sum; then one score
    cell lowered by a point: the total moves with it."""
    files, expected = [], {}
    for name, (ev, path) in workbooks.items():
        ws = openpyxl.load_workbook(path).worksheets[0]
        label = ("总分", "合计")  # the form's total, not a 小计
        total = next(c for row in ws.iter_rows() for c in row
                     if c.data_type == "f" and str(ws.cell(c.row, 1).value).startswith(label))  # fmt: skip
        first = re.match(r"=SUM\(([A-Z]+\d+)", total.value)[1]  # type: ignore[index]
        score = Decimal(str(openpyxl.load_workbook(path, data_only=True).worksheets[0][first].value))
        files.append(_patched(path, tmp_path / f"{name}-zero.xlsx", {total.coordinate: "0"}))
        files.append(_patched(path, tmp_path / f"{name}-lower.xlsx", {total.coordinate: "0", first: str(score - 1)}))
        expected[f"{name}-zero"] = (total.coordinate, ev.scorecard.total)
        expected[f"{name}-lower"] = (total.coordinate, ev.scorecard.total - 1)
    _soffice(office, tmp_path, "csv:Text - txt - csv (StarCalc):44,34,76", *files)
    for stem, (ref, total) in expected.items():
        assert _total(tmp_path / f"{stem}.csv", ref) == total, stem
