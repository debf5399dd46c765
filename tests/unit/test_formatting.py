"""Filters that put user text into a 公文 sentence."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.compose import compose
from assistant.formatting import book_title, titles
from tests.support.examples import example_ev, example_seed
from tests.support.report import all_text


@pytest.mark.parametrize(("name", "expected"), [
    ("预算法", "《预算法》"),
    ("《预算法》", "《预算法》"),
    ("项目支出绩效评价管理办法（财预〔2020〕10号）", "《项目支出绩效评价管理办法》（财预〔2020〕10号）"),
    ("考核办法 (青农发[2025]12号)。", "《考核办法》（青农发[2025]12号）"),
    ("《考核办法》（青农发〔2025〕12号）", "《考核办法》（青农发〔2025〕12号）"),
    ("关于加强管理的通知（试行）", "《关于加强管理的通知（试行）》"),
    ("关于印发《项目支出绩效评价管理办法》的通知（财预〔2020〕10号）",
     "《关于印发〈项目支出绩效评价管理办法〉的通知》（财预〔2020〕10号）"),
    ("（青农发〔2025〕12号）", "（青农发〔2025〕12号）"),
    ("《甲》《乙》", "《甲》《乙》"),
])  # fmt: skip
def test_a_document_name_is_marked_once_and_its_number_stays_outside(name: str, expected: str) -> None:
    assert book_title(name) == expected


def test_titles_in_a_row() -> None:
    assert titles(["预算法", "《条例》"]) == "《预算法》《条例》"
    assert titles(["办法（财预〔2020〕10号）", "预算法"]) == "《办法》（财预〔2020〕10号）、《预算法》"


@pytest.mark.parametrize(("kind", "qid"), [("target-mgmt", "basis_doc"), ("comprehensive", "key_doc")])
def test_a_marked_name_with_its_number_reads_right_in_the_report(kind: str, qid: str) -> None:
    typed = "《青山县2025年度乡镇农业农村经济目标管理考核办法》（青农发〔2025〕12号）"
    ev = example_ev(kind, **{qid: typed})
    assert ev.values.get(qid) == typed, "the example answers this question"
    text = all_text(compose(ev, seed=example_seed(kind)))
    assert typed in text and "《《" not in text and "》》" not in text


def test_the_lines_of_a_paragraph_answer_become_the_parts_of_one_sentence() -> None:
    from assistant.formatting import clause, sentence

    typed = (
        "新建和改造集中供水工程12处，铺设供水管网86公里\n更换老旧管道23公里，新建净水消毒设施15套\n\n"
        "对全县45个行政村的水质开展季度检测。"
    )
    assert sentence(typed) == ("新建和改造集中供水工程12处，铺设供水管网86公里；更换老旧管道23公里，"
                               "新建净水消毒设施15套；对全县45个行政村的水质开展季度检测。")  # fmt: skip
    assert clause("第一项。\n第二项；\n第三项") == "第一项。第二项；第三项", "a line's own mark is kept"


def test_a_multi_line_project_content_reads_as_one_sentence_in_the_report() -> None:
    typed = "新建和改造集中供水工程12处\n更换老旧管道23公里"
    text = all_text(compose(example_ev("project", project_content=typed), seed=example_seed("project")))
    assert "新建和改造集中供水工程12处；更换老旧管道23公里。" in text, text[:400]


@pytest.mark.parametrize("kind", ["project", "dept-overall"])
def test_monitoring_is_described_as_the_user_said_never_invented(kind: str) -> None:
    def sentence(**changes: str | None) -> str:
        text = all_text(compose(example_ev(kind, **changes), seed=example_seed(kind)))
        return next(s for s in re.split("(?<=。)", text) if "绩效运行监控" in s)

    assert "开展了绩效运行监控（6月和9月各一次）。" in sentence(monitoring_detail="6月和9月各一次")
    unsaid = sentence(monitoring_detail=None)
    assert "开展了绩效运行监控。" in unsaid and "季度" not in unsaid, unsaid
    # nothing added to a no: 主要在年末集中核实 was a claim nobody made
    assert sentence(monitoring="否").strip() == "本年度未开展绩效运行监控。"


def test_a_fall_is_not_described_as_reaching_a_figure() -> None:
    from tests.support.examples import example_raw

    items = example_raw("target-mgmt")["items"]
    assert "18856.1" in items
    text = all_text(compose(example_ev("target-mgmt", items=items.replace("18856.1", "21773.3")),
                            seed=example_seed("target-mgmt")))  # fmt: skip
    sentence = next(s for s in re.split("(?<=。)", text) if "20247.2" in s)
    assert "为20247.2吨" in sentence and "比上年下降7.01%" in sentence and "达" not in sentence, sentence


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 5, 8])
def test_the_same_unit_is_not_named_twice_as_department_and_implementer(seed: int) -> None:
    from tests.support.examples import example_raw

    unit = example_raw("project")["unit_name"]
    text = all_text(compose(example_ev("project", department=unit), seed=seed))
    assert f"{unit}（以下简称“我站”）" in text, "the full name once, with its short name"
    sentence = next(s for s in re.split("(?<=。)", text) if "主管" in s)
    assert sentence.count(unit) + sentence.count("我站") == 1, sentence
    assert "主管并组织实施" in sentence or "主管部门和实施单位均为" in sentence, sentence
    other = all_text(compose(example_ev("project", department="青山县财政局"), seed=seed))
    assert "青山县财政局" in other and "我站" in next(s for s in re.split("(?<=。)", other) if "主管" in s)


def test_the_method_says_how_lower_is_better_indicators_are_scored_when_there_are_any() -> None:
    from tests.support.examples import example_raw

    text = all_text(compose(example_ev("project"), seed=example_seed("project")))
    assert "（越低越好的指标，超出年度指标值的按超出的比例扣分）" in text, "the example has ≤ indicators"
    rows = [row for row in example_raw("project")["indicators"].split("\n") if "≤" not in row]
    without = all_text(compose(example_ev("project", indicators="\n".join(rows)), seed=example_seed("project")))
    assert "按完成比例计分；" in without and "越低越好" not in without


def test_a_field_typed_with_its_trailing_words_does_not_say_them_twice_in_the_title() -> None:
    from assistant.formatting import field_name

    typed = ("农业经济", "农业农村经济工作", "安全生产目标", "工作", "农业经济工作目标管理")
    assert [field_name(x) for x in typed] == ["农业经济", "农业农村经济", "安全生产", "工作", "农业经济"]
    report = compose(example_ev("target-mgmt", field="农业农村经济工作"), seed=example_seed("target-mgmt"))
    assert report.title.endswith("年度农业农村经济目标管理绩效考核自评报告"), report.title
    assert "工作目标管理" not in all_text(report)
    for seed in range(4):  # comprehensive says 全年…工作目标
        text = all_text(compose(example_ev("comprehensive", field="食品药品安全监管工作"), seed=seed))
        assert "工作工作" not in text and "食品药品安全监管" in text


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_grade_withheld_is_said_plainly_not_quoted(seed: int) -> None:
    from tests.support.examples import example_raw

    rows = example_raw("project")["indicators"].split("\n")
    first = rows[0].rsplit("｜", 1)
    rows[0] = f"{first[0]}｜{int(first[1]) - 5}"  # the points now add up to 95
    text = all_text(compose(example_ev("project", indicators="\n".join(rows)), seed=seed))
    assert "分值合计95分，不是100分，暂不评定等级" in text
    assert "等级为“【" not in text and "“【待补充" not in text, "no placeholder in quotes"


@pytest.mark.parametrize("kind", ["project", "dept-overall"])
def test_monitoring_unanswered_is_a_placeholder_not_a_fact(kind: str) -> None:
    text = all_text(compose(example_ev(kind, monitoring=None, monitoring_detail=None), seed=example_seed(kind)))
    assert "未系统开展" not in text and "开展了绩效运行监控" not in text
    assert "【待补充：年度绩效监控】" in text


@pytest.mark.parametrize(("kind", "qid"), [("dept-overall", "duties"), ("dept-overall", "experiences"),
                                           ("dept-overall", "problems"), ("dept-overall", "measures"),
                                           ("dept-overall", "suggestions"), ("comprehensive", "field")])  # fmt: skip
def test_every_list_answer_is_echoed_as_the_report_writes_it(kind: str, qid: str) -> None:
    from assistant.compose import echo_sentence

    ev = example_ev(kind)
    echo = echo_sentence(ev, qid, seed=example_seed(kind))
    assert echo, f"{qid} has a sentence to show in the chat"
    text = all_text(compose(ev, seed=example_seed(kind)))
    assert all(line in text for line in echo.split("\n")), (echo, qid)  # a paragraph a line, as in the report


def test_work_typed_with_its_own_numbers_is_numbered_once() -> None:
    from assistant.compose import echo_sentence

    typed = "一是举办职工大讲堂5场\n（二）签订集体合同150份\n3.发出维权意见书43份"
    ev = example_ev("dept-overall", work_items=typed)
    text = all_text(compose(ev, seed=example_seed("dept-overall")))
    for said in ("一是举办职工大讲堂5场。", "二是签订集体合同150份。", "三是发出维权意见书43份。"):
        assert said in text
    assert "一是一是" not in text and "二是（二）" not in text and "三是3." not in text
    assert echo_sentence(ev, "work_items", seed=0).split("\n")[0] == "一是举办职工大讲堂5场。", "echoed too"


def test_a_half_width_comma_beside_a_figure_becomes_full_width_a_thousands_one_stays() -> None:
    from assistant.formatting import tidy_punctuation

    assert tidy_punctuation("开展25场次,30个工种") == "开展25场次，30个工种"
    assert tidy_punctuation("发出43份,100%的意见得到落实") == "发出43份，100%的意见得到落实"
    assert tidy_punctuation("达到100%,意见") == "达到100%，意见"
    assert tidy_punctuation("合计1,234元") == "合计1,234元" and tidy_punctuation("第1,2,3项") == "第1,2,3项"


# texts made of what the punctuation patterns act on: Chinese, brackets, figures, ASCII and full-width marks
_TOKENS = [*"甲乙丙财绩号第项（）()《》“”,;:?!.，。、；：！？[]［］【】〔〕 12%0", "2026"]
_PUNCTUATION_TEXTS = st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join)


@given(_PUNCTUATION_TEXTS)
@pytest.mark.parametrize("case", ["", "见(附表)。", "甲, 乙", "完成.", "甲,12", "12%;乙", "财绩[2026]3号", "好。。，"])
def test_tidy_punctuation_is_each_pattern_applied_in_turn(case: str, text: str) -> None:
    """A pattern is skipped for a text without a character it needs (so that it is compiled only
    when needed): the result is the one of applying every pattern. `case`, before the random text:
    one that each pattern acts on (each guard must let it through)."""
    from assistant import formatting as f

    text = case + text
    expected = text
    for pattern, replacement in ((f._PARENS, r"（\1）"), (f._BETWEEN, f._to_full), (f._AFTER_CJK_AT_END, f._to_full),
                                 (f._CJK_THEN_FIGURE, f._to_full), (f._FIGURE_THEN_CJK, f._to_full),
                                 (f._DOUBLED, r"\1"), (f._DOC_YEAR, r"\1〔\2〕\3"), (f._CLASHING, "")):  # fmt: skip
        expected = re.sub(pattern, replacement, expected)
    assert f.tidy_punctuation(text) == expected
