"""`check` on tables by their headings: indicator scores (also the framework's deduction rules and
the qualitative bands), subtotals of an itemised table, one precision a column."""

from __future__ import annotations

from assistant.review.document import Table
from assistant.review.table_checks import check_table

HEADER = [
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]


def _scores(*rows: list[str]) -> list[tuple[str, str, str]]:
    result = check_table(Table([HEADER, *rows], 1))
    return [(s.code, s.says, s.should.split("（")[0]) for s in result.slips]


def test_an_indicator_of_the_framework_is_scored_by_its_deduction_rule() -> None:
    row = ["", "投入", "预算配置", "在职人员控制率", "≤100.00%", "105.00%", "5", "4.50", "超编"]
    assert _scores(row) == []  # 0.1 a point over: 5 − 0.5
    assert _scores([*row[:7], "4.00", "超编"]) == [("score", "4.00", "4.50")]


def test_a_reverse_indicator_either_published_formula() -> None:
    row = ["", "产出指标", "成本指标", "人均培训成本", "≤500元", "550元", "10", "9.00", "物价上涨"]
    assert _scores(row) == []  # 10 × (1 − 50 ÷ 500)
    assert _scores([*row[:7], "9.09", "物价上涨"]) == []  # 10 × 500 ÷ 550
    assert _scores([*row[:7], "9.50", "物价上涨"]) == [("score", "9.50", "9.00")]


def test_a_qualitative_score_within_its_band() -> None:
    row = [
        "",
        "效益指标",
        "可持续影响指标",
        "困难职工生活得到改善",
        "明显改善",
        "部分达成年度指标并具有一定效果",
        "5",
        "3.50",
        "—",
    ]
    assert _scores(row) == []
    assert _scores([*row[:7], "4.50", "—"]) == [("score", "4.50", "不低于3分、低于4分")]


def test_subtotals_and_the_total_with_bonus_points() -> None:
    rows = [
        ["序号", "考核项目", "标准分", "完成情况", "自评分", "扣分原因"],
        ["1", "粮食生产", "20", "完成", "20", "—"],
        ["2", "农产品加工", "10", "部分完成", "8", "扣2分"],
        ["小计", "", "30", "—", "28", ""],
        ["3", "招商引资（附加分）", "4", "完成", "2", "—"],
        ["小计", "", "4", "—", "2", ""],
        ["合计（含附加分）", "", "34", "—", "31", ""],
    ]
    slips = check_table(Table(rows, 1)).slips
    assert [(s.code, s.says, s.should.split("（")[0]) for s in slips] == [("total", "31", "30")]


def test_percentages_of_one_column_in_one_precision() -> None:
    rows = [
        ["年度预算（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "", "228.63", "228.63", "228.25", "10", "99.83%", "9.98"],
        ["", "按支出性质分", "基本支出", "220.63", "220.63", "220.25", "—", "99.8%", "—"],
        ["", "", "项目支出", "8.00", "8.00", "8.00", "—", "100.00%", "—"],
    ]
    slips = check_table(Table(rows, 1)).slips
    assert [(s.code, s.says, s.should.split("（")[0]) for s in slips] == [("precision", "99.8%", "99.80%")]
