"""Each vocabulary of the question scripts (question types, figure operations, check types) is
declared once, as a registry beside its functions; the loader checks a script against it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from assistant import checks as checks_module
from assistant.answers import CELL_TYPES, MULTILINE_TYPES, PARSERS, PROSE_TYPES, TABLE_TYPES
from assistant.checks import CHECKS
from assistant.errors import KindError
from assistant.figures import OPERATIONS, PERCENT_OPERATIONS
from assistant.kinds import kind_ids, load_kind, load_kind_file
from assistant.models import Finding
from assistant.pipeline import evaluate
from assistant.registry import Entry, Registry
from tests.support.common import DATA

KINDS = DATA / "kinds"
MINI_TEMPLATES = DATA / "templates" / "mini"


def _mini(tmp_path: Path, old: str, new: str) -> Path:
    text = (KINDS / "mini.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "mini.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _message(path: Path) -> str:
    with pytest.raises(KindError) as err:
        load_kind_file(path, templates=MINI_TEMPLATES)
    return err.value.message


def _listed(names: list[str]) -> str:
    return "、".join(f"'{n}'" for n in names)


@pytest.mark.parametrize(
    ("old", "new", "where", "names"),
    [
        ("    type: yesno", "    type: boolean", "问题 has_money（第2个问题） 的 type（类型）", PARSERS.names()),
        ("scoring:", "figures:\n  - {id: f, label: 占比, op: mean, args: [amount, amount]}\nscoring:",
         "figures.0.op", OPERATIONS.names()),
        ("scoring:", "checks:\n  - {type: sums, args: [amount, amount]}\nscoring:", "checks.0.type", CHECKS.names()),
        ("    type: yesno", "    type: records\n    columns:\n      - {id: day, label: 日期, type: date}",
         "问题 has_money（第2个问题） 的 columns.0.type", [n for n in PARSERS.names() if n in CELL_TYPES]),
    ],
)  # fmt: skip
def test_an_unknown_name_is_refused_with_the_names_its_registry_declares(
    tmp_path: Path, old: str, new: str, where: str, names: list[str]
) -> None:
    message = _message(_mini(tmp_path, old, new))
    assert message.startswith("mini.yaml：问题脚本无效——")
    assert f"{where}：取值“" in message and f"”无效，应为 {_listed(names)}" in message, message
    assert ", " not in message  # the names one 顿号 apart (pydantic's own list was 'a', 'b'、'c')


def test_a_name_that_is_not_text_is_said_once(tmp_path: Path) -> None:
    message = _message(_mini(tmp_path, "    type: yesno", "    type: [yesno]"))
    assert message.count("问题 has_money（第2个问题） 的 type（类型）") == 1
    assert "取值“['yesno']”无效" in message and "valid string" not in message


def test_an_unknown_name_and_another_fault_are_said_together(tmp_path: Path) -> None:
    path = _mini(tmp_path, "    type: yesno", "    type: boolean\n    colour: red")
    message = _message(path)
    assert "取值“boolean”无效" in message and "colour：未知的字段" in message, message


def test_the_arity_comes_from_the_registry(tmp_path: Path) -> None:
    low, high = CHECKS.entry("execution").args
    assert (low, high) == (3, 3)
    path = _mini(tmp_path, "scoring:", "checks:\n  - {type: execution, args: [amount]}\nscoring:")
    assert "检查 execution 应有3个参数 args，实际1个" in _message(path)
    path = _mini(tmp_path, "scoring:", "figures:\n  - {id: f, label: 合计, op: difference, args: [amount]}\nscoring:")
    assert "派生数字 f（difference） 应有至少2个参数 args，实际1个" in _message(path)


def test_a_new_check_is_one_registered_function(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Registering a function is all a new check type needs: the loader accepts it, with the
    arity it was declared with, and the pipeline runs it."""

    def _large(kind, spec, v, card) -> list[Finding]:  # type: ignore[no-untyped-def]
        value = v.get(spec.args[0])
        return [Finding(level="hint", code="large", message="金额较大")] if value and value > 100 else []

    monkeypatch.setitem(CHECKS._entries, "large", Entry("large", _large, (1, 1), frozenset(), ()))
    path = _mini(tmp_path, "scoring:", "checks:\n  - {type: large, args: [amount]}\nscoring:")
    kind = load_kind_file(path, templates=MINI_TEMPLATES)
    found = evaluate(kind, {"unit_name": "某单位", "has_money": "是", "amount": "500万元"}).findings
    assert [f.code for f in found if f.code == "large"] == ["large"]
    assert checks_module.CHECKS is CHECKS
    path = _mini(tmp_path, "scoring:", "checks:\n  - {type: large, args: [amount, amount]}\nscoring:")
    assert "检查 large 应有1个参数 args，实际2个" in _message(path)


def test_the_traits_of_the_question_types() -> None:
    assert sorted(MULTILINE_TYPES) == ["indicators", "list", "paragraph", "records"]
    assert sorted(PROSE_TYPES) == ["list", "paragraph", "text"]
    assert sorted(TABLE_TYPES) == ["indicators", "records"]
    assert sorted(CELL_TYPES) == ["choice", "count", "money", "number", "percent", "text"]
    assert sorted(PERCENT_OPERATIONS) == ["adjustment", "growth", "ratio", "share"]
    assert PARSERS["paragraph"] is PARSERS["text"]


def test_a_name_is_declared_once() -> None:
    registry: Registry[object] = Registry()  # type: ignore[type-var]
    registry.register("x")(print)
    with pytest.raises(ValueError, match="declared twice"):
        registry.register("x")(len)
    assert "x" in registry and ["x"] not in registry and 5 not in registry


def test_every_shipped_kind_uses_declared_names_only() -> None:
    for kid in kind_ids():
        kind = load_kind(kid)
        assert {q.type for q in kind.questions} <= set(PARSERS.names())
        assert {c.type for q in kind.questions for c in q.columns} <= CELL_TYPES
        assert {f.op for f in kind.figures} <= set(OPERATIONS.names())
        assert {c.type for c in kind.checks} <= set(CHECKS.names())
    assert OPERATIONS["share"]([Decimal(1), Decimal(8)]) == Decimal("12.50")
