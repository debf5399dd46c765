"""dept-overall — the common indicator framework (rules.md §2) offered as the default of the
indicator question, arranged under the kind's scored groups; the sample-3 example stays 98 / 优."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.answers import parse_answer
from assistant.kinds import load_kind
from assistant.scoring import scorecard
from assistant.templating import render_default
from tests.support.examples import example_ev

KIND = "dept-overall"


def default_text(values: dict) -> str:
    q = load_kind(KIND).question("indicators")
    assert q.default
    text = render_default(q.default, values)
    assert text and "【待补充" not in text
    return text


def framework(values: dict) -> list:
    """The default with every "？" filled in as a user would (targets met, qualitative 达成)."""
    filled = []
    for line in default_text(values).splitlines():
        cells = line.split("｜")
        if cells[4] == "？":
            target = cells[3].lstrip("≥≤=")
            cells[4] = target if any(ch.isdigit() for ch in target) else "达成"
        filled.append("｜".join(cells))
    return parse_answer(load_kind(KIND).question("indicators"), "\n".join(filled))


def test_default_leaves_the_actual_values_to_the_user() -> None:
    """No invented result: submitted untouched, the default is refused with a pointer to a row."""
    from assistant.errors import AnswerError

    q = load_kind(KIND).question("indicators")
    text = default_text({"staff_quota": 12, "staff_actual": 11})
    assert text.count("？") == 12, "every actual value but the computed 在职人员控制率 is to be filled in"
    text = default_text(example_ev(KIND).values)
    assert text.count("？") == 10, "and with the funds answered, 公用经费控制率 and “三公经费”变动率 too"
    with pytest.raises(AnswerError, match="第1行"):
        parse_answer(q, text)


def test_default_is_the_common_framework_in_the_kinds_groups() -> None:
    rows = framework({})
    names = [r.level3 for r in rows]
    for name in ("实际完成率", "重点工作办结率", "质量达标率", "完成及时率", "在职人员控制率", "公用经费控制率",
                 "管理制度健全性", "资金使用合规性", "预决算信息公开性", "资产管理规范性",
                 "社会公众或服务对象满意度"):  # fmt: skip
        assert name in names
    groups: dict[str, Decimal] = {}
    for r in rows:
        groups[r.level1] = groups.get(r.level1, Decimal(0)) + r.points
    assert groups == load_kind(KIND).scoring.weights.groups  # 产出50、效益30、满意度10


@pytest.mark.parametrize("quota, actual, rate", [(12, 11, "91.67%"), (8, 9, "112.50%"), (3, 2, "66.67%"),
                                                 (None, None, "？")])  # fmt: skip
def test_staff_control_rate_comes_from_the_answers(quota, actual, rate) -> None:
    values = {} if quota is None else {"staff_quota": quota, "staff_actual": actual}
    [row] = [line for line in default_text(values).splitlines() if "在职人员控制率" in line]
    assert row.split("｜")[3:5] == ["≤100%", rate]


def test_default_in_the_example_scores_without_group_warnings() -> None:
    ev = example_ev(KIND)
    rows = framework(ev.values)
    values = dict(ev.values, indicators=rows)
    card = scorecard(load_kind(KIND).scoring, values)
    assert card is not None and card.total == Decimal("99.98") and card.grade == "优"
    from assistant.checks import run_checks

    findings = run_checks(load_kind(KIND), values, ev.figures, card)
    assert not [f for f in findings if f.code.startswith("group")]


def test_example_keeps_its_score() -> None:
    card = example_ev(KIND).scorecard
    assert card is not None and (card.total, card.grade) == (Decimal(98), "优")


def test_the_funds_are_the_departments_not_a_projects() -> None:
    from assistant.compose import compose
    from assistant.models import Table
    from tests.support.examples import example_seed
    from tests.support.report import all_text

    report = compose(example_ev(KIND), seed=example_seed(KIND))
    top = report.attachments[0].blocks[0]
    assert isinstance(top, Table) and top.rows[2][0].text == "年度预算（万元）"
    assert "项目资金" not in all_text(report)


def test_grants_said_yes_then_zero_is_refused_rather_than_leaving_a_gap() -> None:
    from assistant.errors import AnswerError

    q = load_kind(KIND).question("help_amount")
    with pytest.raises(AnswerError, match="这一项不能为0"):
        parse_answer(q, "0")
    assert parse_answer(q, "3074528元") == Decimal("307.4528")


def test_no_staff_at_all_is_refused() -> None:
    from assistant.errors import AnswerError

    with pytest.raises(AnswerError, match="这一项不能为0"):
        parse_answer(load_kind(KIND).question("staff_actual"), "0")


def test_the_budget_detail_starts_from_the_spending_already_answered() -> None:
    """The 年度预算明细's input is prefilled with its usual rows, the 基本支出 and 项目支出 执行数 as
    answered before and a “？” wherever only the user knows the figure (never a guess)."""
    q = load_kind(KIND).question("budget_detail")
    values = example_ev(KIND).values
    text = render_default(q.default or "", values)
    assert text.splitlines() == [
        "一般公共预算｜？｜？｜？",
        "基本支出｜？｜？｜220.25万元",
        "项目支出｜？｜？｜8.00万元",
    ]
    assert render_default(q.default or "", {}).splitlines()[1] == "基本支出｜？｜？｜？"
    from assistant.errors import AnswerError

    with pytest.raises(AnswerError, match="第1行“年初预算数”"):
        parse_answer(q, text)  # submitted as it stands, the “？” are pointed out
