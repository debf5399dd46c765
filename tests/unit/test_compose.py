"""Phrase templates → the Report tree, and its Markdown and text renderings (compose.py, export/)."""

from __future__ import annotations

import re

import pytest

from assistant.compose import compose, echo_sentence
from assistant.export.markdown import to_markdown
from assistant.export.text import to_text
from assistant.models import Heading, Paragraph, Report, Table, joined_tables
from assistant.pipeline import evaluate
from assistant.wording import placeholder_re
from tests.support.report import all_text

OUTLINE = ["单位概况", "绩效目标", "评价思路和过程", "评价结论和绩效分析", "主要经验做法", "存在的问题",
           "改进措施及建议", "自评结果应用和公开情况"]  # fmt: skip
NUMBERS = ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"]
CJK = r"[\u3400-\u9fff（）《》“”、，。；：]"
ASCII_BETWEEN_CJK = re.compile(rf"{CJK}\s*[,.:;]\s*{CJK}")


@pytest.fixture
def report(example_ev) -> Report:
    return compose(example_ev, seed=0)


def test_outline_of_sample_3(report: Report) -> None:
    top = [b for b in report.blocks if isinstance(b, Heading) and b.level == 1]
    assert [h.text for h in top] == OUTLINE
    assert [h.number for h in top] == NUMBERS
    subs = [b.number for b in report.blocks if isinstance(b, Heading) and b.level == 2]
    assert subs[:7] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）"]  # 单位概况's seven parts


def test_title_signature_and_attachments(report: Report) -> None:
    assert report.title == "昆明市五华区总工会2025年度部门整体支出绩效自评报告"
    assert report.unit == "昆明市五华区总工会"
    assert report.date == "2026年3月15日"
    # the 自评表 is the attachment; the user's own listing of it (the example has one) is not repeated
    assert report.attachment_names == ["部门整体支出绩效自评表（2025年度）"]
    assert report.attachments[0].label == "附件" and report.attachments[0].blocks  # one: not numbered


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4, 5, 6, 7])
def test_figures_in_the_text(example_ev, seed: int) -> None:
    text = all_text(compose(example_ev, seed=seed))
    for words in ("总收入228.63万元", "财政拨款收入228.63万元，占总收入的100.00%", "基本支出220.25万元，占",
                  "96.50%", "项目支出8.00万元，占", "3.50%", "预算执行率为99.83%", "在职人员控制率",
                  "91.67%", "综合得分98分", "评价等级为“优”", "发放困难职工帮扶和节日慰问资金307.45万元，惠及6512人",
                  "《中华人民共和国预算法》《云南省预算审查监督条例》"):  # fmt: skip
        assert words in text, words
    assert re.search(r"基本支出220\.25万元，占(总支出的)?96\.50%；项目支出8\.00万元，占(总支出的)?3\.50%", text)


@pytest.mark.parametrize("seed", range(8))
def test_nothing_unrendered_and_no_ascii_punctuation_between_chinese(example_ev, seed: int) -> None:
    report = compose(example_ev, seed=seed)
    for text in (all_text(report), to_markdown(report), to_text(report)):
        for bad in ("{{", "}}", "{%", "%}", "None", "【待补充", "[[", "Decimal", "True", "False"):
            assert bad not in text, (bad, seed)
        assert not ASCII_BETWEEN_CJK.findall(all_text(report)), ASCII_BETWEEN_CJK.findall(all_text(report))
        assert "。。" not in text and "，。" not in text and "；。" not in text


def test_the_body_refers_to_the_attached_table_instead_of_repeating_it(report: Report) -> None:
    assert not any(isinstance(b, Table) for b in report.blocks)
    text = all_text(report)
    assert "按资金来源和支出性质分列的年初预算数、全年预算数和全年执行数见附件。" in text
    assert "各项指标的年度指标值、实际完成值和得分见附件。" in text
    rows = [[c.text for c in row] for b in report.attachments[0].blocks for row in b.rows]  # type: ignore[union-attr]
    assert ["年度资金总额", "228.63", "228.63", "228.25", "10", "99.83%", "9.98"] in rows
    assert rows[-2:] == [["总分", "100", "98.00", ""], ["自评等级", "优"]]  # one precision: 5.52 is in the table


def test_spending_in_the_text_equals_the_score_table(report: Report) -> None:
    # rules.md §4: the 执行数 of the table is the actual spending stated in the text
    text = all_text(report)
    assert "全年执行数228.25万元" in text and "228.25万元" in text


def test_missing_answers_appear_as_placeholders(kind, example_raw) -> None:
    qids = ("staff_quota", "spend_basic", "unit_name", "monitoring", "procurement_count", "eval_org", "indicators")
    for qid in qids:
        raw = dict(example_raw)
        del raw[qid]
        report = compose(evaluate(kind, raw), seed=0)
        text = all_text(report)
        label = kind.question(qid).label
        assert f"【待补充：{label}】" in text, qid
        assert "None" not in text and "{{" not in text


def test_every_required_answer_missing_is_named(kind, example_raw) -> None:
    # remove each required answer in turn (with the answers that make conditional ones apply)
    triggers = {
        "eval_period": {"eval_period_note": "否"},
        "adjustment_reason": {"budget_initial": "220万元"},
        "procurement_budget": {"procurement_count": "2"},
        "procurement_spent": {"procurement_count": "2"},
        "low_execution_reason": {"budget_final": "260万元", "adjustment_reason": "年中追加"},
        "staff_over_reason": {"staff_actual": "13人"},
        "change_reason": {"income_total_last": "150万元"},
        "balance_carried": {"balance_use": "部分结转、部分交回", "balance_returned": "0.18万元"},
        "balance_returned": {"balance_use": "部分结转、部分交回", "balance_carried": "0.20万元"},
        "three_public_reason": {"three_public_last": "3万元"},
    }
    for q in kind.questions:
        if not q.required:
            continue
        raw = {**example_raw, **triggers.get(q.id, {})}
        raw.pop(q.id, None)
        ev = evaluate(kind, raw)
        assert ev.is_active(q.id), q.id
        text = to_text(compose(ev, seed=0))
        assert f"【待补充：{q.label}" in text, q.id
        assert "None" not in text, q.id


def test_no_answers_at_all(kind) -> None:
    report = compose(evaluate(kind, {}), seed=0)
    text = all_text(report)
    assert "None" not in text and "{{" not in text
    assert report.title.startswith("【待补充：单位名称】")
    assert report.unit == "【待补充：单位名称】" and report.date == "【待补充：成文日期】"
    # no score or grade is invented before there are indicators and a budget
    assert "评价等级为" not in text and "自评等级：" not in text
    form = joined_tables(report.attachments[0].blocks)[0]
    assert isinstance(form, Table)
    assert [c.text for c in form.rows[-1]] == ["自评等级", "【待补充：绩效指标还没有填写，暂不评定等级】"]
    assert "【待补充：综合得分" in text
    # a missing yes/no or choice is not taken as 否 or as the first choice
    assert "未系统开展绩效运行监控" not in text and "由单位负责人牵头" not in text
    assert "未实施政府采购项目" not in text and "未新增固定资产" not in text
    # a missing paragraph answer is one placeholder, not one character per line
    assert "一是【" not in text and "【待补充：工作完成情况】" in text
    total = next(row for row in form.rows if row[0].text == "年度资金总额")
    assert all(c.text.startswith("【待补充") for c in total[1:4])
    for block in report.blocks:
        if isinstance(block, Paragraph):
            assert block.text.strip(), "empty paragraph"
    assert placeholder_re().search(text)


def test_deterministic_per_seed_and_varied_between_seeds(kind, example_raw) -> None:
    texts = {to_text(compose(evaluate(kind, example_raw), seed=s)) for s in range(12)}
    assert len(texts) > 1
    again = [to_text(compose(evaluate(kind, dict(example_raw)), seed=7)) for _ in range(2)]
    assert again[0] == again[1]


def test_user_text_is_tidied(kind, example_raw) -> None:
    example_raw["funds_management"] = "资金支付审批手续完整,专款专用;会计核算规范.."
    example_raw["work_items"] = "举办大讲堂4场\x0b，设立专栏10个\n签订集体合同142份(含续签)"
    text = all_text(compose(evaluate(kind, example_raw), seed=0))
    assert "资金支付审批手续完整，专款专用；会计核算规范。" in text
    assert "\x0b" not in text
    assert "签订集体合同142份（含续签）。" in text


def test_user_text_is_never_a_template(kind, example_raw) -> None:
    example_raw["funds_management"] = "{{ 7 * 7 }}与{% if true %}是{% endif %}"
    text = all_text(compose(evaluate(kind, example_raw), seed=0))
    assert "{{ 7 * 7 }}与{% if true %}是{% endif %}" in text
    assert "49与" not in text


def test_growth_on_last_year(kind, example_raw) -> None:
    example_raw["income_total_last"] = "212.90万元"
    texts = [all_text(compose(evaluate(kind, example_raw), seed=s)) for s in range(6)]
    assert all("总收入较上年增加15.73万元，增长7.39%" in t or "总收入比上年的212.90万元增加15.73万元，增长7.39%" in t
               for t in texts)  # fmt: skip
    example_raw["income_total_last"] = "240万元"
    assert "减少11.37万元，下降4.74%" in all_text(compose(evaluate(kind, example_raw), seed=0))


def test_echo_sentence_is_what_the_report_says(example_ev) -> None:
    sentence = echo_sentence(example_ev, "spend_basic", seed=0)
    assert sentence is not None and "220.25万元" in sentence and "96.50%" in sentence
    assert sentence in all_text(compose(example_ev, seed=0))
    assert echo_sentence(example_ev, "unit_name", seed=0) is None  # no sentence of its own


def test_markdown(report: Report) -> None:
    md = to_markdown(report)
    assert md.startswith("# 昆明市五华区总工会2025年度部门整体支出绩效自评报告\n")
    for heading in ("## 一、单位概况", "## 七、改进措施及建议", "### （一）单位机构设置及编制"):
        assert f"\n{heading}\n" in md
    assert "\n1\\.根据党的方针政策" in md  # "1." at a line start would become a Markdown list
    assert "附件：部门整体支出绩效自评表（2025年度）\n" in md, "one attachment: not numbered"
    # the attachment after the 落款: its label, its title, the form as one table
    signature = md.index("2026年3月15日</p>\n")
    form = md.index("\n---\n\n附件\n\n# 部门整体支出绩效自评表（2025年度）\n\n| 部门（单位）名称 |")
    assert signature < form
    tail = md[form:]
    assert "|  | 年度资金总额 |  | 228.63 | 228.63 | 228.25 | 10 | 99.83% | 9.98 |" in tail
    assert sum(line.startswith("|---") for line in tail.split("\n")) == 1, "the form's two parts: one table"
    assert "| 总分 |  |  |  |  |  | 100 | 98.00 |  |\n| 自评等级 |  |  |  |  |  | 优 |  |  |\n" in tail


def test_text(report: Report) -> None:
    text = to_text(report)
    lines = text.split("\n")
    assert lines[0] == "昆明市五华区总工会2025年度部门整体支出绩效自评报告"
    assert "　　一、单位概况" in lines and "　　七、改进措施及建议" in lines
    assert "　　附件：部门整体支出绩效自评表（2025年度）" in lines
    end = lines.index("2026年3月15日")
    assert lines[end - 1] == "昆明市五华区总工会"
    assert lines[end + 1 : end + 6] == ["", "", "附件", "", "部门整体支出绩效自评表（2025年度）"]
    assert " | 年度资金总额 |  | 228.63 | 228.63 | 228.25 | 10 | 99.83% | 9.98" in lines[end:]
    assert lines[-2:] == ["自评等级 |  |  |  |  |  | 优 |  |", ""]


def test_markdown_keeps_user_text_literal(kind, example_raw) -> None:
    example_raw["funds_management"] = "- 每笔支出*双人*审核，见<附件>与[清单]"
    example_raw["experiences"] = "# 设定量化目标\n1) 按季度跟踪"
    md = to_markdown(compose(evaluate(kind, example_raw), seed=0))
    assert "\\- 每笔支出\\*双人\\*审核，见\\<附件\\>与\\[清单\\]。" in md
    assert "\n1\\.# 设定量化目标。" in md  # numbered by the template: the # is not at a line start
    assert "\n2\\.按季度跟踪。" in md
    assert "<附件>" not in md


def test_attachments_are_numbered_only_when_there_are_several() -> None:
    from assistant.export.markdown import to_markdown
    from assistant.export.text import to_text
    from assistant.models import Report

    one = Report(title="题", blocks=[], attachments=["自评表"])
    two = Report(title="题", blocks=[], attachments=["自评表", "佐证材料"])
    assert "　　附件：自评表" in to_text(one) and "1." not in to_text(one)
    assert "　　附件：1.自评表\n　　　　　2.佐证材料" in to_text(two)
    assert "附件：自评表" in to_markdown(one)
    assert "附件：1.自评表　2.佐证材料" in to_markdown(two)
