"""What a finance bureau's reviewer checks in a target-management or comprehensive self-evaluation
(docs/reviewer-checklist.md, section "Target-management and comprehensive"; rules.md §3, §6, §9):
each item's self-score with the points lost and why, the total as standard plus bonus points,
evidence referred to by its attachment number, the itemised table attached, no full marks on an
item the report itself says was not met, no bonus without evidence, every deduction among the
shortfalls, no claim the user did not make, no institution that no longer exists.

Each test reads the report or the findings the way a reviewer would, so that it can be run on
an older version of the product too (it then fails: that is what the checklist records)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from assistant.compose import compose
from assistant.formatting import score_style, score_text
from assistant.kinds import load_kind
from assistant.models import Heading, Paragraph, Report, Table
from assistant.tables import card_score_text
from tests.support.examples import example_ev, example_raw, example_seed
from tests.support.report import all_text

KINDS = ["target-mgmt", "comprehensive"]
# what the items are called in each kind, and the heading the items stand under
ITEMS_PART = {"target-mgmt": ("考核项目完成情况", "各项考核任务完成情况"),
              "comprehensive": ("考评指标完成情况", "各项考评指标完成情况")}  # fmt: skip
FIRST_COLUMN = {"target-mgmt": "考核项目", "comprehensive": "考评指标"}
POINTS_COLUMN = {"target-mgmt": "标准分", "comprehensive": "分值"}


def _report(kind: str, seed: int | None = None, **changes: str | None) -> Report:
    return compose(example_ev(kind, **changes), seed=example_seed(kind) if seed is None else seed)


def item_paragraphs(report: Report, kind: str) -> dict[str, str]:
    """Each item's heading (without its number) → its paragraph, from the part that lists them."""
    out: dict[str, str] = {}
    inside, current = False, None
    for block in report.blocks:
        if isinstance(block, Heading) and block.level == 1:
            inside = block.text in ITEMS_PART[kind]
        elif inside and isinstance(block, Heading) and block.level == 2:
            current = block.text
        elif inside and current and isinstance(block, Paragraph):
            out[current] = out.get(current, "") + block.text
    return out


def _items(kind: str) -> list[dict[str, Any]]:
    card = example_ev(kind).scorecard
    assert card is not None and card.items, "the example's items are scored"
    return card.items


def _rows(kind: str) -> list[list[str]]:
    """The example's items answer as its rows of cells."""
    return [row.split("｜") for row in example_raw(kind)["items"].split("\n")]


def _answer(rows: list[list[str]]) -> str:
    return "\n".join("｜".join(row) for row in rows)


# --- each item: what was done, then its self-score and the points lost and why -----------------


@pytest.mark.parametrize("kind", KINDS)
def test_each_item_states_its_self_score(kind: str) -> None:
    paragraphs = item_paragraphs(_report(kind), kind)
    assert len(paragraphs) == len(_items(kind)) >= 8
    for title, text in paragraphs.items():
        assert re.search(r"自评(得分|得满分|加)?\d+(\.\d+)?分", text), (title, text)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", range(6))
def test_an_item_opens_with_what_was_done_not_with_its_points(kind: str, seed: int) -> None:
    paragraphs = item_paragraphs(_report(kind, seed), kind)
    assert paragraphs
    for title, text in paragraphs.items():
        assert not text.startswith(("考核标准分", "本项", "附加分", "分值", "标准分")), (title, text)
        assert re.search(r"(自评|扣分原因是)[^。]*。$", text), f"{title}: the points close the paragraph: {text}"


@pytest.mark.parametrize("kind", KINDS)
def test_points_lost_are_stated_with_the_criterion_and_the_reason(kind: str) -> None:
    """The examples show the deduction path: an item below its points says how many were lost,
    under which criterion and why, in the text and in the table."""
    report = _report(kind)
    paragraphs = item_paragraphs(report, kind)
    lost = [i for i in _items(kind) if i.get("lost")]
    assert lost, "the example has an item that lost points"
    table = _attached_table(report)
    reasons = {row[1].text: row[5].text for row in table.rows if len(row) == 7}
    for item in lost:
        text = paragraphs[item["name"]]
        points = score_text(item["lost"])  # in the text: 扣1分, 扣0.50分
        assert f"扣{points}分，扣分原因是{item['reason']}" in text, text
        assert f"评分标准为“{item['criteria']}”" in text, text
        lost = score_style(example_ev(kind).scorecard)(item["lost"])  # in the table: one format for the column
        assert reasons[item["name"]] == f"扣{lost}分：{item['reason']}"


@pytest.mark.parametrize("kind", KINDS)
def test_the_total_is_standard_plus_bonus_stated_both_ways(kind: str) -> None:
    card = example_ev(kind).scorecard
    assert card is not None and card.bonus_points and card.bonus_score < card.bonus_points
    assert card.total == card.standard_score + card.bonus_score
    text = all_text(_report(kind))

    def n(x: Decimal) -> str:  # points as given
        return f"{x:f}".rstrip("0").rstrip(".") if "." in f"{x:f}" else f"{x:f}"

    # a score in the text: whole, or two decimals; in the table: one format for the column
    total, standard, bonus = (score_text(x) for x in (card.total, card.standard_score, card.bonus_score))
    both = rf"{total}分（[^）]*{standard}分＋[^）]*{bonus}分）"
    assert re.search(both, text), both
    column = card_score_text(card)
    rows = [[c.text for c in row] for row in _attached_table(_report(kind)).rows]
    assert rows[-1] == ["合计（含附加分）", n(card.max_total), "—", column(card.total), rows[-1][4], "—"]
    subtotals = [r for r in rows if r[0] == "小计"]
    assert [(r[1], r[3]) for r in subtotals] == [(n(card.standard_points), column(card.standard_score)),
                                                 (n(card.bonus_points), column(card.bonus_score))]  # fmt: skip


# --- evidence and the attached table ----------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_evidence_is_referred_to_by_its_attachment_number(kind: str) -> None:
    report = _report(kind)
    names = report.attachment_names
    paragraphs = item_paragraphs(report, kind)
    assert "见附后" not in all_text(report)
    for item in _items(kind):
        title = next(t for t in paragraphs if t.startswith(item["name"]))
        refs = re.findall(r"（见(附件\d+(?:、附件\d+)*)）", paragraphs[title])
        if not item.get("evidence"):
            assert not refs
            continue
        assert len(refs) == 1 and f"（见{refs[0]}）。" in paragraphs[title], "inside the sentence"
        numbers = [int(x) for x in re.findall(r"\d+", refs[0])]
        assert [names[x - 1] for x in numbers] == [d.replace("《", "").replace("》", "")
                                                     for d in re.split("[；;]", item["evidence"])]  # fmt: skip


def _attached_table(report: Report) -> Table:
    tables = [b for a in report.attachments for b in a.blocks if isinstance(b, Table)]
    assert tables, "an attachment holds the itemised table"
    return tables[0]


@pytest.mark.parametrize("kind", KINDS)
def test_the_itemised_table_is_attached_and_the_body_refers_to_it(kind: str) -> None:
    report = _report(kind)
    assert report.attachments[0].blocks and report.attachments[0].label == "附件1"
    assert [c.text for c in _attached_table(report).rows[0]] == [
        "序号",
        FIRST_COLUMN[kind],
        POINTS_COLUMN[kind],
        "完成情况",
        "自评分",
        "扣分原因",
        "佐证材料",
    ]
    assert not [b for b in report.blocks if isinstance(b, Table)]
    assert re.search(r"扣分原因和佐证材料见附件1。", all_text(report))
    assert report.attachment_names[0].endswith("自评得分表（2025年度）")


# --- what the checks flag ---------------------------------------------------------------------


def _full_marks(kind: str, name: str) -> str:
    """The example's items with `name` given its full points and no reason."""
    rows = _rows(kind)
    row = next(r for r in rows if r[0] == name)
    row[2] = row[1]
    reason = 10 if kind == "target-mgmt" else 6
    if len(row) > reason:
        row[reason] = ""
    return _answer(rows)


@pytest.mark.parametrize(("kind", "name", "said"), [
    ("target-mgmt", "规模以上农产品加工业发展", "完成情况写的是“本年度没有新增规模以上农产品加工企业”"),
    ("comprehensive", "消费者权益保护", "“存在的不足”中写有“26件投诉举报因涉及多个部门职能未能按时办结”"),
])  # fmt: skip
def test_a_full_score_on_an_item_the_report_says_was_not_met_is_flagged(kind: str, name: str, said: str) -> None:
    """The old sample-1 slip: 规模以上农产品加工业发展 10/10 with 本年度没有新增 in its own text; a
    listed shortfall that names the item says the same."""
    found = [f for f in example_ev(kind, items=_full_marks(kind, name)).findings if f.code == "item_full_but_unmet"]
    assert len(found) == 1, [f.message for f in example_ev(kind, items=_full_marks(kind, name)).findings]
    assert found[0].level == "warning" and f"“{name}”自评满分" in found[0].message and said in found[0].message


@pytest.mark.parametrize("text", ["全年未发现私屠滥宰", "未发生被问责情况", "没有未完成的任务", "防止进度滞后"])
def test_a_result_said_with_a_negative_is_not_a_shortfall(text: str) -> None:
    rows = _rows("target-mgmt")
    rows[0][4] = text
    assert not [f for f in example_ev("target-mgmt", items=_answer(rows)).findings if f.code == "item_full_but_unmet"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_bonus_claimed_without_evidence_is_flagged(kind: str) -> None:
    rows = _rows(kind)
    bonus = next(r for r in rows if len(r) > 3 and "加分" in r[3])
    bonus[5] = ""
    [f] = [f for f in example_ev(kind, items=_answer(rows)).findings if f.code == "bonus_without_evidence"]
    assert f.level == "warning" and f"“{bonus[0]}”自评加{bonus[2]}分" in f.message
    bonus[2] = "0"  # nothing claimed: nothing to prove
    assert not [f for f in example_ev(kind, items=_answer(rows)).findings if f.code == "bonus_without_evidence"]


@pytest.mark.parametrize("kind", KINDS)
def test_points_lost_without_a_reason_are_an_error(kind: str) -> None:
    rows = _rows(kind)
    row = next(r for r in rows if Decimal(r[2]) < Decimal(r[1]) and "加分" not in r[3])
    del row[-1]  # the reason is the last cell
    ev = example_ev(kind, items=_answer(rows))
    [f] = [f for f in ev.findings if f.code == "item_reason"]
    assert f.level == "error" and f"“{row[0]}”自评" in f.message and "扣分原因" in f.message
    assert f"【待补充：{row[0]}的扣分原因】" in all_text(compose(ev, seed=0))


@pytest.mark.parametrize("kind", KINDS)
def test_every_deduction_appears_among_the_shortfalls(kind: str) -> None:
    assert not [f for f in example_ev(kind).findings if f.code == "deduction_unlisted"]
    lost = [i["name"] for i in _items(kind) if i.get("lost")]
    [f] = [f for f in example_ev(kind, shortcomings="暂无").findings if f.code == "deduction_unlisted"]
    assert all(f"“{name}”" in f.message for name in lost) and f.level == "warning"


@pytest.mark.parametrize("kind", KINDS)
def test_the_standard_points_add_up_to_the_schemes_total(kind: str) -> None:
    assert not [f for f in example_ev(kind).findings if f.code == "item_points_total"]
    rows = _rows(kind)
    del rows[1]
    [f] = [f for f in example_ev(kind, items=_answer(rows)).findings if f.code == "item_points_total"]
    assert "不是" not in f.message and "考核总分应为100分" in f.message


# --- facts and claims -------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "number"), [("target-mgmt", "（泾农〔2025〕36号）"),
                                              ("comprehensive", "（安绩考〔2025〕1号）")])  # fmt: skip
def test_the_opening_cites_the_document_with_its_number(kind: str, number: str) -> None:
    for seed in range(4):
        report = _report(kind, seed)
        opening = next(b.text for b in report.blocks if isinstance(b, Paragraph))
        assert re.search(r"》" + re.escape(number), opening), opening


# evaluative words a reviewer does not accept without the facts behind them (rules.md §9), and
# stock sentences the product used to add: each may appear only where the user wrote it
CLAIMS = ("有章可循", "有方案、有措施、有时限", "全面完成", "保质保量", "工作进度和质量均达到", "名列前茅", "位居前列",
          "成效显著", "圆满完成", "高度重视", "肯定成绩", "清醒地看到", "积极争取各方面支持", "注重对上汇报",
          "抓落实、抓进度、抓质量", "认真对照", "有力保障", "制度健全")  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_no_claim_the_user_did_not_make(kind: str) -> None:
    raw = "\n".join(example_raw(kind).values())
    for seed in range(24):
        text = all_text(_report(kind, seed))
        made_up = [c for c in CLAIMS if c in text and c not in raw]
        assert not made_up, (seed, made_up)


@pytest.mark.parametrize("kind", KINDS)
def test_a_menu_choice_selects_structure_never_a_claim(kind: str) -> None:
    """No choice question in these kinds: the old 目标完成情况 menu (1 全部按目标和进度完成) wrote
    全面完成…工作进度和质量均达到年初要求 as a fact; completion is now read off the scores."""
    assert [q.id for q in load_kind(kind).questions if q.type == "choice"] == []


def test_the_ranking_needs_its_source() -> None:
    ev = example_ev("comprehensive", ranking="在全市11个县（市、区）中排名第2位", ranking_source=None)
    source = next((q for q in ev.active if q.id == "ranking_source"), None)
    assert source is not None and source.required
    text = all_text(_report("comprehensive"))
    assert re.search(r"据《[^》]+》（[^）]+号），我局在全市11个县（市、区）[^。]*排名第2位。", text)


@pytest.mark.parametrize("kind", KINDS)
def test_a_skipped_answer_drops_its_sentence(kind: str) -> None:
    """Every optional question skipped at once: the report has no placeholder and none of their words."""
    kind_obj = load_kind(kind)
    optional = [q.id for q in kind_obj.questions if not q.required and q.id in example_raw(kind)]
    ev = example_ev(kind, **{q: None for q in optional})
    text = all_text(compose(ev, seed=example_seed(kind)))
    assert "【待补充" not in text
    for qid in ("basis_number", "goal", "key_doc", "ranking", "coordination"):
        value = example_raw(kind).get(qid)
        if value and qid in optional:
            assert value.split("\n")[0] not in text, qid


# gone by 2025 (rules.md §9): the examples were set in them, relabelled 2025
GONE = ("食品药品监督管理局", "县农委", "建档立卡贫困户", "产业扶贫", "无公害农产品认证", "扶贫办")


@pytest.mark.parametrize("kind", KINDS)
def test_no_institution_or_programme_that_no_longer_exists(kind: str) -> None:
    text = all_text(_report(kind))
    assert [t for t in GONE if t in text] == []
    rows = _rows(kind)
    rows[0][4] = "配合县农委和县食品药品监督管理局开展检查，带动建档立卡贫困户12户"
    found = [f for f in example_ev(kind, items=_answer(rows)).findings if f.code == "outdated_term"]
    assert len(found) == 3 and all(f.level == "warning" for f in found)
    assert "市场监督管理局" in " ".join(f.message for f in found)
    assert not [f for f in example_ev(kind, year="2017", items=_answer(rows)).findings
                if f.code == "outdated_term"], "a report on 2017 may name them"  # fmt: skip
