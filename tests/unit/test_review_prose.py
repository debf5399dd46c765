"""`check` on paragraphs with planted slips, phrased as real reports phrase them: each slip found
with the right value, and the same paragraph with the right figure found clean (so that each
case shows the check can fail and does not cry wolf)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.review.prose import check_paragraph

# (a paragraph with one slip, what it says, what it should say, the same paragraph corrected)
SLIPS = [
    # shares: 占…的比重, 占…的, 占比; 万元 and 元; the whole named, unnamed, or before 其中
    ("全年总支出6714.88万元，其中：基本支出4143.91万元，占总支出的61.72%；项目支出2570.97万元，占总支出的38.29%。",
     "61.72%", "61.71%", "61.71%"),
    ("2025年度总收入228.63万元，其中：财政拨款收入220.00万元，占总收入的比重为96.22%；其他收入8.63万元，占总收入的比重为3.77%。",
     "96.22%", "96.23%", "96.23%"),
    ("本年度支出合计3046.28万元。按支出性质分，基本支出1012.46万元，占比33.25%；项目支出2033.82万元，占比66.76%。",
     "33.25%", "33.24%", "33.24%"),
    ("财政拨款支出2282500元，其中：基本支出2202500元，占96.51%；项目支出80000元，占3.50%。",
     "96.51%", "96.50%", "96.50%"),
    # growth and falls: 较上年, 同比, 比上年; 增长, 下降, 增加, 减少; from both years or from the change
    ("总支出比上年的6714.88万元减少2570.97万元，下降38.28%。", "下降38.28%", "下降38.29%", "下降38.29%"),
    ("“三公”经费支出4.05万元，上年4.60万元，较上年下降11.95%。", "下降11.95%", "下降11.96%", "下降11.96%"),
    ("粮食总产20247.2吨，上年18856.1吨，比上年增长7.37%。", "增长7.37%", "增长7.38%", "增长7.38%"),
    ("2025年粮食总产20247.2吨，2024年粮食总产18856.1吨，同比增长7.39%。", "增长7.39%", "增长7.38%", "增长7.38%"),
    ("农产品加工业总产值由74583万元增加到81570万元，同比增长9.38%。", "增长9.38%", "增长9.37%", "增长9.37%"),
    ("全年执行数48.20万元，较上年的50.00万元增长3.60%。", "增长3.60%", "下降3.60%", "下降3.60%"),
    ("公用经费支出308600元，比上年的286400元增加22200元，增加7.76%。", "增加7.76%", "增加7.75%", "增加7.75%"),
    # rates and the execution score: the score from 满分 × 执行数 ÷ 预算数
    ("全年预算数43.20万元，全年执行数37.24万元，预算执行率为86.21%。", "86.21%", "86.20%", "86.20%"),
    ("全年预算数43.20万元，全年执行数37.24万元，预算执行率为86.20%，得9分（满分10分）。",
     "得9分", "得8.62分", "得8.62分"),
    ("单位核定编制数为12人，年末在职人数为11人，在职人员控制率91.66%。", "91.66%", "91.67%", "91.67%"),
    ("第二季度末累计支出24.60万元，全年预算数56.00万元，支付进度为43.39%。", "43.39%", "43.93%", None),
    ("年末结转结余资金1.40万元，全年预算数56.00万元，结转结余率为2.05%。", "2.05%", "2.50%", "2.50%"),
    # parts that add up, points less score, the grade from the total
    ("2025年“三公”经费支出4.15万元，其中：因公出国（境）费0.00万元，公务用车购置及运行维护费3.20万元，公务接待费0.85万元。",
     "4.15万元", "4.05万元", "4.05万元"),
    ("产出指标共5项，分值50分，自评得分49.80分，扣0.30分。", "扣0.30分", "扣0.20分", "扣0.20分"),
    ("部门整体支出绩效自评综合得分88.50分，评价等级为“优”。", "优", "良", "良"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "says", "should", "fixed"), SLIPS, ids=[f"{i}-{c[1]}" for i, c in enumerate(SLIPS)])
def test_a_planted_slip_is_found_with_the_right_value(text: str, says: str, should: str, fixed: str | None) -> None:
    slips = check_paragraph(text, "第1段")
    assert [s.says for s in slips] == [says], slips
    assert slips[0].should.startswith(should)
    if fixed is not None:
        corrected = text.replace(says, fixed, 1)
        assert check_paragraph(corrected, "第1段") == []


CLEAN = [
    # the program's own sentences and real reports' right figures
    "2025年度我会总收入228.63万元，其中：财政拨款收入228.63万元，占总收入的100.00%。全年总支出228.25万元，其中：基本支出220.25万元，"
    "占总支出的96.50%；项目支出8.00万元，占总支出的3.50%。总支出比上年的219.80万元增加8.45万元，增长3.84%。",
    # right at the precision it is stated with
    "20xx年农产品加工业总产值74583万元，20xx年农产品加工业总产值达81570万元，比上年增长9.4%。",
    "我镇建档立卡贫困户特色种养业自种自养583户，占建档立卡贫困户的41%。",  # the whole is not stated: left alone
    "防控区病虫害危害损失率为4.2%，化学农药使用量减少11.8%。",  # stated results, not computed from parts
    "全年接待群众来访120人次，办结118人次，来访量同比增长5.00%。",  # two figures, neither of them last year's
    "年初预算数228.63万元，全年预算数228.63万元，全年执行数228.25万元，预算执行率为99.83%。",
    "其中预算执行率99.83%，得9.98分（满分10分）。",
    "第一季度末累计支出58.60万元，支付进度为25.63%，达到序时进度（25.00%）。",  # no budget in the paragraph
]


@pytest.mark.parametrize("text", CLEAN, ids=[str(i) for i in range(len(CLEAN))])
def test_right_figures_and_figures_without_their_parts_are_not_findings(text: str) -> None:
    assert check_paragraph(text, "第1段") == []


_PIECES = st.sampled_from(
    ["总支出", "基本支出", "占总支出的", "占比", "比上年的", "较上年", "同比", "增长", "下降", "增加", "减少",
     "其中：", "全年预算数", "全年执行数", "预算执行率为", "得", "分（满分", "综合得分", "评价等级为“优”",
     "万元", "元", "%", "，", "。", "；", "分", "人", "0", "0.00", "1", "12.5", "99.99", "100", "228.25", "9" * 30,
     "(", "（"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_paragraph_gives_findings_or_none_never_an_error(text: str) -> None:
    """Zeros as wholes and as last year's figures, 30-digit runs, words without figures: no
    exception, and every finding names what the paragraph says."""
    for slip in check_paragraph(text, "第1段"):
        assert slip.says and slip.should
