"""`report-assistant batch`: many answers files, one report each, a summary, and every way a
folder of real files goes wrong (a bad file, two files for one name, a file changed during the
run, Ctrl+C, an output folder that cannot be written, thousands of other files)."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import signal
from pathlib import Path
from typing import Any

import orjson
import pytest

from assistant import batch
from assistant.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {"project": "project.yaml", "dept-overall": "dept-overall.yaml", "target-mgmt": "target-mgmt.yaml"}


def answers(kind: str, *, named: bool = True) -> str:
    text = (ROOT / "examples" / EXAMPLES[kind]).read_text(encoding="utf-8")
    return f"kind: {kind}\n{text}" if named else text


def summary(out: Path) -> list[dict[str, str]]:
    data = (out / batch.SUMMARY_NAME).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the file as UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "植保站.yaml").write_text(answers("project"), encoding="utf-8")
    (src / "总工会.yaml").write_text(answers("dept-overall"), encoding="utf-8")
    return src


def run(*args: str) -> int:
    return main(["batch", *args])


def test_a_report_for_each_file_the_same_as_fill_writes(folder: Path, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out), "--format", "docx,md") == 0
    rows = {r["答案文件"]: r for r in summary(out)}
    assert set(rows) == {"植保站.yaml", "总工会.yaml"}
    union = rows["总工会.yaml"]
    assert union["单位"] == "昆明市五华区总工会" and union["报告类型"] == "dept-overall"
    assert (union["总分"], union["等级"], union["预算执行率"]) == ("98.00", "优", "99.83%")
    assert (union["错误"], union["未答必答题"], union["状态"]) == ("0", "0", batch.DONE)
    assert union["输出文件"] == "总工会.docx、总工会.md"
    # the same report as `fill` makes of the same file (one code path)
    single = tmp_path / "single.docx"
    assert main(["fill", "dept-overall", "--answers", str(folder / "总工会.yaml"), "--out", str(single)]) == 0
    assert (out / "总工会.docx").read_bytes() == single.read_bytes()
    assert "2个答案文件：生成2份" in capsys.readouterr().out


def test_a_bad_file_is_listed_with_its_reason_and_the_run_goes_on(folder: Path, tmp_path: Path, capsys: Any) -> None:
    (folder / "坏文件.yaml").write_text("unit_name: [\n", encoding="utf-8")
    (folder / "GBK.yaml").write_bytes("unit_name: 某单位\n".encode("gbk"))
    (folder / "无类型.yaml").write_text(answers("project", named=False), encoding="utf-8")
    (folder / "错类型.yaml").write_text(answers("project").replace("kind: project", "kind: dept-overall"), "utf-8")
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out)) == 2
    rows = {r["答案文件"]: r for r in summary(out)}
    assert rows["植保站.yaml"]["状态"] == rows["总工会.yaml"]["状态"] == batch.DONE
    assert "格式错误" in rows["坏文件.yaml"]["原因"]
    assert "不是UTF-8编码" in rows["GBK.yaml"]["原因"]
    assert "没有写报告类型" in rows["无类型.yaml"]["原因"]
    assert "无法使用的答案" in rows["错类型.yaml"]["原因"]
    assert {r["状态"] for n, r in rows.items() if n not in ("植保站.yaml", "总工会.yaml")} == {batch.FAILED}
    assert sorted(p.name for p in out.glob("*.docx")) == ["总工会.docx", "植保站.docx"]
    err = capsys.readouterr().err
    assert "坏文件.yaml：失败" in err and "Traceback" not in err


def test_an_unchanged_unit_is_skipped_a_changed_one_made_again(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out)) == 0
    first = (out / "总工会.docx").stat().st_mtime_ns
    path = folder / "植保站.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("泾县植保植检站", "泾县植保站"), encoding="utf-8")
    assert run(str(folder), "--out", str(out)) == 0
    rows = {r["答案文件"]: r for r in summary(out)}
    assert rows["总工会.yaml"]["状态"] == batch.SKIPPED
    assert rows["总工会.yaml"]["总分"] == "98.00"  # a skipped unit keeps its figures in the summary
    assert rows["植保站.yaml"]["状态"] == batch.DONE and rows["植保站.yaml"]["单位"] == "泾县植保站"
    assert (out / "总工会.docx").stat().st_mtime_ns == first
    # a format not written before, or --force, makes the report again
    assert run(str(folder), "--out", str(out), "--format", "md") == 0
    assert {r["状态"] for r in summary(out)} == {batch.DONE}
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert run(str(folder), "--out", str(out)) == 0  # the .docx of the last-but-one run is still batch's
    assert {r["答案文件"]: r["状态"] for r in summary(out)} == {"植保站.yaml": batch.DONE, "总工会.yaml": batch.SKIPPED}
    assert run(str(folder), "--out", str(out), "--force") == 0
    assert {r["状态"] for r in summary(out)} == {batch.DONE}
    # the journal is compacted to one line a report name
    names = [orjson.loads(line)["name"] for line in (out / batch.STATE_NAME).read_bytes().splitlines()]
    assert sorted(names) == ["总工会", "植保站"]


def test_a_report_whose_kind_files_changed_is_made_again(folder: Path, tmp_path: Path, monkeypatch: Any) -> None:
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out)) == 0
    import assistant.fingerprint as fingerprint

    real = fingerprint.kind_digest

    def changed(kind_id: str, *args: Any) -> str:
        return real(kind_id, *args) + ("-changed" if kind_id == "project" else "")

    monkeypatch.setattr(fingerprint, "kind_digest", changed)
    assert run(str(folder), "--out", str(out)) == 0
    rows = {r["答案文件"]: r["状态"] for r in summary(out)}
    assert rows == {"植保站.yaml": batch.DONE, "总工会.yaml": batch.SKIPPED}


def test_a_file_not_written_by_batch_is_not_replaced(folder: Path, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "植保站.docx").write_bytes(b"the user's own file")
    assert run(str(folder), "--out", str(out)) == 2
    assert (out / "植保站.docx").read_bytes() == b"the user's own file"
    assert "不是本命令生成的" in {r["答案文件"]: r for r in summary(out)}["植保站.yaml"]["原因"]
    assert run(str(folder), "--out", str(out), "--force") == 0
    assert (out / "植保站.docx").read_bytes().startswith(b"PK")


def test_two_files_for_one_report_name_are_both_refused(folder: Path, tmp_path: Path) -> None:
    (folder / "Unit.yaml").write_text(answers("project"), encoding="utf-8")
    (folder / "unit.JSON").write_text('{"kind": "project"}', encoding="utf-8")
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out)) == 2
    rows = {r["答案文件"]: r for r in summary(out)}
    for name in ("Unit.yaml", "unit.JSON"):
        assert rows[name]["状态"] == batch.FAILED and "同名的报告" in rows[name]["原因"]
    assert not list(out.glob("[Uu]nit.*"))


def test_a_file_changed_during_the_run_is_caught(folder: Path, tmp_path: Path, monkeypatch: Any) -> None:
    import assistant.commands as commands

    real = commands.compose_answers
    target = folder / "植保站.yaml"

    def editing(kind: Any, data: Any, source: str, **options: Any) -> Any:
        result = real(kind, data, source, **options)
        if source == target.name:  # the user saves the file while its report is made
            target.write_text(target.read_text(encoding="utf-8") + "\n# 改了\n", encoding="utf-8")
        return result

    monkeypatch.setattr(commands, "compose_answers", editing)
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out)) == 2
    rows = {r["答案文件"]: r for r in summary(out)}
    assert rows["植保站.yaml"]["状态"] == batch.FAILED and "被修改" in rows["植保站.yaml"]["原因"]
    assert not (out / "植保站.docx").exists()  # nothing written of a text the user has changed
    assert rows["总工会.yaml"]["状态"] == batch.DONE
    monkeypatch.setattr(commands, "compose_answers", real)
    assert run(str(folder), "--out", str(out)) == 0  # the next run makes it of the new text
    assert {r["答案文件"]: r["状态"] for r in summary(out)}["植保站.yaml"] == batch.DONE


def test_ctrl_c_keeps_the_finished_reports_and_writes_the_summary(tmp_path: Path, monkeypatch: Any,
                                                                  capsys: Any) -> None:  # fmt: skip
    src = tmp_path / "in"
    src.mkdir()
    for i in range(5):
        (src / f"单位{i}.yaml").write_text(answers("project"), encoding="utf-8")
    real = batch.make_unit

    def interrupted(unit: batch.Unit, *args: Any) -> batch.Row:
        row = real(unit, *args)
        if unit.index == 1:
            signal.raise_signal(signal.SIGINT)  # Ctrl+C while the second report is made
        return row

    monkeypatch.setattr(batch, "make_unit", interrupted)
    out = tmp_path / "out"
    assert run(str(src), "--out", str(out)) == 130
    rows = summary(out)
    assert [(r["答案文件"], r["状态"]) for r in rows] == [("单位0.yaml", batch.DONE), ("单位1.yaml", batch.DONE)]
    assert sorted(p.name for p in out.glob("*.docx")) == ["单位0.docx", "单位1.docx"]
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    assert "已中断" in capsys.readouterr().err
    monkeypatch.setattr(batch, "make_unit", real)
    assert run(str(src), "--out", str(out)) == 0  # the rest, the finished ones skipped
    assert [r["状态"] for r in summary(out)] == [batch.SKIPPED] * 2 + [batch.DONE] * 3


@pytest.mark.parametrize("where", ["parent is a file", "parent missing"])
def test_an_output_folder_that_cannot_be_written(folder: Path, tmp_path: Path, where: str, capsys: Any) -> None:
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / "out" if where == "parent is a file" else tmp_path / "missing" / "out"
    assert run(str(folder), "--out", str(out)) == 2
    err = capsys.readouterr().err
    assert "输出文件夹" in err and "Traceback" not in err


def test_a_folder_of_ten_thousand_files_few_of_them_answers(tmp_path: Path, capsys: Any) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(9_995):
        (src / f"附件{i}.{('xlsx', 'docx', 'txt', 'pdf')[i % 4]}").write_bytes(b"x")
    (src / "~$锁定.yaml").write_text("Office lock file")
    (src / ".hidden.yaml").write_text("x")
    (src / "sub.yaml").mkdir()  # a folder named like an answers file
    (src / "单位.yaml").write_text(answers("target-mgmt"), encoding="utf-8")
    (src / "text.json").write_text('"only a string"', encoding="utf-8")
    out = tmp_path / "out"
    assert run(str(src), "--out", str(out)) == 2
    rows = {r["答案文件"]: r for r in summary(out)}
    assert set(rows) == {"单位.yaml", "text.json"}
    assert rows["单位.yaml"]["状态"] == batch.DONE
    assert "映射" in rows["text.json"]["原因"]
    assert "另有9997个文件不是答案文件" in capsys.readouterr().out


def test_save_stores_each_unit_as_a_draft_once(folder: Path, tmp_path: Path) -> None:
    from assistant.workspace import open_store

    out, home = tmp_path / "out", tmp_path / "home"
    assert run(str(folder), "--out", str(out)) == 0  # reports only: the next --save still saves
    assert main(["--home", str(home), "batch", str(folder), "--out", str(out), "--save"]) == 0
    assert main(["--home", str(home), "batch", str(folder), "--out", str(out), "--save"]) == 0
    store = open_store(home)
    drafts = store.list()
    assert sorted(d.kind_id for d in drafts) == ["dept-overall", "project"]
    assert sorted(store.load(d.id).answers["unit_name"] for d in drafts) == ["昆明市五华区总工会", "泾县植保植检站"]


def test_several_processes_write_the_same_as_one(folder: Path, tmp_path: Path) -> None:
    (folder / "乡镇.yaml").write_text(answers("target-mgmt"), encoding="utf-8")
    (folder / "坏.json").write_text("{", encoding="utf-8")
    assert run(str(folder), "--out", str(tmp_path / "one")) == 2
    assert run(str(folder), "--out", str(tmp_path / "two"), "--jobs", "2") == 2
    assert summary(tmp_path / "one") == summary(tmp_path / "two")
    for name in ("乡镇.docx", "总工会.docx", "植保站.docx"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


@pytest.mark.parametrize("args", [["--format", "pdf"], ["--jobs", "0"], ["--kind", "no-such-kind"]])
def test_bad_options_are_said_in_chinese(folder: Path, tmp_path: Path, args: list[str], capsys: Any) -> None:
    status = run(str(folder), "--out", str(tmp_path / "out"), *args)
    err = capsys.readouterr().err
    assert status == 2 and err.strip() and "Traceback" not in err


def test_an_output_folder_given_with_dotdot(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--out ../报告` is where the user means, not a path the export refuses for its ".."."""
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    assert run(str(folder), "--out", "../报告") == 0
    assert sorted(p.name for p in (tmp_path / "报告").glob("*.docx")) == ["总工会.docx", "植保站.docx"]


# --- --table: each unit's indicator table from a workbook of its name -------------------------------


def _without_indicators(kind: str) -> str:
    """The example's answers less the indicator table (a multi-line block under `indicators:`)."""
    lines = answers(kind).split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("indicators:"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith((" ", "\t")))
    return "\n".join(lines[:start] + lines[end:])


@pytest.fixture
def with_tables(tmp_path: Path) -> tuple[Path, Path]:
    """Two units without their indicators, and a folder of tables: the project's 自评表 as .xlsx (as
    this program writes it), nothing for the department."""
    src, tables = tmp_path / "in", tmp_path / "tables"
    src.mkdir()
    tables.mkdir()
    (src / "植保站.yaml").write_text(_without_indicators("project"), encoding="utf-8")
    (src / "总工会.yaml").write_text(_without_indicators("dept-overall"), encoding="utf-8")
    assert main(["fill", "project", "--answers", str(ROOT / "examples" / "project.yaml"),
                 "--out", str(tables / "植保站.xlsx")]) == 0  # fmt: skip
    return src, tables


def test_a_units_table_gives_its_indicators_as_fill_table_does(with_tables: tuple[Path, Path], tmp_path: Path) -> None:
    src, tables = with_tables
    out = tmp_path / "out"
    assert run(str(src), "--out", str(out), "--table", str(tables), "--format", "md") == 0
    rows = {r["答案文件"]: r for r in summary(out)}
    project, union = rows["植保站.yaml"], rows["总工会.yaml"]
    assert project["指标表"] == "植保站.xlsx" and union["指标表"] == ""
    assert (project["总分"], project["未答必答题"]) == ("99.08", "0")  # the example's scores, from the workbook
    assert union["未答必答题"] != "0"  # no table of its name: its indicators are still to be given
    single = tmp_path / "single.md"
    assert main(["fill", "project", "--answers", str(src / "植保站.yaml"), "--table", str(tables / "植保站.xlsx"),
                 "--out", str(single)]) == 0  # fmt: skip
    assert (out / "植保站.md").read_bytes() == single.read_bytes()
    # a changed table makes the report again; an unchanged one is skipped
    assert run(str(src), "--out", str(out), "--table", str(tables), "--format", "md") == 0
    assert {r["状态"] for r in summary(out)} == {batch.SKIPPED}
    (tables / "植保站.xlsx").unlink()
    assert run(str(src), "--out", str(out), "--table", str(tables), "--format", "md") == 0
    again = {r["答案文件"]: r for r in summary(out)}
    assert again["植保站.yaml"]["状态"] == batch.DONE and again["植保站.yaml"]["未答必答题"] != "0"


def test_a_bad_table_fails_its_unit_alone(with_tables: tuple[Path, Path], tmp_path: Path, capsys: Any) -> None:
    src, tables = with_tables
    (tables / "总工会.csv").write_text("甲,乙\n1,2\n", encoding="utf-8")  # no header of an indicator table
    out = tmp_path / "out"
    assert run(str(src), "--out", str(out), "--table", str(tables), "--format", "md") == 2
    rows = {r["答案文件"]: r for r in summary(out)}
    assert rows["植保站.yaml"]["状态"] == batch.DONE
    assert rows["总工会.yaml"]["状态"] == batch.FAILED and "表头" in rows["总工会.yaml"]["原因"]
    assert not (out / "总工会.md").exists()
    assert "Traceback" not in capsys.readouterr().err


def test_two_tables_for_one_unit_and_a_missing_folder_are_said(with_tables: tuple[Path, Path], tmp_path: Path,
                                                               capsys: Any) -> None:  # fmt: skip
    src, tables = with_tables
    (tables / "植保站.csv").write_text("一级指标\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run(str(src), "--out", str(out), "--table", str(tables), "--format", "md") == 2
    rows = {r["答案文件"]: r for r in summary(out)}
    assert rows["植保站.yaml"]["状态"] == batch.FAILED and "植保站.csv、植保站.xlsx" in rows["植保站.yaml"]["原因"]
    assert run(str(src), "--out", str(out), "--table", str(tmp_path / "没有"), "--format", "md") == 2
    assert "指标表文件夹" in capsys.readouterr().err


def test_a_batch_writes_the_self_evaluation_workbook_too(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out), "--format", "docx,xlsx") == 0
    assert (out / "植保站.xlsx").is_file() and (out / "总工会.xlsx").is_file()


def test_a_saved_draft_is_of_the_report_made_and_is_made_again_when_deleted(
    with_tables: tuple[Path, Path], tmp_path: Path
) -> None:
    from assistant.workspace import open_store

    src, tables = with_tables
    out, home = tmp_path / "out", tmp_path / "home"
    batch_ = ["--home", str(home), "batch", str(src), "--out", str(out), "--format", "md", "--save"]
    assert main(batch_) == 0  # without --table: the project's draft has no indicators
    store = open_store(home)
    [first] = [d for d in store.list() if d.kind_id == "project"]
    assert "indicators" not in store.load(first.id).answers
    assert main([*batch_, "--table", str(tables)]) == 0  # the project's report now has its table...
    projects = [d for d in open_store(home).list() if d.kind_id == "project"]
    newest = max(projects, key=lambda d: d.updated_at)
    assert len(projects) == 2 and "indicators" in open_store(home).load(newest.id).answers  # ...and so has its draft
    open_store(home).delete(newest.id)
    assert main([*batch_, "--table", str(tables)]) == 0  # unchanged, but its draft was deleted: saved again
    again = [d for d in open_store(home).list() if d.kind_id == "project"]
    assert len(again) == 2 and {d.id for d in again} != {d.id for d in projects}


def test_a_renamed_answers_file_is_listed_by_its_new_name(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out)) == 0
    (folder / "总工会.yaml").rename(folder / "总工会.yml")
    assert run(str(folder), "--out", str(out)) == 0
    rows = {r["答案文件"]: r for r in summary(out)}
    assert rows["总工会.yml"]["状态"] == batch.SKIPPED and "总工会.yaml" not in rows


def test_a_folder_that_cannot_be_a_folder_is_said_not_logged_as_a_crash(tmp_path: Path, capsys: Any) -> None:
    long = str(tmp_path / ("长" * 200))  # longer than a file name may be: is_dir raises
    home = tmp_path / "home"
    assert main(["--home", str(home), "batch", long, "--out", str(tmp_path / "out")]) == 2
    assert "不存在或不是文件夹" in capsys.readouterr().err and not (home / "logs").exists()


def test_a_journal_line_cut_short_or_not_ours_is_passed_over(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out)) == 0
    journal = out / batch.STATE_NAME
    lines = journal.read_bytes().splitlines(keepends=True)
    cut = next(line for line in lines if b'"name":"\xe6\xa4\x8d\xe4\xbf\x9d\xe7\xab\x99"' in line)  # 植保站
    others = [line for line in lines if line is not cut]
    # a line of 植保站 cut short by a kill after its whole one, a line of another program, a blank one
    journal.write_bytes(b"".join(others) + cut + cut[: len(cut) // 2] + b"\n[1, 2]\n\n")
    assert run(str(folder), "--out", str(out)) == 0
    assert {r["状态"] for r in summary(out)} == {batch.SKIPPED}
    entries = [orjson.loads(line) for line in journal.read_bytes().splitlines()]  # every line whole again
    assert sorted(e["name"] for e in entries) == ["总工会", "植保站"]
    # with only the cut line, batch no longer knows it wrote 植保站.docx: the file is kept
    journal.write_bytes(b"".join(others) + cut[: len(cut) // 2])
    assert run(str(folder), "--out", str(out)) == 2
    assert "--force" in {r["答案文件"]: r["原因"] for r in summary(out)}["植保站.yaml"]


def test_the_summary_lists_every_file_in_name_order_whatever_finishes_first(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    names = [f"单位{i:02d}" for i in range(7)]
    for i, name in enumerate(names):
        text = answers("project") if i != 3 else "kind: project\nunit_name: [1, 2]\n"  # one bad file
        (src / f"{name}.yaml").write_text(text, encoding="utf-8")
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert run(str(src), "--out", str(out), "--jobs", jobs) == 2
        rows = summary(out)
        assert [r["答案文件"] for r in rows] == [f"{n}.yaml" for n in names]
        assert [r["状态"] for r in rows] == [batch.DONE] * 3 + [batch.FAILED] + [batch.DONE] * 3


def test_no_file_is_replaced_while_the_run_holds_it_open(folder: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Windows does not replace a file a process has open: the journal read at the start (and
    again to compact it) is closed before the new one takes its place. Checked here through
    /proc/self/fd, the files this process has open when each rename is made."""
    import store.atomic as atomic

    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        pytest.skip("no /proc/self/fd here")
    held: list[str] = []
    real = atomic._replace

    def replace(source: Any, target: Path) -> None:
        for fd in fds.iterdir():
            with contextlib.suppress(OSError):
                if Path(os.readlink(fd)) == Path(target).resolve():
                    held.append(Path(target).name)
        real(source, target)

    monkeypatch.setattr(atomic, "_replace", replace)
    monkeypatch.delattr(os, "pread", raising=False)  # as on Windows, which has no os.pread
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out)) == 0
    assert run(str(folder), "--out", str(out), "--force") == 0  # the journal there, read and compacted
    assert (out / batch.STATE_NAME).is_file() and held == []


def test_a_journal_not_compacted_or_not_read_still_gives_the_summary(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import store.atomic as atomic

    out = tmp_path / "out"
    real = atomic._replace

    def held_open(source: Any, target: Path) -> None:  # another program has the journal open (Windows)
        if Path(target).name == batch.STATE_NAME:
            raise PermissionError(13, "Permission denied")
        real(source, target)

    monkeypatch.setattr(atomic, "_replace", held_open)
    assert run(str(folder), "--out", str(out)) == 0
    assert {r["状态"] for r in summary(out)} == {batch.DONE}
    monkeypatch.setattr(atomic, "_replace", real)
    assert run(str(folder), "--out", str(out)) == 0  # the journal as it was left is good
    assert {r["状态"] for r in summary(out)} == {batch.SKIPPED}

    def unreadable(file: Any) -> dict[str, tuple[int, int]]:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(batch, "journal_lines", unreadable)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / batch.STATE_NAME).write_bytes(b"{}\n")
    assert run(str(folder), "--out", str(fresh)) == 0  # as no journal: every report made
    assert {r["状态"] for r in summary(fresh)} == {batch.DONE}


def test_a_line_cut_short_at_the_journal_end_does_not_take_the_next_one_with_it(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out)) == 0
    journal = out / batch.STATE_NAME
    journal.write_bytes(journal.read_bytes() + b'{"name": "cut sh')  # a kill while a line was written
    path = folder / "植保站.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert run(str(folder), "--out", str(out)) == 0  # 植保站 made again, its line after the cut one
    assert run(str(folder), "--out", str(out)) == 0
    assert {r["状态"] for r in summary(out)} == {batch.SKIPPED}


def test_without_a_usable_temporary_folder_the_summary_is_still_written(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_temporary_file(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(batch.tempfile, "TemporaryFile", no_temporary_file)
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out)) == 0
    assert [r["答案文件"] for r in summary(out)] == ["总工会.yaml", "植保站.yaml"]
