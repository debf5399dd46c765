"""Issue 12, the input half, as a user meets it: `report-assistant fill KIND --answers F` in a
subprocess, one case of each class of bad input. Each is refused with a Chinese message naming
the file (and line) and exit status 2, with no traceback and no English; or, where the input is
good after all (UTF-16 from Notepad, emoji written by json.dump), the report is right."""

from __future__ import annotations

import codecs
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.common import EXAMPLE, ROOT, run_cli

EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")
ENGLISH = re.compile(r"Traceback|Error|codec|decode|line \d|Errno|[A-Za-z]{4,} [a-z]{3,}")


def example_with(**changes: Any) -> dict[str, Any]:
    data = yaml.safe_load(EXAMPLE_TEXT)
    data.update(changes)
    return data


def refused(tmp_path: Path, name: str, content: str | bytes, *words: str, kind: str = "dept-overall") -> str:
    """Run fill on a file holding `content`: exit 2, every word in the message, no traceback."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    done = run_cli("fill", kind, "--answers", str(path), "--out", str(tmp_path / "r.md"))
    assert done.returncode == 2, done.stderr + done.stdout
    assert done.stdout == "" and not (tmp_path / "r.md").exists()
    said = done.stderr.replace(str(tmp_path), "").replace(name, "").replace("report-assistant questions", "")
    assert not ENGLISH.search(said), done.stderr
    for word in words:
        assert word in done.stderr, (word, done.stderr)
    return done.stderr


def filled(tmp_path: Path, name: str, content: str | bytes, kind: str = "dept-overall") -> str:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    out = tmp_path / f"{name}.md"
    done = run_cli("fill", kind, "--answers", str(path), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return out.read_text(encoding="utf-8")


def test_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """Nine levels of nine aliases: 387 million strings once expanded (minutes and gigabytes)."""
    lines = ['a0: &a0 ["哈哈","哈哈","哈哈","哈哈","哈哈","哈哈","哈哈","哈哈","哈哈"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    start = time.monotonic()
    refused(tmp_path, "bomb.yaml", "\n".join([*lines, "unit_name: *a8", ""]), "bomb.yaml第1行", "锚点或别名")
    assert time.monotonic() - start < 30  # (it is refused before anything is expanded)
    refused(tmp_path, "alias.yaml", "unit_name: &u 某单位\nself_name: *u\n", "第1行", "锚点或别名")


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    refused(tmp_path, "deep.yaml", "unit_name: " + "[" * 100_000 + "]" * 100_000 + "\n", "deep.yaml第1行", "嵌套")
    refused(tmp_path, "deep.json", '{\n"unit_name": ' + "[" * 3000 + "]" * 3000 + "}", "deep.json第2行", "嵌套")


def test_numbers_past_exact_arithmetic_are_refused_with_the_largest_amount(tmp_path: Path) -> None:
    content = yaml.safe_dump(example_with(income_total="1" * 35 + "万元", help_amount="9" * 30), allow_unicode=True)
    err = refused(tmp_path, "big.yaml", content, "income_total（总收入）", "应小于1万亿元（100000000万元）",
                  "help_amount")  # fmt: skip
    assert err.count("1万亿元") == 2
    indicators = example_with()["indicators"]
    indicators[0] = "产出指标｜数量指标｜座谈会次数｜≥1次｜" + "1" * 30 + "次｜5"
    content = yaml.safe_dump(example_with(indicators=indicators), allow_unicode=True)
    refused(tmp_path, "big-indicator.yaml", content, "第1行“实际完成值”：数字过大",
            "最多可以填写12位整数（999999999999）")  # fmt: skip


def test_a_list_or_mapping_where_one_value_belongs_is_refused_naming_the_line(tmp_path: Path) -> None:
    """[12, 13] was read as 编制1213人, with 未发现问题."""
    content = EXAMPLE_TEXT.replace("staff_quota: 12人", "staff_quota: [12, 13]")
    line = content.splitlines().index("staff_quota: [12, 13]") + 1
    refused(tmp_path, "list.yaml", content, f"staff_quota（编制人数）：第{line}行，这一项只填一个值", "[12, 13]")
    content = EXAMPLE_TEXT.replace("staff_quota: 12人", "staff_quota: {编制: 12}")
    refused(tmp_path, "map.yaml", content, "staff_quota（编制人数）", "{编制: 12}")


def test_table_rows_written_as_mappings_are_read_by_column_names(tmp_path: Path) -> None:
    """target-mgmt's items as yaml.safe_dump writes them, keys sorted: 分值 and 自评得分, 上年数 and
    本年数 went to one another's columns (or the row was refused as having no 考核项目)."""
    text = (ROOT / "examples" / "target-mgmt.yaml").read_text(encoding="utf-8")
    expected = filled(tmp_path, "as-written.yaml", text, kind="target-mgmt")
    resorted = yaml.safe_dump(yaml.safe_load(text), allow_unicode=True, sort_keys=True)
    assert filled(tmp_path, "sorted.yaml", resorted, kind="target-mgmt") == expected


def test_duplicate_keys_are_refused_naming_both_lines(tmp_path: Path) -> None:
    lines = EXAMPLE_TEXT.splitlines()
    first = 1 + next(i for i, line in enumerate(lines) if line.startswith("staff_quota:"))
    said = f"第{first}行和第{len(lines) + 1}行"
    refused(tmp_path, "dup.yaml", EXAMPLE_TEXT + "staff_quota: 13人\n", "“staff_quota”写了两次", said)
    text = '{\n "unit_name": "某单位",\n "year": "2025",\n "year": "2024"\n}\n'
    refused(tmp_path, "dup.json", text, "dup.json第4行“year”写了两次（第3行和第4行）")


def test_what_is_wrong_in_a_file_is_said_in_chinese(tmp_path: Path) -> None:
    refused(tmp_path, "tab.yaml", "unit_name: 某单位\n\tyear: 2025\n", "tab.yaml第2行格式错误", "制表符Tab缩进")
    err = refused(tmp_path, "binary.yaml", "unit_name: !!binary 5p+Q5Y2V5L2N\n", "unit_name（单位名称）：第1行",
                  "值无法识别")  # fmt: skip
    assert "bytes" not in err
    err = refused(tmp_path, "keys.yaml", '"\\e[31mred": 1\n"\\e[2J": 1\n"\\e[2J": 2\n', "写了两次")
    assert "\x1b" not in err, "a key's terminal codes are not sent to the terminal"
    err = refused(tmp_path, "key.yaml", EXAMPLE_TEXT + '"\\e[2Jx": 1\n', "没有这个问题编号")
    assert "\x1b" not in err


def test_escapes_of_any_plane_are_read_whole(tmp_path: Path) -> None:
    """json.dump writes 😀 and 𠮷 as surrogate pairs; they were dropped or crashed the command."""
    data = example_with(unit_name="昆明市😀𠮷总工会")
    report = filled(tmp_path, "emoji.json", json.dumps(data))  # ensure_ascii: \ud83d\ude00
    assert "昆明市😀𠮷总工会" in report
    text = json.dumps(data).replace("\\ude00", "")  # half of the pair left
    refused(tmp_path, "half.json", text, "half.json第1行", "不完整的字符")


def test_save_with_half_a_character_leaves_no_draft(tmp_path: Path) -> None:
    answers = tmp_path / "half.json"
    answers.write_text(json.dumps(example_with(unit_name="昆明\ud83d总工会"), ensure_ascii=True), encoding="utf-8")
    home = tmp_path / "home"
    done = run_cli("--home", str(home), "fill", "dept-overall", "--answers", str(answers), "--save")
    assert done.returncode == 2 and "不完整的字符" in done.stderr
    assert "还没有草稿" in run_cli("--home", str(home), "list").stdout


def test_encodings_notepad_and_wps_write(tmp_path: Path) -> None:
    expected = filled(tmp_path, "utf8.yaml", EXAMPLE_TEXT)
    assert filled(tmp_path, "bom.yaml", codecs.BOM_UTF8 + EXAMPLE_TEXT.encode()) == expected
    assert filled(tmp_path, "utf16le.yaml", codecs.BOM_UTF16_LE + EXAMPLE_TEXT.encode("utf-16-le")) == expected
    assert filled(tmp_path, "utf16be.yaml", codecs.BOM_UTF16_BE + EXAMPLE_TEXT.encode("utf-16-be")) == expected
    for name, content in (("gbk.yaml", EXAMPLE_TEXT.encode("gbk")),
                          ("utf16.yaml", EXAMPLE_TEXT.encode("utf-16-le")),  # no BOM
                          ("utf32.yaml", EXAMPLE_TEXT.encode("utf-32"))):  # fmt: skip
        err = refused(tmp_path, name, content, name, "请另存为UTF-8", "编码选“UTF-8”")
        assert "utf-8" not in err and "codec" not in err


def test_a_zero_that_would_divide_a_figure_is_refused_saying_why(tmp_path: Path) -> None:
    """Total income 0 left 【待补充：财政拨款收入占总收入比重】 while the command printed 未发现问题."""
    content = yaml.safe_dump(example_with(income_total="0", income_fiscal="0", income_other="0",
                                          budget_final="0万元"), allow_unicode=True)  # fmt: skip
    refused(tmp_path, "zero.yaml", content, "income_total（总收入）：这一项不能为0：",
            "总收入是财政拨款收入、其他收入所占比重的分母。请填写实际数字（不小于0.01万元）",
            "budget_final（全年预算数）：这一项不能为0：全年预算数是预算执行率")  # fmt: skip


def test_no_budget_at_the_start_of_the_year_is_written_out(tmp_path: Path) -> None:
    """年初预算数 0 (a unit or project set up during the year) is possible: no rate, but words."""
    content = yaml.safe_dump(example_with(budget_initial="0", adjustment_reason="年中新组建，经费全部年中追加"),
                             allow_unicode=True)  # fmt: skip
    report = filled(tmp_path, "initial0.yaml", content)
    assert "年初未安排预算，全年预算228.63万元均为年中追加" in report
    assert "【待补充" not in report


def test_a_kind_id_is_never_a_path(tmp_path: Path) -> None:
    for kind in ("../prompts/project", str(ROOT / "prompts" / "project"), "Project", "x" * 5000):
        done = run_cli("fill", kind, "--answers", str(EXAMPLE))
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert "报告类型编号" in done.stderr and "无效" in done.stderr and "dept-overall" in done.stderr


def test_titles_keep_no_terminal_codes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = run_cli("--home", str(home), "fill", "dept-overall", "--answers", str(EXAMPLE), "--save",
                   "--title", "\x1b[31m红色\x1b[0m标题\x07\x1b]0;窗口\x07")  # fmt: skip
    assert done.returncode == 0, done.stderr
    listed = run_cli("--home", str(home), "list").stdout
    assert "\t红色标题\t" in listed and "\x1b" not in listed and "\x07" not in listed


def test_a_hundred_and_more_work_items(tmp_path: Path) -> None:
    """cn_number stopped at 99: 工作完成情况 with 100 items stopped fill (string index out of range)."""
    items = [f"完成第{n}项重点工作" for n in range(1, 106)]
    report = filled(tmp_path, "many.yaml", yaml.safe_dump(example_with(work_items=items), allow_unicode=True))
    for said in ("九十九是完成第99项重点工作。", "一百是完成第100项重点工作。", "一百零一是完成第101项重点工作。",
                 "一百零五是完成第105项重点工作。"):  # fmt: skip
        assert f"\n{said}\n" in report


@pytest.mark.parametrize("suffix", [".docx", ".md"])
def test_control_characters_never_reach_the_document(tmp_path: Path, suffix: str) -> None:
    """python-docx raises on \\x00–\\x08, \\x0b, \\x0c, \\x0e–\\x1f: every answer is cleaned as it is read."""
    text = EXAMPLE_TEXT.replace("unit_name: 昆明市五华区总工会", 'unit_name: "昆明市\\x01五华区\\x0b总工会\\e[31m"')
    offices = 'offices: "综合\\x00办公室\\x1f\\x0c、组织宣传网络室"'
    text = re.sub("^offices: .*$", lambda _: offices, text, flags=re.M)
    path = tmp_path / "ctrl.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / f"r{suffix}"
    done = run_cli("fill", "dept-overall", "--answers", str(path), "--out", str(out))
    assert done.returncode == 0, done.stderr
    if suffix == ".md":
        written = out.read_text(encoding="utf-8")
        assert "昆明市五华区总工会" in written and "综合办公室" in written
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", written)
