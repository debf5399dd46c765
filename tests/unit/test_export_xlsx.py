"""The 自评表 as .xlsx (assistant/export/xlsx.py): each example's workbook read back with openpyxl
(merges, number formats, the 总分 formula and its saved value, the grade, the print set-up), the
Office schema, and the round trip: the indicators read back from the workbook give the same report."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from assistant.answer_files import answers_file, typed_answers
from assistant.cli import main
from assistant.compose import compose
from assistant.export.paths import ExportError
from assistant.export.writer import write_report
from assistant.export.xlsx import workbook_bytes
from assistant.kinds import load_kind
from assistant.models import Attachment, Cell, Report, Table
from assistant.pipeline import Evaluation, evaluate
from tests.support.office_schema import assert_valid_office_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
# the examples of the kinds scored by indicators (the others score assessment items)
WITH_INDICATORS = [p for p in EXAMPLES if "indicators" in answers_file(p)]


def kind_of(example: Path) -> str:
    return re.sub(r"-\d+$", "", example.stem)


def _evaluation(example: Path) -> Evaluation:
    kind = load_kind(kind_of(example))
    raw, problems = typed_answers(kind, answers_file(example))
    assert not problems
    return evaluate(kind, raw)


@pytest.fixture(scope="module", params=EXAMPLES, ids=lambda p: p.stem)
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Evaluation, Path]:
    ev = _evaluation(request.param)
    path = write_report(compose(ev, seed=1), tmp_path_factory.mktemp("xlsx") / f"{request.param.stem}.xlsx")
    return ev, path


def _cells(ws: Any) -> dict[str, Any]:
    return {c.coordinate: c for row in ws.iter_rows() for c in row if c.value is not None}


def _find(ws: Any, text: str) -> Any:
    return next(c for row in ws.iter_rows() for c in row if c.value == text)


def test_the_workbook_passes_the_office_schema(written: tuple[Evaluation, Path]) -> None:
    assert_valid_office_file(written[1])


def test_one_sheet_per_form_titled_as_the_attachment_with_the_title_across(written: tuple[Evaluation, Path]) -> None:
    path = written[1]
    wb = openpyxl.load_workbook(path)
    assert len(wb.worksheets) == 1
    ws = wb.worksheets[0]
    assert ws.title.endswith("（2025年度）") and ws["A1"].value == ws.title
    assert f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}1" in {str(r) for r in ws.merged_cells.ranges}


def test_the_total_is_a_formula_over_the_score_cells_saved_with_the_programs_total(
    written: tuple[Evaluation, Path],
) -> None:
    ev, path = written
    card = ev.scorecard
    assert card is not None
    ws = openpyxl.load_workbook(path).worksheets[0]
    computed = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    total_label = "总分" if card.items == [] else next(
        c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("合计")
    )  # fmt: skip
    label = _find(ws, total_label)
    row = ws[label.row]
    formula = next(c for c in row if c.data_type == "f")
    assert formula.value.startswith("=SUM(")
    assert Decimal(str(computed[formula.coordinate].value)) == card.total
    # the cells the formula names add up to the total: it moves when a reviewer changes a score
    refs = re.findall(r"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?", formula.value[5:-1])
    added = Decimal(0)
    for col, top, _, bottom in refs:
        for r in range(int(top), int(bottom or top) + 1):
            value = computed[f"{col}{r}"].value
            added += Decimal(str(value)) if isinstance(value, int | float) else 0
    assert added == card.total


def test_numbers_are_numbers_with_the_reports_formats(written: tuple[Evaluation, Path]) -> None:
    ev, path = written
    card = ev.scorecard
    assert card is not None
    ws = openpyxl.load_workbook(path).worksheets[0]
    score_heading = _find(ws, "得分") if not card.items else _find(ws, "自评分")
    scores = [c for c in ws[score_heading.column_letter][score_heading.row :] if isinstance(c.value, int | float)]
    assert scores and all(c.number_format in ("0", "0.00") for c in scores)
    if card.items:
        return
    budget = _find(ws, "年度资金总额")
    figures = [c for c in ws[budget.row] if isinstance(c.value, int | float)]
    assert [c.number_format for c in figures[:3]] == ["0.00"] * 3  # 万元, two decimals
    assert figures[3].value == card.execution_points and figures[3].number_format == "0"
    assert figures[4].number_format == "0.00%"
    assert Decimal(str(figures[4].value)) * 100 == card.execution_rate.quantize(Decimal("0.01"))


def test_the_grade_and_the_print_set_up(written: tuple[Evaluation, Path]) -> None:
    ev, path = written
    card = ev.scorecard
    assert card is not None
    ws = openpyxl.load_workbook(path).worksheets[0]
    if card.graded:
        grade = _find(ws, "自评等级")
        assert [c.value for c in ws[grade.row] if c.value not in (None, "自评等级")] == [card.grade]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    # one page wide (1 is the schema's default, left unwritten), as many pages long as it takes
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
    assert ws.page_setup.fitToHeight == 0
    heading = _find(ws, "三级指标" if not card.items else "自评分")  # the indicators' headings repeat
    assert ws.print_title_rows == f"${heading.row}:${heading.row}"


def test_groups_are_merged_down_their_rows(written: tuple[Evaluation, Path]) -> None:
    ev, path = written
    card = ev.scorecard
    assert card is not None
    if card.items:
        pytest.skip("an itemised form has no groups")
    ws = openpyxl.load_workbook(path).worksheets[0]
    first = card.indicators[0].indicator
    run = sum(1 for s in card.indicators if s.indicator.level1 == first.level1)
    cell = next(c for c in ws["B"] if c.value == first.level1)
    assert f"B{cell.row}:B{cell.row + run - 1}" in {str(r) for r in ws.merged_cells.ranges}


def test_an_equal_target_stays_text_not_a_formula(tmp_path: Path) -> None:
    ev = _evaluation(ROOT / "examples" / "dept-overall.yaml")
    path = write_report(compose(ev, seed=1), tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(path).worksheets[0]
    equal = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=1")]
    assert equal and all(c.data_type == "s" for c in equal)


def test_a_total_its_cells_do_not_add_up_to_stays_a_number(tmp_path: Path) -> None:
    """Never a formula that shows another number than the program stated."""

    def form(total: str) -> Report:
        rows = [[Cell(text="项目", bold=True), Cell(text="得分", bold=True)],
                [Cell(text="甲"), Cell(text="5.00")], [Cell(text="乙"), Cell(text="4.00")],
                [Cell(text="总分", bold=True), Cell(text=total, bold=True)]]  # fmt: skip
        return Report(title="t", blocks=[], attachments=[Attachment(name="表", blocks=[Table(name="x", columns=2,
                                                                                          rows=rows)])])  # fmt: skip

    path = tmp_path / "t.xlsx"
    path.write_bytes(workbook_bytes(form("10.00")))
    ws = openpyxl.load_workbook(path).worksheets[0]
    assert ws["B6"].value == 10 and ws["B6"].data_type == "n"
    path.write_bytes(workbook_bytes(form("9.00")))
    assert openpyxl.load_workbook(path).worksheets[0]["B6"].value == "=SUM(B4:B5)"


def test_what_is_unanswered_is_marked_yellow(tmp_path: Path) -> None:
    kind = load_kind("project")
    path = write_report(compose(evaluate(kind, {"year": "2025"}), seed=1), tmp_path / "t.xlsx")
    assert_valid_office_file(path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    pending = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "【待补充" in c.value]
    assert pending and all(c.fill.fgColor.rgb == "FFFFFF00" for c in pending)


def test_a_report_without_a_form_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as err:
        workbook_bytes(Report(title="t", blocks=[]))
    assert "还没有可以导出的自评表" in str(err.value)


def test_a_draft_without_its_items_writes_no_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers, out = tmp_path / "a.yaml", tmp_path / "自评表.xlsx"
    answers.write_text("year: 2025\n", encoding="utf-8")
    assert main(["fill", "target-mgmt", "--answers", str(answers), "--out", str(out)]) == 2
    assert "还没有可以导出的自评表" in capsys.readouterr().err
    assert not out.exists()


def test_export_of_a_draft_writes_the_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home, out = tmp_path / "home", tmp_path / "自评表.xlsx"
    example = str(ROOT / "examples" / "project.yaml")
    assert main(["--home", str(home), "fill", "project", "--answers", example, "--save"]) == 0
    draft = capsys.readouterr().out.strip().rsplit("：", 1)[-1]
    assert main(["--home", str(home), "export", draft, "--out", str(out)]) == 0
    assert f"报告已写入：{out}" in capsys.readouterr().out
    assert_valid_office_file(out)


# --- the round trip: the workbook's indicators give the same report ------------------------------


@pytest.mark.parametrize("example", WITH_INDICATORS, ids=lambda p: p.stem)
def test_round_trip(example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """fill --out x.xlsx, then fill with the answers less the indicators and the funds and --table
    x.xlsx: the same report and the same scores. (An itemised kind has no indicators to bring back: its
    workbook is checked above.)"""
    kind = kind_of(example)
    data = dict(answers_file(example))
    data.pop("indicators")
    spec = load_kind(kind).scoring  # the funds rows come back from the form too
    funds = [spec.initial, spec.budget, spec.spent, *(q for s in spec.sources for q in (s.initial, s.budget, s.spent))]
    funds += [spec.detail.question] if spec.detail else []
    taken = [data.pop(q) for q in funds if q in data]
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    workbook = tmp_path / "x.xlsx"
    assert main(["fill", kind, "--answers", str(example), "--out", str(workbook)]) == 0
    assert main(["fill", kind, "--answers", str(example), "--out", str(tmp_path / "a.md")]) == 0
    before = capsys.readouterr().out
    args = ["fill", kind, "--answers", str(answers), "--table", str(workbook)]
    assert main([*args, "--out", str(tmp_path / "b.md")]) == 0
    after = capsys.readouterr().out
    assert f"并读入资金数据{len(taken)}项。" in after
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (tmp_path / "b.md").read_text(encoding="utf-8")
    assert after.split("\n评分表", 1)[1] == before.split("\n评分表")[-1]


def test_column_widths_count_chinese_characters_as_two() -> None:
    """The quick count agrees with Unicode's east-asian widths on the characters reports hold."""
    import unicodedata

    from assistant.export.xlsx import _display_width

    chars = [*map(chr, range(0x20, 0x7F)), *map(chr, range(0x3000, 0x3040)), *map(chr, range(0x4E00, 0x4F00)),
             *map(chr, range(0xFF01, 0xFF5F)), *"“”‘’…—·≥≤×÷①②"]  # fmt: skip
    for ch in chars:
        assert _display_width(ch) == (2 if unicodedata.east_asian_width(ch) in "WF" else 1), repr(ch)


@pytest.mark.parametrize("kind", ["project", "dept-overall"])
def test_round_trip_of_the_extended_form(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The form with 指标性质 and 度量单位 in columns of their own (as Sichuan's): read back by those
    columns, the same report."""
    data = {**answers_file(ROOT / "examples" / f"{kind}.yaml"), "table_form": "2"}
    whole, answers = tmp_path / "whole.yaml", tmp_path / "answers.yaml"
    whole.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    data.pop("indicators")
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    workbook = tmp_path / "x.xlsx"
    assert main(["fill", kind, "--answers", str(whole), "--out", str(workbook)]) == 0
    assert_valid_office_file(workbook)
    assert "指标性质" in {c.value for row in openpyxl.load_workbook(workbook).worksheets[0].iter_rows() for c in row}
    assert main(["fill", kind, "--answers", str(whole), "--out", str(tmp_path / "a.md")]) == 0
    assert (
        main(["fill", kind, "--answers", str(answers), "--table", str(workbook), "--out", str(tmp_path / "b.md")]) == 0
    )
    capsys.readouterr()
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (tmp_path / "b.md").read_text(encoding="utf-8")
