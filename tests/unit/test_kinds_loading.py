"""Loading and validating question scripts (kinds.py): every problem is a Chinese message that
names the file and the question, in the library and through the CLI (exit 2, no traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import kinds as kinds_module
from assistant.cli import main
from assistant.compose import compose
from assistant.errors import KindError
from assistant.export.text import to_text
from assistant.kinds import kind_ids, load_kind, load_kind_file
from assistant.pipeline import evaluate
from tests.support.common import DATA

KINDS = DATA / "kinds"
MINI_TEMPLATES = DATA / "templates" / "mini"


def load(name: str):
    return load_kind_file(KINDS / f"{name}.yaml", templates=MINI_TEMPLATES)


def message_of(name: str) -> str:
    with pytest.raises(KindError) as err:
        load(name)
    return err.value.message


def test_every_shipped_kind_loads() -> None:
    assert "dept-overall" in kind_ids()
    for kid in kind_ids():
        kind = load_kind(kid)
        assert kind.id == kid and kind.questions


def test_a_kind_from_another_folder_loads_and_composes() -> None:
    kind = load("mini")
    assert [q.id for q in kind.questions] == ["unit_name", "has_money", "amount"]
    text = to_text(compose(evaluate(kind, {"unit_name": "某单位", "has_money": "是", "amount": "50000元"})))
    assert "某单位有专项资金5.00万元。" in text
    assert evaluate(kind, {"has_money": "否"}).active[-1].id == "has_money"


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("bad-yaml", ["bad-yaml.yaml第22行", "YAML 格式错误", "缩进"]),
        ("unknown-type", ["unknown-type.yaml", "问题 has_money", "type（类型）", "“boolean”无效", "'yesno'"]),
        ("missing-field", ["missing-field.yaml", "问题 has_money", "help（帮助）", "缺少必填项"]),
        ("duplicate-id", ["duplicate-id.yaml", "问题编号 has_money 重复"]),
        ("no-section", ["no-section.yaml", "问题 amount", "section“money”不存在"]),
        ("bad-when", ["bad-when.yaml", "问题 amount", "when"]),
        ("when-unknown", ["when-unknown.yaml", "问题 amount", "when", "“has_mony”"]),
    ],
)
def test_malformed_scripts(name: str, words: list[str]) -> None:
    message = message_of(name)
    for word in words:
        assert word in message, message


def _variant(tmp_path: Path, kid: str, old: str, new: str) -> Path:
    text = (KINDS / "mini.yaml").read_text(encoding="utf-8").replace("id: mini", f"id: {kid}")
    assert old in text
    path = tmp_path / f"{kid}.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('when: "a.has_money"', 'when: "a.amount"', ["问题 amount 的 when 引用了它自己"]),
        ('when: "a.has_money"', 'when: "has_money"', ["“has_money”未定义", "a.问题编号"]),
        ("    type: yesno", '    type: yesno\n    when: "a.amount"', ["问题 has_money", "“amount”", "之前"]),
        ("    type: yesno", '    type: yesno\n    default: "{{ a.amount }}"', ["问题 has_money 的 default"]),
        ("  - id: amount", "  - id: Amount", ["“Amount”格式不对", "小写英文字母"]),
        ("    type: money", "    type: money\n    unit: 美元", ["问题 amount", "金额单位“美元”"]),
        ("    type: money", "    type: money\n    colour: red", ["问题 amount", "colour", "未知的字段"]),
        ("    type: money", "    type: money\n    min_why: 它是占比的分母", ["问题 amount 写了 min_why，却没有 min"]),
        ("    type: yesno", "    type: choice\n    choices: [是]", ["问题 has_money", "至少要有两个选项"]),
        (
            "scoring:\n  mode: none",
            "figures:\n  - {id: f, label: 占比, op: share, args: [amount]}",
            ["派生数字 f（share） 应有2个参数"],
        ),
        (
            "scoring:\n  mode: none",
            "checks:\n  - {type: sum, args: [amount, nothing]}",
            ["检查 sum 引用了不存在的问题“nothing”"],
        ),
        (
            "scoring:\n  mode: none",
            "checks:\n  - {type: execution, args: [amount, amount]}",
            ["检查 execution 应有3个参数"],
        ),
        ("  mode: none", "  mode: indicators\n  indicators: table", ["评分设置 indicators 引用了不存在的问题“table”"]),
        ("  mode: none", "  mode: indicators\n  indicators: amount", ["问题 amount 不是指标表"]),
        ("  mode: none", "  mode: indicators\n  initial: budget0", ["评分设置 initial 引用了不存在的问题“budget0”"]),
        ("sections:\n", "sections:\n  - id: basics\n    title: 重复\n", ["部分编号 basics 重复"]),
    ],
)
def test_more_script_errors(tmp_path: Path, old: str, new: str, words: list[str]) -> None:
    path = _variant(tmp_path, "variant", old, new)
    with pytest.raises(KindError) as err:
        load_kind_file(path, templates=MINI_TEMPLATES)
    assert err.value.message.startswith("variant.yaml")
    for word in words:
        assert word in err.value.message, err.value.message


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text((KINDS / "mini.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(KindError) as err:
        load_kind_file(path, templates=MINI_TEMPLATES)
    assert "id“mini”应与文件名“other”一致" in err.value.message


def test_not_a_mapping_and_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(KindError, match=r"list\.yaml：文件内容应为一个映射"):
        load_kind_file(path, templates=MINI_TEMPLATES)
    path = tmp_path / "latin.yaml"
    path.write_bytes("id: 单位".encode("gbk"))
    with pytest.raises(KindError, match=r"latin\.yaml：无法读取") as err:
        load_kind_file(path, templates=MINI_TEMPLATES)
    assert "请另存为UTF-8" in err.value.message and "codec" not in err.value.message


def test_template_errors(tmp_path: Path) -> None:
    with pytest.raises(KindError, match=r"缺少模板 empty/report\.md\.j2"):
        load_kind_file(KINDS / "mini.yaml", templates=tmp_path / "empty")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "report.md.j2").write_text("# 概况\n{% if a.unit_name %}\n没有结束\n", encoding="utf-8")
    with pytest.raises(KindError) as err:
        load_kind_file(KINDS / "mini.yaml", templates=broken)
    assert "模板 broken/report.md.j2" in err.value.message and "行" in err.value.message


@pytest.mark.parametrize("kind_id", ["../prompts/project", "/etc/hostname", "prompts/../project", "Project",
                                     "project.yaml", "x" * 5000, "project\x00", "\x1b[31mproject", ""])  # fmt: skip
def test_a_kind_id_is_never_joined_onto_a_path(kind_id: str) -> None:
    """../prompts/project loaded the project kind through a path built from the id."""
    from assistant.resources import script_title, valid_kind_id

    assert not valid_kind_id(kind_id)
    with pytest.raises(KindError) as err:
        load_kind(kind_id)
    assert "无效：编号只含小写英文字母、数字和连字符" in err.value.message and "dept-overall" in err.value.message
    assert "\x1b" not in err.value.message and "\x00" not in err.value.message and len(err.value.message) < 200
    assert script_title(kind_id) is None  # (a kind id read from a draft file, which may be damaged)
    assert all(valid_kind_id(k) for k in kind_ids())


def test_unknown_kind() -> None:
    with pytest.raises(KindError) as err:
        load_kind("no-such-kind")
    assert "没有名为“no-such-kind”的报告类型" in err.value.message and "dept-overall" in err.value.message


@pytest.fixture
def prompts_with_a_broken_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A prompts/ folder holding the good mini kind and a broken one, as the CLI sees it."""
    prompts, templates = tmp_path / "prompts", tmp_path / "templates"
    prompts.mkdir()
    for name in ("mini", "unknown-type"):
        (prompts / f"{name}.yaml").write_text((KINDS / f"{name}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        (templates / name).mkdir(parents=True)
        (templates / name / "report.md.j2").write_text((MINI_TEMPLATES / "report.md.j2").read_text(encoding="utf-8"))
    monkeypatch.setattr(kinds_module, "prompts_dir", lambda: prompts)
    monkeypatch.setattr(kinds_module, "templates_dir", lambda: templates)
    load_kind.cache_clear()
    yield
    load_kind.cache_clear()


def test_broken_script_through_the_cli(prompts_with_a_broken_kind, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["questions", "unknown-type"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "unknown-type.yaml" in err and "问题 has_money" in err and "Traceback" not in err
    # `kinds` still lists the kinds that load, and names the broken one
    assert main(["kinds"]) == 2
    out, err = capsys.readouterr()
    assert "mini\t最小报告" in out
    assert "unknown-type.yaml" in err


def test_when_on_a_question_named_like_a_dict_method(tmp_path: Path) -> None:
    text = (KINDS / "mini.yaml").read_text(encoding="utf-8").replace("id: mini", "id: methods")
    path = tmp_path / "methods.yaml"
    path.write_text(text.replace("has_money", "items"), encoding="utf-8")
    kind = load_kind_file(path, templates=MINI_TEMPLATES.parent / "mini")
    assert not evaluate(kind, {"items": "否"}).is_active("amount")  # a.items is the answer, not dict.items
    assert evaluate(kind, {"items": "是"}).is_active("amount")


def test_a_when_that_fails_at_run_time_names_the_question(tmp_path: Path) -> None:
    path = _variant(tmp_path, "runtime", 'when: "a.has_money"', 'when: "a.unit_name > 3"')
    kind = load_kind_file(path, templates=MINI_TEMPLATES)
    assert not evaluate(kind, {}).is_active("amount")  # not computable yet: the question does not apply
    with pytest.raises(KindError) as err:  # a text compared with a number: the script is wrong
        evaluate(kind, {"unit_name": "某单位"})
    assert "问题 amount 的 when 条件“a.unit_name > 3”无法计算" in err.value.message
