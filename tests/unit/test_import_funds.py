"""The funds rows of a 自评表 sheet (assistant/importing/funds.py) as the funds answers: found by
their headings, named without 其中： or a group's prefix, read only where the sheet says its unit."""

from __future__ import annotations

from assistant.importing.funds import FundsLine, funds_answers, read_funds
from assistant.kinds import load_kind

HEADINGS = ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
ROWS = [
    ["项目支出绩效自评表"],
    HEADINGS,
    [None, "年度资金总额", "52.00", "56.00", "54.60", "10", "97.50%", "9.75"],
    [None, "其中：当年财政拨款", "46", "50", "48.6", "—", "—", "—"],
    [None, "上年结转资金", "6", "6", "6", "—", "—", "—"],
    [None, "其他资金", "—", "—", "—", "—", "—", "—"],
    [None, "单位资金", "0", "0", "0", "—", "—", "—"],
    ["年度总体目标", "预期目标", None, None, "实际完成情况"],
    ["", "全年预算数", "1", "2", "3"],
]


def test_the_funds_rows_by_their_headings() -> None:
    unit, lines = read_funds(ROWS)
    assert unit == "万元"
    assert lines == [
        FundsLine(3, "年度资金总额", "52.00", "56.00", "54.60"),
        FundsLine(4, "当年财政拨款", "46", "50", "48.6"),
        FundsLine(5, "上年结转资金", "6", "6", "6"),
        FundsLine(7, "单位资金", "0", "0", "0"),
    ]  # (其他资金 has no figure: left out; the part ends at the words of the 年度总体目标 row)


def test_as_the_project_kinds_answers() -> None:
    unit, lines = read_funds(ROWS)
    assert funds_answers(load_kind("project"), unit, lines) == {
        "budget_initial": "52.00万元", "budget_final": "56.00万元", "spent_total": "54.60万元",
        "fiscal_initial": "46万元", "fiscal_budget": "50万元", "fiscal_spent": "48.6万元",
        "carry_initial": "6万元", "carry_budget": "6万元", "carry_spent": "6万元",
    }  # fmt: skip


def test_a_sheet_in_yuan_is_read_in_yuan() -> None:
    rows = [["资金（元）", "年初预算数", "全年预算数", "全年执行数"], ["年度资金总额", "520000", "560000", "546000"]]
    unit, lines = read_funds(rows)
    assert funds_answers(load_kind("project"), unit, lines)["budget_final"] == "560000元"


def test_without_a_unit_nothing_is_guessed() -> None:
    rows = [["资金", "年初预算数", "全年预算数", "全年执行数"], ["年度资金总额", "52", "56", "54.6"]]
    assert read_funds(rows) == ("", [])


def test_the_departments_rows_by_source_as_its_detail_records() -> None:
    rows = [
        ["年度预算（万元）", None, None, "年初预算数", "全年预算数", "全年执行数"],
        [None, "年度资金总额", None, "228.63", "228.63", "228.25"],
        [None, "按收入性质分", "一般公共预算", "228.63", "228.63", "228.25"],
        [None, None, "政府性基金预算", "0.00", "0.00", "0.00"],
        [None, "按支出性质分", "基本支出", "220.63", "220.63", "220.25"],
        [None, None, "项目支出", "8.00", "8.00", ""],
    ]
    answers = funds_answers(load_kind("dept-overall"), *read_funds(rows))
    assert answers["budget_final"] == "228.63万元"
    assert answers["budget_detail"].splitlines() == [
        "一般公共预算｜228.63万元｜228.63万元｜228.25万元", "政府性基金预算｜0.00万元｜0.00万元｜0.00万元",
        "基本支出｜220.63万元｜220.63万元｜220.25万元", "项目支出｜8.00万元｜8.00万元｜",
    ]  # fmt: skip
