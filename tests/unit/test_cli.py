"""The command line (cli.py, commands.py): in-process with capsys, as a subprocess, and installed
from a wheel into a fresh virtual environment."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answer_files import answers_file
from assistant.cli import main
from tests.support.common import EXAMPLE, ROOT, run_cli


def test_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kinds"]) == 0
    out = capsys.readouterr().out
    assert "dept-overall\t部门整体支出绩效自评报告" in out.splitlines()


def test_questions_json(kind, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions", "dept-overall", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert [i["id"] for i in items] == [q.id for q in kind.questions]
    for item in items:
        assert {"id", "section", "text", "type", "unit", "required"} <= set(item)
    by_id = {i["id"]: i for i in items}
    assert by_id["income_total"]["unit"] == "万元" and by_id["income_total"]["type"] == "money"
    assert by_id["suggestions"]["required"] is False
    assert by_id["table_form"]["choices"][0].startswith("预算执行率10分")


def test_questions_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions", "dept-overall"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "unit_name\t[基本信息] 单位的全称是什么？"
    assert any(line.startswith("suggestions\t") and line.endswith("（可选）") for line in lines)


def test_fill_writes_markdown_and_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for suffix in (".md", ".txt"):
        out_file = tmp_path / f"报告{suffix}"
        assert main(["fill", "dept-overall", "--answers", str(EXAMPLE), "--out", str(out_file)]) == 0
        out, err = capsys.readouterr()
        assert err == ""
        assert f"报告已写入：{out_file}" in out
        assert "年度资金总额 | 228.63 | 228.63 | 228.25 | 10 | 99.83% | 9.98" in out
        # the grade in its own cell
        assert "总分 |  |  |  |  | 100 | 98.00 | \n自评等级 |  |  |  |  | 优 |  | \n" in out
        assert "一致性检查：未发现问题。" in out
        text = out_file.read_text(encoding="utf-8")
        assert "昆明市五华区总工会2025年度部门整体支出绩效自评报告" in text
        assert "七、改进措施及建议" in text and "八、自评结果应用和公开情况" in text
        assert "【待补充" not in text
    assert (tmp_path / "报告.md").read_text(encoding="utf-8").startswith("# ")


def test_fill_prints_findings_and_missing_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = EXAMPLE.read_text(encoding="utf-8").replace("spend_basic: 220.25万元", "spend_basic: 218.66万元")
    data = data.replace("staff_quota: 12人\n", "")
    answers = tmp_path / "a.yaml"
    answers.write_text(data, encoding="utf-8")
    assert main(["fill", "dept-overall", "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    assert "尚未回答的必答问题（报告中显示为【待补充】）：1个" in out and "staff_quota（编制人数）" in out
    assert "一致性检查：2条" in out and "【错误】基本支出218.66万元" in out
    assert "【错误】年度预算明细中基本支出的全年执行数220.25万元，与基本支出218.66万元不一致" in out


def test_bad_values_are_all_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = EXAMPLE.read_text(encoding="utf-8")
    data = data.replace("staff_quota: 12人", "staff_quota: 约12人").replace("year: 2025", "year: 25")
    data = data.replace("income_total: 228.63万元", "income_total: -5").replace("monitoring: 是", "monitoring: 也许")
    data += "\nstaf_actual: 11人\n"
    answers = tmp_path / "bad.yaml"
    answers.write_text(data, encoding="utf-8")
    out_file = tmp_path / "r.md"
    assert main(["fill", "dept-overall", "--answers", str(answers), "--out", str(out_file)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert not out_file.exists()
    assert "中有5处无法使用的答案" in err
    for words in ("staf_actual：没有这个问题编号", "staff_quota（编制人数）：请填写准确的数字",
                  "year（评价年度）：请填写四位数的年份", "income_total（总收入）：金额不能为负数",
                  "monitoring（年度绩效监控）：请回答“是”或“否”"):  # fmt: skip
        assert words in err, words
    assert "Traceback" not in err


def test_yaml_numbers_are_read_as_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No binary float anywhere: 220.245 must round half-up to 220.25 (the float is 220.24499…),
    8.005 to 8.01, and 012 is twelve people, not the octal 10."""
    data = EXAMPLE.read_text(encoding="utf-8")
    for old, new in (
        ("spend_basic: 220.25万元", "spend_basic: 220.245"),
        ("spend_project: 8.00万元", "spend_project: 8.005"),
        ("项目支出｜8.00万元｜8.00万元｜8.00万元", "项目支出｜8.00万元｜8.00万元｜8.005"),
        ("spend_total: 228.25万元", "spend_total: 228.250"),
        ("staff_quota: 12人", "staff_quota: 012"),
        ('income_other: "0"', "income_other: 0.0"),
        ("report_date: 2026年3月15日", "report_date: 2026-03-15"),
    ):
        assert old in data
        data = data.replace(old, new)
    answers = tmp_path / "floats.yaml"
    answers.write_text(data, encoding="utf-8")
    raw = answers_file(answers)
    assert (raw["spend_basic"], raw["spend_project"], raw["staff_quota"]) == ("220.245", "8.005", "012")
    out_file = tmp_path / "r.txt"
    assert main(["fill", "dept-overall", "--answers", str(answers), "--out", str(out_file)]) == 0
    assert "一致性检查：未发现问题。" in capsys.readouterr().out  # 220.245 + 8.005 = 228.250 exactly
    text = out_file.read_text(encoding="utf-8")
    assert "基本支出220.25万元" in text and "96.49%" in text
    assert "项目支出8.01万元" in text and "3.51%" in text
    assert "12人" in text and "91.67%" in text
    assert "2026年3月15日" in text


def test_json_answers_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = answers_file(EXAMPLE)
    data["spend_project"] = 8.005  # a JSON number
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps(data, ensure_ascii=False).replace("8.005", "8.0050"), encoding="utf-8")
    assert answers_file(answers)["spend_project"] == "8.0050"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["fill", "no-such-kind", "--answers", str(EXAMPLE)], ["没有名为“no-such-kind”的报告类型"]),
        (["questions", "no-such-kind"], ["没有名为“no-such-kind”的报告类型", "dept-overall"]),
        (["fill", "dept-overall", "--answers", "/nonexistent/answers.yaml"], ["找不到答案文件"]),
    ],
)
def test_user_errors_in_chinese(args: list[str], words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    for word in words:
        assert word in err


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("unit_name: [unclosed\n", ["格式错误", "YAML 或 JSON"]),
        ("- 只是\n- 一个列表\n", ["应为“问题编号: 答案”的映射"]),
        ("", ["应为“问题编号: 答案”的映射"]),
    ],
)
def test_bad_answers_files(tmp_path: Path, content: str, words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(content, encoding="utf-8")
    assert main(["fill", "dept-overall", "--answers", str(answers)]) == 2
    err = capsys.readouterr().err
    for word in words:
        assert word in err


def test_existing_output_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "r.md"
    out_file.write_text("旧文件", encoding="utf-8")
    assert main(["fill", "dept-overall", "--answers", str(EXAMPLE), "--out", str(out_file)]) == 2
    err = capsys.readouterr().err
    assert "已存在" in err and "--force" in err
    assert out_file.read_text(encoding="utf-8") == "旧文件"
    assert main(["fill", "dept-overall", "--answers", str(EXAMPLE), "--out", str(out_file), "--force"]) == 0
    assert out_file.read_text(encoding="utf-8").startswith("# 昆明市五华区总工会")


def test_argument_errors_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["fill", "dept-overall"])
    assert exit_.value.code == 2
    assert "缺少参数：--answers" in capsys.readouterr().err


# --- as a subprocess: exit status, streams, no traceback ---------------------------------------


def test_subprocess_fill_and_errors(tmp_path: Path) -> None:
    out_file = tmp_path / "报告.txt"
    done = run_cli("fill", "dept-overall", "--answers", str(EXAMPLE), "--out", str(out_file))
    assert done.returncode == 0, done.stderr
    assert "自评等级 |  |  |  |  | 优" in done.stdout and done.stderr == ""
    assert "综合得分98分" in out_file.read_text(encoding="utf-8")

    bad = tmp_path / "bad.yaml"
    bad.write_text("staff_quota: 十几个\nincome_total: 约228万元\n", encoding="utf-8")
    done = run_cli("fill", "dept-overall", "--answers", str(bad))
    assert done.returncode == 2 and done.stdout == ""
    assert "staff_quota（编制人数）：请填写准确的数字" in done.stderr
    assert "income_total（总收入）：请填写准确的数字" in done.stderr
    assert "Traceback" not in done.stderr

    for args, words in (
        (("fill", "no-such-kind", "--answers", str(EXAMPLE)), "没有名为“no-such-kind”的报告类型"),
        (("fill", "dept-overall", "--answers", str(tmp_path / "missing.yaml")), "找不到答案文件"),
        (("fill", "dept-overall", "--answers", str(EXAMPLE), "--out", str(out_file)), "已存在"),
        (("fill", "dept-overall"), "缺少参数"),
    ):
        done = run_cli(*args)
        assert done.returncode == 2, args
        assert words in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_subprocess_questions_json() -> None:
    done = run_cli("questions", "dept-overall", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout)[0]["id"] == "unit_name"


def test_at_exit_the_objects_left_are_frozen_once_however_many_runs(tmp_path: Path) -> None:
    """The interpreter's last collections pass over them (tens of milliseconds of a fill); what
    the command printed is all there."""
    code = (
        "import atexit, gc, sys\n"
        "calls, real = [], gc.freeze\n"
        "gc.freeze = lambda: calls.append(1) or real()\n"
        "atexit.register(lambda: print('frozen', len(calls), gc.get_freeze_count() > 0, file=sys.stderr))\n"
        "from assistant.cli import main\n"
        "main(['kinds']); main(['kinds'])\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stderr.split() == ["frozen", "1", "True"]
    assert done.stdout.count("dept-overall") == 2


# --- a plain install from the package, used from another folder ---------------------------------


def _copy_source(target: Path) -> Path:
    """The working tree without the version-control data, virtual environments and build output,
    so that the wheel is built from the files as they are (and nothing from the repository leaks
    into the test)."""
    ignore = shutil.ignore_patterns(
        ".git", ".venv", "venv", "__pycache__", "*.egg-info", "build", "dist", ".pytest_cache", ".ruff_cache",
        "tests", "benchmarks", "*.docx", "*.pdf",
    )  # fmt: skip
    shutil.copytree(ROOT, target, ignore=ignore)
    return target


def test_plain_install_finds_prompts_and_templates(tmp_path: Path) -> None:
    source = _copy_source(tmp_path / "source")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(source)],
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    shutil.rmtree(source)  # the installed program must not need the source tree

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    answers = elsewhere / "答案.yaml"
    shutil.copy(EXAMPLE, answers)
    env = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(["report-assistant", "kinds"], cwd=elsewhere, env=env, capture_output=True, text=True,
                          timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "dept-overall\t部门整体支出绩效自评报告" in done.stdout
    done = subprocess.run(["report-assistant", "fill", "dept-overall", "--answers", "答案.yaml", "--out", "报告.md"],
                          cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "自评等级 |  |  |  |  | 优" in done.stdout
    report = (elsewhere / "报告.md").read_text(encoding="utf-8")
    assert "## 七、改进措施及建议" in report and "综合得分98分" in report
    installed = subprocess.run([str(python), "-c", "import assistant; print(assistant.__file__)"], cwd=elsewhere,
                               env=env, capture_output=True, text=True)  # fmt: skip
    assert str(venv) in installed.stdout  # the program ran from the install, not from a checkout


def test_fill_save_list_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    direct = tmp_path / "direct.md"
    assert main(["--home", str(home), "fill", "dept-overall", "--answers", str(EXAMPLE), "--out", str(direct),
                 "--save", "--title", "示例草稿"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    draft_id = out.strip().splitlines()[-1].removeprefix("已保存为草稿：")
    assert main(["--home", str(home), "list"]) == 0
    listed = capsys.readouterr().out.strip().split("\t")
    assert listed[:3] == [draft_id, "示例草稿", "dept-overall"]
    exported = tmp_path / "exported.md"
    assert main(["--home", str(home), "export", draft_id, "--out", str(exported)]) == 0
    assert exported.read_text(encoding="utf-8") == direct.read_text(encoding="utf-8")  # same answers, same seed
    assert "一致性检查：未发现问题。" in capsys.readouterr().out
    from assistant.workspace import open_store

    store = open_store(home)
    store.save_answer(draft_id, "spend_basic", "200.25万元")  # the parts no longer make up the total
    store.close()
    assert main(["--home", str(home), "export", draft_id, "--out", str(exported), "--force"]) == 0
    said = capsys.readouterr().out
    assert "【错误】" in said and "不一致" in said, "an export says what the checks found, as fill does"
    assert main(["--home", str(home), "export", "nosuch", "--out", str(tmp_path / "x.md")]) == 2
    assert "找不到" in capsys.readouterr().err


def test_a_draft_goes_to_another_computer_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """export-json and import-json: the whole draft (answers, history, seed), its progress listed
    again; an existing file is kept without --force; what is not such a file is said in Chinese."""
    home, other, out = tmp_path / "home", tmp_path / "other", tmp_path / "草稿.json"
    assert main(["--home", str(home), "fill", "dept-overall", "--answers", str(EXAMPLE), "--save"]) == 0
    draft_id = capsys.readouterr().out.strip().splitlines()[-1].removeprefix("已保存为草稿：")
    assert main(["--home", str(home), "export-json", draft_id, "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"草稿已导出到：{out}\n"
    assert main(["--home", str(home), "export-json", draft_id, "--out", str(out)]) == 2
    assert "已存在" in capsys.readouterr().err
    assert main(["--home", str(home), "export-json", draft_id, "--out", str(tmp_path / "草稿.txt")]) == 2
    assert "不支持扩展名“.txt”" in capsys.readouterr().err

    assert main(["--home", str(other), "import-json", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"已导入草稿：{draft_id}\t")  # its own id, free here
    from assistant.workspace import open_store

    mine, theirs = open_store(home), open_store(other)
    a, b = mine.load(draft_id), theirs.load(draft_id)
    assert (b.answers, b.seed, len(b.history)) == (a.answers, a.seed, len(a.history))
    assert [s.progress for s in theirs.list()] == [s.progress for s in mine.list()] != [0]
    assert main(["--home", str(home), "import-json", str(out)]) == 0  # here the id is taken: a new one
    assert len(mine.list()) == 2

    (tmp_path / "别的.json").write_text('{"a": 1}', encoding="utf-8")
    for bad, words in (("别的.json", "不是本程序导出的草稿文件"), ("没有.json", "文件不存在")):
        assert main(["--home", str(other), "import-json", str(tmp_path / bad)]) == 2
        assert words in capsys.readouterr().err


# --- names too long, half-answered drafts ------------------------------------------------------------


@pytest.mark.parametrize("name", ["报" * 100 + ".md", "a" * 300 + ".docx", "a" * 300 + "/r.md"])
def test_a_name_too_long_for_the_file_system_is_said_in_chinese(tmp_path: Path, name: str) -> None:
    home = tmp_path / "home"
    out = str(tmp_path / name)
    done = run_cli("fill", "dept-overall", "--answers", str(EXAMPLE), "--out", out)
    assert done.returncode == 2 and "文件名太长" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "Errno" not in done.stderr
    saved = run_cli("--home", str(home), "fill", "dept-overall", "--answers", str(EXAMPLE), "--save")
    draft_id = saved.stdout.strip().splitlines()[-1].removeprefix("已保存为草稿：")
    for args in (("export", draft_id, "--out", out), ("export", draft_id, "--out", out, "--force")):
        done = run_cli("--home", str(home), *args)
        assert done.returncode == 2 and "文件名太长" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and "Errno" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"], "nothing written"


def test_export_of_a_half_answered_draft_names_the_missing_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.workspace import new_draft, open_store

    draft_id = new_draft(open_store(tmp_path), "dept-overall", "写了一半的草稿", unit="某局", year=2025)
    out = tmp_path / "r.md"
    assert main(["--home", str(tmp_path), "export", draft_id, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"报告已写入：{out}" in printed
    assert "尚未回答的必答问题（报告中显示为【待补充】）：" in printed and "staff_quota（编制人数）" in printed
    assert "【待补充" in out.read_text(encoding="utf-8")
