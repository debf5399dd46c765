"""comprehensive — 综合绩效考评自评 (sample 2): a short narrative in three parts (明确目标、制定方案 /
强化措施、全力推进 / 加强协调、争取支持), measures as 一是……；二是……, and the conclusion on the ranking."""

from __future__ import annotations

import re

import pytest

from assistant.compose import compose, echo_sentence
from assistant.kinds import load_kind
from tests.test_kinds_common import all_text, example_ev, example_seed, headings, paragraphs, section

KIND = "comprehensive"
HEADINGS = [("明确目标，制定方案", "明确工作目标，细化实施方案"),
            ("强化措施，全力推进各项工作", "强化工作措施，确保任务落实"),
            ("加强协调，争取支持", "加强沟通协调，凝聚工作合力")]  # fmt: skip


@pytest.fixture(scope="module")
def report():
    return compose(example_ev(KIND), seed=example_seed(KIND))


@pytest.mark.parametrize("seed", range(6))
def test_outline(seed: int) -> None:
    report = compose(example_ev(KIND), seed=seed)
    top = headings(report, level=1)
    assert len(top) == 4
    for heading, choices in zip(top, HEADINGS, strict=False):  # the sample's three parts,
        assert heading in choices
    assert top[3] == "存在的不足和下一步打算", "then the example's 不足 and 下一步 under their own heading"
    assert report.title == "安仁县食品药品监督管理局2025年度综合绩效考评自评报告"
    texts = paragraphs(report)
    assert texts[0].endswith("报告如下。")
    conclusion = next(i for i, p in enumerate(texts) if "名列前茅" in p)
    assert conclusion == 4  # opening, one paragraph per part, then the conclusion (as in the sample)


def test_goals_and_plans(report) -> None:
    text = section(report, headings(report, 1)[0])[0]
    assert "《安仁县食品药品监督管理局2025年工作要点》" in text
    assert "《市场监管执法工作方案》《药品医疗器械稽查工作方案》《安仁县2025年食品安全整顿工作安排》" in text
    assert "《安仁县农村药品“两网”建设实施方案》等22个工作方案" in text
    assert "市综合绩效评估指标" in text and "食品药品安全监管" in text


@pytest.mark.parametrize("count, words", [(None, "等工作方案"), ("4", "共4个工作方案"), ("30", "等30个工作方案")])
def test_plan_count(count: str | None, words: str) -> None:
    report = compose(example_ev(KIND, plan_count=count), seed=0)
    assert words in section(report, headings(report, 1)[0])[0]


@pytest.mark.parametrize("seed", range(6))
def test_measures_and_coordination_are_enumerated(seed: int) -> None:
    report = compose(example_ev(KIND, ), seed=seed)
    measures = section(report, headings(report, 1)[1])
    assert len(measures) == 1
    assert re.search(r"：一是各项工作逐项明确责任领导和责任股室[^；]*；二是实行每月一调度、每季一点评[^；]*；"
                     r"三是日常监管实行分片包干[^；]*；四是建立日常监管、稽查办案、“两网”建设等电子工作台账[^；。]*。$",
                     measures[0]), measures[0]  # fmt: skip
    coordination = section(report, headings(report, 1)[2])[0]
    assert re.search(r"：一是加强向市局的汇报.*指导工作4次.*；二是加强向县委、县政府的汇报.*；三是.*。$", coordination)


def test_conclusion_and_ranking(report) -> None:
    conclusion = next(p for p in paragraphs(report) if "名列前茅" in p)
    assert conclusion.endswith("在全市排名中名列前茅。")
    assert "市综合绩效评估指标" in conclusion


def test_incomplete_targets_are_explained() -> None:
    ev = example_ev(KIND, completion="2")
    assert ev.is_active("incomplete_note") and "incomplete_note" not in ev.values
    assert any(q.id == "incomplete_note" for q in ev.active if q.required)
    note = "农村药品“两网”建设完成年度任务的85%，主要是部分村卫生室改造滞后"
    report = compose(example_ev(KIND, completion="2", incomplete_note=note), seed=0)
    conclusion = next(p for p in paragraphs(report) if "两网”建设完成年度任务的85%" in p)
    assert conclusion.startswith("总体来看，我局基本完成了市综合绩效评估指标确定的目标任务，但仍有任务未达到要求：")
    assert conclusion.endswith("我局在全市排名中名列前茅。")
    assert not example_ev(KIND).is_active("incomplete_note")


def test_review_paragraphs_are_optional(report) -> None:
    text = all_text(report)
    assert "一是基层监管力量相对薄弱" in text and "一是加强基层监管队伍业务培训" in text
    bare = all_text(compose(example_ev(KIND, shortcomings=None, next_steps=None), seed=0))
    assert "基层监管力量" not in bare and "下一步" not in bare and "2026年，我局" not in bare
    assert paragraphs(compose(example_ev(KIND, shortcomings=None, next_steps=None), seed=0))[-1].endswith("名列前茅。")


def test_no_scores_and_no_tables(report) -> None:
    assert example_ev(KIND).scorecard is None
    assert load_kind(KIND).scoring.mode == "none"
    assert all(b.type != "table" for b in report.blocks)


def test_echo_sentences() -> None:
    ev = example_ev(KIND)
    seed = example_seed(KIND)
    assert echo_sentence(ev, "measures", seed) == section(compose(ev, seed), headings(compose(ev, seed), 1)[1])[0]
    assert "名列前茅" in (echo_sentence(ev, "ranking", seed) or "")
    assert "22个工作方案" in (echo_sentence(ev, "plan_count", seed) or "")


def test_no_shortcomings_is_said_plainly_and_without_next_steps_only_the_plans_head_the_part() -> None:
    text = all_text(compose(example_ev(KIND, shortcomings="暂无"), seed=example_seed(KIND)))
    assert "暂未发现需要重点说明的不足" in text and "一是暂无" not in text and "针对存在的不足" not in text
    report = compose(example_ev(KIND, shortcomings=None), seed=example_seed(KIND))
    assert headings(report, level=1)[3] == "下一步打算"
    report = compose(example_ev(KIND, shortcomings=None, next_steps=None), seed=example_seed(KIND))
    assert len(headings(report, level=1)) == 3, "as in the sample"


def test_a_plan_count_below_the_plans_listed_is_pointed_out() -> None:
    plans = example_ev(KIND).values["plans"]
    ev = example_ev(KIND, plan_count=str(len(plans) - 1))
    [f] = [f for f in ev.findings if f.code == "count_covers"]
    assert f.level == "error" and f"少于列出的{len(plans)}个工作方案" in f.message
    assert not [f for f in example_ev(KIND).findings if f.code == "count_covers"]
