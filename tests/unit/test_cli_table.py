"""`fill KIND --answers F --table 表.xlsx`: the indicators from a workbook or CSV file; the answers
file wins where both give them; a table that cannot be read stops it (exit 2) and nothing is saved."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

from assistant.answer_files import answers_file
from assistant.answers import answer_from_file
from assistant.cli import main
from assistant.textclean import split_row

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "偏差原因分析及改进措施"]


def _table(path: Path, indicators_text: str) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "绩效指标"
    ws.append(HEADER)
    for line in indicators_text.splitlines():
        ws.append(split_row(line))
        for cell in ws[ws.max_row]:
            cell.data_type = "s"  # =100% as text (typed in Excel it is a formula: see test_import_workbook)
    wb.save(path)
    return path


def _without_indicators(tmp_path: Path, example: str) -> tuple[Path, str]:
    data = dict(answers_file(EXAMPLES / f"{example}.yaml"))
    text = answer_from_file(data.pop("indicators"))
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path, text


@pytest.mark.parametrize("example", ["project", "dept-overall"])
def test_the_table_gives_the_report_the_answers_give(tmp_path: Path, example: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    kind = "project" if example.startswith("project") else "dept-overall"
    answers, text = _without_indicators(tmp_path, example)
    table = _table(tmp_path / "指标.xlsx", text)
    assert main(["fill", kind, "--answers", str(EXAMPLES / f"{example}.yaml"), "--out", str(tmp_path / "a.md")]) == 0
    whole = capsys.readouterr().out
    assert main(["fill", kind, "--answers", str(answers), "--table", str(table), "--out", str(tmp_path / "b.md")]) == 0
    out = capsys.readouterr().out
    assert f"已从表格文件 指标.xlsx 的工作表“绩效指标”读入{len(text.splitlines())}个指标。" in out
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (tmp_path / "b.md").read_text(encoding="utf-8")
    # the same scorecard and findings printed (the lines after the paths written)
    assert out.split("\n评分表", 1)[1] == whole.split("\n评分表", 1)[1]


def test_the_answers_file_wins(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = _table(tmp_path / "指标.xlsx", "产出指标｜数量指标｜其他｜≥1个｜1个｜100")
    args = ["fill", "project", "--answers", str(EXAMPLES / "project.yaml")]
    assert main([*args, "--out", str(tmp_path / "a.md")]) == 0
    capsys.readouterr()
    assert main([*args, "--table", str(table), "--out", str(tmp_path / "b.md")]) == 0
    out = capsys.readouterr().out
    assert "以答案文件为准，没有使用 指标.xlsx 中的指标" in out and "资金数据" not in out
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (tmp_path / "b.md").read_text(encoding="utf-8")


def test_a_table_that_cannot_be_read_stops_everything(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers, text = _without_indicators(tmp_path, "project")
    table = _table(tmp_path / "指标.xlsx", text.replace("｜", "｜", 1).replace("\n", "\n｜｜｜≥1｜不详｜5\n", 1))
    home = tmp_path / "home"
    out = tmp_path / "b.docx"
    args = ["--home", str(home), "fill", "project", "--answers", str(answers), "--table", str(table)]
    assert main([*args, "--out", str(out), "--save"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("表格文件 指标.xlsx 的工作表“绩效指标”第3行C列“三级指标”是空的")
    assert not out.exists()
    assert main(["--home", str(home), "list"]) == 0
    assert "还没有草稿" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("指标.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "是旧版Excel格式（.xls）"),
        ("指标.xlsx", b"PK\x03\x04broken", "已损坏或不是完整的Excel工作簿"),
    ],
)
def test_bad_files_exit_2_in_chinese(tmp_path: Path, name: str, data: bytes, words: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    (tmp_path / name).write_bytes(data)
    args = ["fill", "project", "--answers", str(_without_indicators(tmp_path, "project")[0]), "--table"]
    assert main([*args, str(tmp_path / name)]) == 2
    captured = capsys.readouterr()
    assert words in captured.err and "Traceback" not in captured.err


def test_a_kind_scored_by_items_has_no_indicator_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = _table(tmp_path / "指标.xlsx", "产出指标｜数量指标｜其他｜≥1个｜1个｜100")
    args = ["fill", "target-mgmt", "--answers", str(EXAMPLES / "target-mgmt.yaml"), "--table", str(table)]
    assert main(args) == 2
    assert "按考核项目评分，没有绩效指标表，不能使用 --table" in capsys.readouterr().err


def test_a_blank_indicators_line_of_a_template_is_filled_by_the_table(tmp_path: Path) -> None:
    answers, text = _without_indicators(tmp_path, "project")
    answers.write_text(answers.read_text(encoding="utf-8") + "indicators: ''\n", encoding="utf-8")
    table = _table(tmp_path / "指标.xlsx", text)
    assert (
        main(["fill", "project", "--answers", str(answers), "--table", str(table), "--out", str(tmp_path / "b.md")])
        == 0
    )
    assert main(["fill", "project", "--answers", str(EXAMPLES / "project.yaml"), "--out", str(tmp_path / "a.md")]) == 0
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (tmp_path / "b.md").read_text(encoding="utf-8")


def test_the_funds_rows_are_taken_when_the_answers_give_the_indicators(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The answers give the indicators and not the funds: the workbook's funds rows still fill them."""
    workbook = tmp_path / "x.xlsx"
    assert main(["fill", "project", "--answers", str(EXAMPLES / "project.yaml"), "--out", str(workbook)]) == 0
    data = dict(answers_file(EXAMPLES / "project.yaml"))
    for qid in ("budget_initial", "budget_final", "spent_total"):
        data.pop(qid, None)
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    capsys.readouterr()
    assert (
        main(["fill", "project", "--answers", str(answers), "--table", str(workbook), "--out", str(tmp_path / "b.md")])
        == 0
    )
    out = capsys.readouterr().out
    assert "以答案文件为准" in out and "并读入资金数据" in out
    assert main(["fill", "project", "--answers", str(EXAMPLES / "project.yaml"), "--out", str(tmp_path / "a.md")]) == 0
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == (tmp_path / "b.md").read_text(encoding="utf-8")


def test_a_table_that_is_not_there_is_said_even_when_the_answers_give_the_indicators(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["fill", "project", "--answers", str(EXAMPLES / "project.yaml"), "--table", str(tmp_path / "没有.xlsx")]
    assert main([*args, "--out", str(tmp_path / "b.md")]) == 2
    assert "没有.xlsx" in capsys.readouterr().err and not (tmp_path / "b.md").exists()
