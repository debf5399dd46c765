"""target-mgmt — 目标管理绩效考核自评 (sample 1): assessment items as records, growth per item,
standard plus bonus points, evidence attached (见附后：……)."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal

import pytest

from assistant.answers import parse_answer
from assistant.compose import compose, echo_sentence
from assistant.errors import AnswerError
from assistant.kinds import load_kind
from assistant.models import Table
from assistant.scoring import scorecard
from assistant.templating import render_default
from tests.test_kinds_common import ROOT, all_text, example_ev, example_raw, example_seed, headings, paragraphs, section

KIND = "target-mgmt"
ITEM_NAMES = ["粮食生产", "规模以上农产品加工业发展", "农产品加工业产值", "农业产业化联合体培育",
              "龙头企业培育", "家庭农场和示范合作社发展", "农业“三品一标”认证", "动物防疫工作",
              "农产品质量安全监管建设", "生猪定点屠宰", "农业产业化及特色种养业扶贫", "农民负担和村级财务管理",
              "渔政管理", "农业招商引资（附加分项目）"]  # fmt: skip


@pytest.fixture(scope="module")
def report():
    return compose(example_ev(KIND), seed=example_seed(KIND))


def test_outline(report) -> None:
    top = headings(report, level=1)
    assert top[0] in ("考核项目完成情况", "各项考核任务完成情况")
    assert top[1:] == ["自评得分情况", "存在的不足和下一步打算"]
    assert headings(report, level=2) == ITEM_NAMES
    assert report.title == "泾县榔桥镇人民政府2025年度农业经济目标管理绩效考核自评报告"
    assert (report.unit, report.date) == ("泾县榔桥镇人民政府", "2026年1月10日")


def test_opening_names_the_assessors_and_the_document(report) -> None:
    opening = paragraphs(report)[0]
    assert "县农委、县统计局、县目标办《关于印发2025年度乡镇农业经济目标管理考核办法的通知》" in opening
    assert opening.endswith("报告如下。") and "我镇" in opening


@pytest.mark.parametrize("seed", range(8))
def test_growth_figures_of_the_sample(seed: int) -> None:
    text = all_text(compose(example_ev(KIND), seed=seed))
    for words in ("18856.1吨", "20247.2吨", "比上年增长7.38%", "74583万元", "81570万元", "比上年增长9.37%",
                  "22088.4万元", "比上年增长16.96%"):  # fmt: skip
        assert words in text, words
    assert "9.4%" not in text  # the sample's figure, truncated; the product rounds half-up to two decimals


@pytest.mark.parametrize("seed", range(8))
def test_each_item_is_written_as_in_the_sample(seed: int) -> None:
    report = compose(example_ev(KIND), seed=seed)
    grain = section(report, "粮食生产")
    assert len(grain) == 1
    wanted = r"(考核标准分为|本项考核标准分)20分[，。].*比上年增长7\.38%。（见附后：2025年农作物生产情况统计表）"
    assert re.fullmatch(wanted, grain[0]), grain[0]
    bonus = section(report, "农业招商引资（附加分项目）")[0]
    assert bonus.startswith(("附加分项目，分值4分，自评4分", "本项为附加分项目，分值4分，自评4分")), bonus
    assert bonus.endswith("（见附后：泾县2025年农业招商引资情况统计表及招商引资证明材料）")
    assert section(report, "生猪定点屠宰")[0].endswith("全年未发现私屠滥宰现象。")  # no evidence: no 见附后


def test_the_sample_sentence_is_one_of_the_phrasings() -> None:
    wanted = ("考核标准分为20分，2024年我镇粮食总产18856.1吨，2025年达到20247.2吨，比上年增长7.38%。"
              "（见附后：2025年农作物生产情况统计表）")  # fmt: skip
    ev = example_ev(KIND)
    assert any(section(compose(ev, seed=s), "粮食生产") == [wanted] for s in range(40))


def test_total_is_standard_plus_bonus(report) -> None:
    card = example_ev(KIND).scorecard
    assert card is not None
    assert (card.standard_points, card.standard_score, card.bonus_points, card.bonus_score) == (
        Decimal(100), Decimal(100), Decimal(4), Decimal(4))  # fmt: skip
    assert (card.max_total, card.total) == (Decimal(104), Decimal(104)), "the maximum counts the bonus points"
    assert (card.grade, card.graded) == ("", False), "rules.md §3 gives this kind no grade bands"
    summary = " ".join(section(report, "自评得分情况"))
    assert "104分" in summary and "100分" in summary and "4分" in summary
    table = next(b for b in report.blocks if isinstance(b, Table) and b.name == "items")
    assert [c.text for c in table.rows[-1]] == ["合计", "100", "4", "104"]
    assert len(table.rows) == 1 + 14 + 1
    assert [c.text for c in table.rows[14]][1:] == ["农业招商引资", "—", "4", "4"]


def test_growth_is_computed_per_item() -> None:
    card = example_ev(KIND).scorecard
    assert card is not None
    growth = {i["name"]: i["growth"] for i in card.items}
    assert growth["粮食生产"] == Decimal("7.38")
    assert growth["农产品加工业产值"] == Decimal("9.37")
    assert growth["规模以上农产品加工业发展"] == Decimal("16.96")
    assert growth["动物防疫工作"] is None
    assert [i["bonus"] for i in card.items].count(True) == 1


def test_evidence_becomes_the_attachments(report) -> None:
    names = report.attachment_names
    assert len(names) == 19 == len(set(names))
    assert names[0] == "2025年农作物生产情况统计表"
    assert "宣农产〔2025〕6号关于公布宣城市市级农业产业化龙头企业名单的通知" in names
    assert not any(ch in name for name in names for ch in "《》；。")
    assert not any(a.blocks for a in report.attachments), "named only: the unit attaches them"


def test_a_fall_a_flat_year_and_a_missing_score() -> None:
    kind = load_kind(KIND)
    q = kind.question("items")
    rows = parse_answer(q, "甲项｜10｜8｜｜｜｜产量｜吨｜200｜150\n乙项｜5｜5｜｜做了工作｜｜产值｜万元｜80｜80\n"
                           "丙项｜3｜3｜是｜完成任务\n丁项｜5｜5｜｜｜｜人数｜人｜0｜12")  # fmt: skip
    card = scorecard(kind.scoring, {"items": rows})
    assert card is not None
    assert [i["growth"] for i in card.items] == [Decimal("-25.00"), Decimal("0.00"), None, None]
    assert [i["bonus"] for i in card.items] == [False, False, True, False]
    assert (card.standard_points, card.bonus_points, card.max_total, card.total) == (
        Decimal(20), Decimal(3), Decimal(23), Decimal(21))  # fmt: skip
    assert (card.standard_score, card.bonus_score) == (Decimal(18), Decimal(3))
    raw = dict(example_raw(KIND), items="\n".join(
        ["甲项｜10｜8｜｜｜｜产量｜吨｜200｜150", "乙项｜5｜5｜｜做了工作｜｜产值｜万元｜80｜80",
         "丙项｜3｜3｜是｜完成任务", "丁项｜5｜5"]))  # fmt: skip
    from assistant.pipeline import evaluate

    text = all_text(compose(evaluate(kind, raw), seed=0))
    assert "比上年下降25.00%" in text
    assert "与上年持平" in text and "比上年与上年持平" not in text
    assert "【待补充：丁项的完成情况】" in text
    assert "未得满分的项目有甲项（分值10分，自评8分）" in text


@pytest.mark.parametrize("flag, bonus", [("附加分", True), ("是", True), ("附加", True), ("加分项", True),
                                         ("否", False), ("考核分", False), ("", False)])  # fmt: skip
def test_bonus_flag(flag: str, bonus: bool) -> None:
    kind = load_kind(KIND)
    rows = parse_answer(kind.question("items"), f"某项｜4｜4｜{flag}｜完成")
    card = scorecard(kind.scoring, {"items": rows})
    assert card is not None and card.items[0]["bonus"] is bonus


@pytest.mark.parametrize("line, words", [
    ("粮食生产｜20｜20｜｜｜｜粮食总产｜吨｜18856.1吨｜20247.2", "第1行“上年数”：这里只填数字，不要带单位“吨”"),
    ("粮食生产｜约20分｜20", "分值"),
    ("粮食生产｜20", "自评得分"),
    ("a｜1｜1｜｜｜｜｜｜1｜2｜3", "多于10栏"),
])  # fmt: skip
def test_records_errors_name_the_column(line: str, words: str) -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(load_kind(KIND).question("items"), line)
    assert words in err.value.message


@pytest.mark.parametrize("unit, expected", [("泾县榔桥镇人民政府", "我镇"), ("安仁县食品药品监督管理局", "我局"),
                                            ("某区某某街道办事处", "我街道"), ("某县乡村振兴局", "我局"),
                                            ("某乡人民政府", "我乡"), ("某县统计中心", "我单位")])  # fmt: skip
def test_self_name_default(unit: str, expected: str) -> None:
    q = load_kind(KIND).question("self_name")
    assert q.default and render_default(q.default, {"unit_name": unit}) == expected


def test_optional_review_section() -> None:
    report = compose(example_ev(KIND, shortcomings=None, plans=None), seed=0)
    assert "存在的不足和下一步打算" not in headings(report)
    report = compose(example_ev(KIND, plans=None), seed=0)
    assert "存在的不足和下一步打算" in headings(report)


def test_echo_of_the_items_is_the_score_summary() -> None:
    ev = example_ev(KIND)
    sentence = echo_sentence(ev, "items", seed=example_seed(KIND))
    assert sentence and "104分" in sentence and ("14个" in sentence or "13项" in sentence)


def test_cli_fill(tmp_path) -> None:
    out = tmp_path / "r.md"
    done = subprocess.run([sys.executable, "-m", "assistant", "fill", KIND, "--answers",
                           str(ROOT / "examples" / f"{KIND}.yaml"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "【错误】" not in done.stdout and "合计 |  | 100 | 4 | 104" in done.stdout
    text = out.read_text(encoding="utf-8")
    assert "比上年增长7.38%" in text and "【待补充" not in text


def test_item_slips_are_found() -> None:
    items = "\n".join(["粮食生产｜20｜22｜｜｜｜粮食总产｜吨｜18856.1｜20247.2",
                       "龙头企业培育｜5｜5｜｜新增1家｜｜｜｜｜3",
                       "农业招商引资｜4｜4｜附加分｜新增项目2个｜｜项目数｜个｜0｜2"])  # fmt: skip
    ev = example_ev(KIND, items=items)
    found = {f.code: f for f in ev.findings}
    assert found["item_score"].level == "error"
    assert "“粮食生产”自评得分22分，超过了分值20分" in found["item_score"].message
    assert found["item_figures"].level == "warning" and "只填了本年数，没有上年数" in found["item_figures"].message
    assert found["item_growth"].level == "hint"
    assert example_ev(KIND).findings == []


def test_the_items_table_and_the_text_give_the_same_standard_and_bonus_figures() -> None:
    ev = example_ev(KIND, items="甲项｜20｜20\n乙项｜30｜30\n丙项｜3｜0\n招商引资｜4｜4｜附加分")
    report = compose(ev, seed=0)
    table = next(b for b in report.blocks if isinstance(b, Table) and b.name == "items")
    assert [c.text for c in table.rows[-1]] == ["合计", "53", "4", "54"]
    summary = " ".join(section(report, "自评得分情况"))
    assert "54分" in summary and "53分" in summary and "50分" in summary and "附加分得分4分" in summary
    assert not [f for f in ev.findings if f.code.startswith("weight")], "no weights of 100 points here"


def test_a_bonus_item_not_earned_says_so_and_a_figure_without_last_year_reads_whole() -> None:
    items = example_raw(KIND)["items"].split("\n")
    bonus = next(i for i, row in enumerate(items) if "附加分" in row)
    cells = items[bonus].split("｜")
    cells[2] = "0"  # 自评得分
    items[bonus] = "｜".join(cells)
    report = compose(example_ev(KIND, items="\n".join(items)), seed=example_seed(KIND))
    text = section(report, "农业招商引资（附加分项目）")[0]
    assert "分值4分，自评0分" in text, text
    first = items[0].split("｜")
    first[8] = "0"  # 上年数 0: no growth to state, the figure alone
    items[0] = "｜".join(first)
    report = compose(example_ev(KIND, items="\n".join(items)), seed=example_seed(KIND))
    assert "2025年我镇粮食总产为20247.2吨" in section(report, "粮食生产")[0], section(report, "粮食生产")[0]


def test_a_draft_from_last_years_starts_its_items_from_last_years(tmp_path) -> None:
    """Items, points, 类别, 对比指标 and 单位 carried; last year's 本年数 becomes the 上年数; the
    scores and this year's figures are left to fill in (the table is prefilled, not answered)."""
    from assistant.workspace import interview_for, new_draft, open_store

    store = open_store(tmp_path)
    kind = load_kind(KIND)
    last = store.create(KIND, "去年", unit="泾县榔桥镇人民政府", year=2025, script_version=kind.version, seed=1)
    store.save_answers(last, example_raw(KIND))
    this = new_draft(store, KIND, "今年", unit="泾县榔桥镇人民政府", year=2026, last_year_of=last)
    iv = interview_for(store.load(this))
    q = kind.question("items")
    assert "items" not in iv.answers and iv.prefills(q)
    rows = iv.default_for(q).split("\n")
    assert rows[0] == "粮食生产｜20｜｜｜｜｜粮食总产｜吨｜20247.2"
    assert "农业招商引资｜4｜｜附加分" in rows, rows
    with pytest.raises(AnswerError, match="自评得分"):  # the scores are this year's to give
        parse_answer(q, rows[0])
    from assistant.interview import Interview

    assert Interview(kind, {}).default_for(q) == "", "a draft not made from last year's has no such start"
