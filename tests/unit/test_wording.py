"""The words the program writes from Python (the placeholder, the words of change, the tables'
headings and captions) come from templates/_common/words.yaml: changing them there changes the
report, its tables, the placeholder and its highlight, with no change of code."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from assistant import wording
from assistant.compose import compose
from assistant.export.docx_text import runs
from assistant.export.markdown import to_markdown
from assistant.formatting import Missing, change, target_words, versus_last
from assistant.kinds import load_kind
from assistant.models import Indicator, ReportKind
from assistant.pipeline import evaluate
from assistant.resources import COMMON_TEMPLATES, data_dir
from assistant.tables import funds_table, indicator_table
from assistant.wording import WORDS_FILE, pending, placeholder_re

ROOT = Path(__file__).resolve().parents[2]

REWORDING = [
    ('placeholder: "【待补充：{}】"', 'placeholder: "〖待填：{}〗"'),
    ('placeholder_bare: "【待补充】"', 'placeholder_bare: "〖待填〗"'),
    ("  up: 增长", "  up: 上升"),
    ('versus_last: "比上年{}"', 'versus_last: "较上年{}"'),
    ('"≥": 不低于', '"≥": 至少'),
    ("caption: 资金情况表", "caption: 资金表"),
    ("    total: 总分", "    total: 合计得分"),
    ('  not_hundred: "分值合计{}分，不是100分，暂不评定等级"', '  not_hundred: "满分{}分，暂不定级"'),
    ("    title: 年度总体目标", "    title: 总体目标"),
]


@pytest.fixture
def reword(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A function that puts words.yaml with the REWORDING applied in place of the shipped one."""
    text = (data_dir("templates") / COMMON_TEMPLATES / WORDS_FILE).read_text(encoding="utf-8")
    for old, new in REWORDING:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (tmp_path / "templates" / COMMON_TEMPLATES).mkdir(parents=True)
    (tmp_path / "templates" / COMMON_TEMPLATES / WORDS_FILE).write_text(text, encoding="utf-8")

    def apply() -> None:
        monkeypatch.setattr(wording, "data_dir", lambda name: tmp_path / name)
        wording.words.cache_clear()
        wording.placeholder_re.cache_clear()

    yield apply
    wording.words.cache_clear()
    wording.placeholder_re.cache_clear()


def test_the_placeholder_in_both_forms() -> None:
    assert pending("单位名称") == "【待补充：单位名称】"
    assert pending() == pending("") == "【待补充】"
    assert str(Missing("主管部门")) == "【待补充：主管部门】"
    found = [m.group() for m in placeholder_re().finditer("甲【待补充：单位名称】乙【待补充】丙【待补充")]
    assert found == ["【待补充：单位名称】", "【待补充】"]


def _indicator(**kw: object) -> Indicator:
    return Indicator(level1="产出指标", level2="数量指标", level3="培训人次", direction="≥", target=Decimal(90),
                     target_text="≥90%", actual_text="95%", points=Decimal(10), **kw)  # fmt: skip


def test_a_change_of_words_yaml_changes_the_filters(reword: Callable[[], None]) -> None:
    reword()
    assert change(Decimal("7.38")) == "上升7.38%" and change(Decimal(-3)) == "下降3.00%"
    assert change(Decimal(5), "增加", "减少") == "增加5.00%"  # a template's own words stay its own
    assert versus_last(Decimal("7.3775")) == "较上年上升7.38%"
    assert target_words(_indicator()) == "至少90%"
    assert str(Missing("主管部门")) == "〖待填：主管部门〗" and pending() == "〖待填〗"


def test_a_change_of_words_yaml_changes_the_report_and_its_highlight(reword: Callable[[], None]) -> None:
    kind: ReportKind = load_kind("dept-overall")
    ev = evaluate(kind, {"unit_name": "某某区总工会", "year": "2025"})
    assert "【待补充：综合得分" in to_markdown(compose(ev))  # the templates compiled with the words shipped
    reword()
    from assistant.wording import placeholder_re

    placeholder = placeholder_re()  # made on first use, from the words in force

    text = to_markdown(compose(ev))  # not fixed in the compiled templates (no constant folding)
    assert "〖待填：" in text and "【待补充" not in text
    assert "| 总体目标 |" in text and "| 年度总体目标 |" not in text  # the 自评表's heading
    assert ev.scorecard is not None
    assert funds_table(ev.scorecard).caption == "资金表"
    assert indicator_table(ev.scorecard).rows[-2][0].text == "合计得分"
    assert placeholder.search("见〖待填：偏差原因〗")
    assert '<w:highlight w:val="yellow"/>' in runs("甲〖待填：乙〗丙") and "highlight" not in runs("甲【待补充：乙】丙")


def test_the_placeholder_is_written_in_one_place() -> None:
    """Only wording.pending makes the placeholder: no module or template writes 【待补充 itself."""
    files = [*ROOT.glob("assistant/**/*.py"), *ROOT.glob("templates/**/*.j2")]
    assert len(files) > 50
    writing = {str(p.relative_to(ROOT)) for p in files if "【待补充" in p.read_text(encoding="utf-8")}
    assert writing == {"assistant/wording.py"}


def test_the_words_are_read_from_their_cache_without_yaml_and_from_the_yaml_when_it_is_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    import yaml

    monkeypatch.setenv("REPORT_ASSISTANT_CACHE", str(tmp_path / "cache"))
    path = data_dir("templates") / COMMON_TEMPLATES / WORDS_FILE
    expected = yaml.safe_load(path.read_text(encoding="utf-8"))
    wording.words.cache_clear()
    try:
        assert wording.words() == expected, "read from the YAML the first time"
        (kept,) = (tmp_path / "cache").glob("words-*.json")
        wording.words.cache_clear()
        monkeypatch.setitem(sys.modules, "yaml", None)  # importing it would fail
        assert wording.words() == expected, "then from the cache, without YAML"
        kept.write_bytes(b'{"placeholder": "cut sh')  # damaged
        wording.words.cache_clear()
        monkeypatch.delitem(sys.modules, "yaml")
        assert wording.words() == expected, "a damaged cache: the YAML again"
    finally:
        wording.words.cache_clear()
