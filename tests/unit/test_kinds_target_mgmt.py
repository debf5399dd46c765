"""target-mgmt — 目标管理绩效考核自评 (sample 1): assessment items as records with the assessor's
scheme (考核细则), growth per item, a self-score per item with the points lost and why, standard
plus bonus points, evidence numbered as attachments (见附件3) and the itemised table attached."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.answers import parse_answer
from assistant.compose import compose, echo_sentence
from assistant.errors import AnswerError
from assistant.kinds import load_kind
from assistant.models import Table
from assistant.scoring import scorecard
from assistant.templating import render_default
from tests.support.examples import ROOT, example_ev, example_raw, example_seed, headings, paragraphs, section
from tests.support.report import all_text

KIND = "target-mgmt"
ITEM_NAMES = ["粮食生产", "规模以上农产品加工业发展", "农产品加工业产值", "农业产业化联合体培育",
              "龙头企业培育", "家庭农场和示范合作社发展", "绿色食品和有机农产品认证", "动物防疫工作",
              "农产品质量安全监管建设", "生猪定点屠宰", "乡村产业帮扶和联农带农", "农民负担和村级财务管理",
              "渔政管理", "农业招商引资（附加分项目）"]  # fmt: skip


@pytest.fixture(scope="module")
def report():
    return compose(example_ev(KIND), seed=example_seed(KIND))


def _items(**cells: dict[int, str]) -> str:
    """The example's items answer with some cells replaced: {row index: {column index: text}}."""
    rows = [row.split("｜") for row in example_raw(KIND)["items"].split("\n")]
    for key, changes in cells.items():
        row = rows[int(key.removeprefix("row"))]
        for col, text in changes.items():
            row += [""] * (col + 1 - len(row))
            row[col] = text
    return "\n".join("｜".join(row).rstrip("｜") for row in rows)


def test_outline(report) -> None:
    top = headings(report, level=1)
    assert top[0] in ("考核项目完成情况", "各项考核任务完成情况")
    assert top[1:] == ["自评得分情况", "存在的不足和下一步打算"]
    assert headings(report, level=2) == ITEM_NAMES
    assert report.title == "泾县榔桥镇人民政府2025年度农业经济目标管理绩效考核自评报告"
    assert (report.unit, report.date) == ("泾县榔桥镇人民政府", "2026年1月10日")


def test_opening_names_the_assessors_the_document_and_its_number(report) -> None:
    opening = paragraphs(report)[0]
    assert ("县农业农村局、县统计局、县委督查考核办《关于印发2025年度乡镇农业经济目标管理考核办法的通知》"
            "（泾农〔2025〕36号）") in opening  # fmt: skip
    assert opening.endswith("报告如下。") and "我镇" in opening
    without = paragraphs(compose(example_ev(KIND, basis_number=None), seed=example_seed(KIND)))[0]
    assert "〔" not in without and "【待补充" not in without, "skipped: no number, no placeholder"


@pytest.mark.parametrize("seed", range(8))
def test_growth_figures_of_the_sample(seed: int) -> None:
    text = all_text(compose(example_ev(KIND), seed=seed))
    for words in (
        "18856.1吨",
        "20247.2吨",
        "比上年增长7.38%",
        "74583.00万元",
        "81570.00万元",
        "比上年增长9.37%",
        "22088.40万元",
        "比上年增长16.96%",
    ):  # fmt: skip  (money in two decimals, other figures as typed)
        assert words in text, words
    assert "9.4%" not in text  # the sample's figure, truncated; the product rounds half-up to two decimals


@pytest.mark.parametrize("seed", range(8))
def test_an_item_opens_with_what_was_done_and_closes_with_its_points(seed: int) -> None:
    report = compose(example_ev(KIND), seed=seed)
    [grain] = section(report, "粮食生产")
    wanted = (r"(2024年我镇粮食总产18856\.1吨，2025年达到20247\.2吨|2025年我镇粮食总产达20247\.2吨，上年为18856\.1吨)"
              r"，比上年增长7\.38%（见附件2）。"
              r"(本项考核标准分20分，自评20分|本项标准分20分，自评得分20分)。")  # fmt: skip
    assert re.fullmatch(wanted, grain), grain
    [bonus] = section(report, "农业招商引资（附加分项目）")
    assert bonus.startswith("续建一品天下茶产业园项目"), bonus
    # the cap is said once: the criterion already states it (it read 最高加4分，评分标准为“…最高加4分”)
    assert bonus.endswith("（见附件21）。本项为附加分项目，评分标准为“每新引进1个农业招商项目加1分，"
                          "最高加4分”，自评加2分。"), bonus  # fmt: skip


def test_a_deduction_states_the_criterion_the_points_lost_and_the_reason(report) -> None:
    [text] = section(report, "规模以上农产品加工业发展")
    assert text.startswith("本年度没有新增规模以上农产品加工企业"), "what was done first, the points last"
    assert text.endswith("本项考核标准分10分，评分标准为“新增规模以上农产品加工企业1家及以上、规上企业总产值增长8%以上"
                         "得满分；未新增规上企业扣2分，产值增幅每低1个百分点扣0.5分”，自评8分，扣2分，扣分原因是"
                         "本年度未新增规模以上农产品加工企业。"), text  # fmt: skip
    [quality] = section(report, "农产品质量安全监管建设")
    assert "自评9分，扣1分，扣分原因是全年农产品快检合格率98.6%，低于99%的考核要求。" in quality


def test_total_is_standard_plus_bonus_stated_both_ways(report) -> None:
    card = example_ev(KIND).scorecard
    assert card is not None
    assert (card.standard_points, card.standard_score, card.bonus_points, card.bonus_score) == (
        Decimal(100), Decimal(97), Decimal(4), Decimal(2))  # fmt: skip
    assert (card.max_total, card.total) == (Decimal(104), Decimal(99)), "the maximum counts the bonus points"
    assert (card.grade, card.graded) == ("", False), "rules.md §3 gives this kind no grade bands"
    summary = " ".join(section(report, "自评得分情况"))
    assert "标准分合计100分" in summary and "最高加4分" in summary
    assert "考核标准分自评97分，附加分自评2分，合计99分（考核标准分97分＋附加分2分）" in summary
    assert "扣分的项目有规模以上农产品加工业发展（扣2分）、农产品质量安全监管建设（扣1分），共扣3分" in summary
    assert summary.endswith("见附件1。")


def test_growth_is_computed_per_item() -> None:
    card = example_ev(KIND).scorecard
    assert card is not None
    growth = {i["name"]: i["growth"] for i in card.items}
    assert growth["粮食生产"] == Decimal("7.38")
    assert growth["农产品加工业产值"] == Decimal("9.37")
    assert growth["规模以上农产品加工业发展"] == Decimal("16.96")
    assert growth["动物防疫工作"] is None
    assert [i["bonus"] for i in card.items].count(True) == 1
    assert {i["name"]: i["lost"] for i in card.items if i["lost"]} == {
        "规模以上农产品加工业发展": Decimal(2),
        "农产品质量安全监管建设": Decimal(1),
    }, "a bonus not claimed is no loss"


def test_the_scheme_is_joined_to_the_items_by_name() -> None:
    card = example_ev(KIND).scorecard
    assert card is not None
    assert all(i["criteria"] for i in card.items)
    assert card.items[0]["content"] == "粮食播种面积和总产稳定"
    # a name typed with spaces or quotes, or the bonus tag, is the same item
    ev = example_ev(KIND, criteria="农业 招商引资（附加分）｜｜每个项目加1分")
    assert ev.scorecard is not None and ev.scorecard.items[-1]["criteria"] == "每个项目加1分"
    found = {f.code: f for f in ev.findings}
    assert found["item_unschemed"].level == "hint" and "“粮食生产”" in found["item_unschemed"].message
    ev = example_ev(KIND, criteria="粮食生产｜｜不低于上年得满分\n农机购置补贴｜｜按期兑付得满分")
    [f] = [f for f in ev.findings if f.code == "scheme_item_unscored"]
    assert f.level == "warning" and "“农机购置补贴”" in f.message and "没有自评" in f.message


def test_evidence_numbers_are_the_attachment_list_numbers(report) -> None:
    """Every （见附件N） of an item, and its 佐证材料 cell in the table, names the attachments that
    are that item's evidence; 附件1 is the itemised table."""
    card = example_ev(KIND).scorecard
    assert card is not None
    names = report.attachment_names
    assert names[0] == "目标管理绩效考核自评得分表（2025年度）" and report.attachments[0].blocks
    assert len(names) == 21 == len(set(names))
    assert not any(ch in name for name in names for ch in "《》；。")
    assert not any(a.blocks for a in report.attachments[1:]), "named only: the unit attaches them"
    [table] = report.attachments[0].blocks
    assert isinstance(table, Table)
    cells = {row[1].text: row[6].text for row in table.rows if len(row) == 7}
    for item in card.items:
        title = item["name"] + ("（附加分项目）" if item["bonus"] else "")
        [text] = section(report, title)
        refs = re.findall(r"（见(附件\d+(?:、附件\d+)*)）。", text)
        assert len(refs) == 1, text
        numbers = [int(n) for n in re.findall(r"\d+", refs[0])]
        assert [names[n - 1] for n in numbers] == item["evidence_docs"], item["name"]
        assert cells[item["name"]] == refs[0]
    assert "见附后" not in all_text(report)


def test_the_same_document_for_two_items_is_one_attachment() -> None:
    items = _items(row3={5: "2025年农作物生产情况统计表；联合体申报表"})
    report = compose(example_ev(KIND, items=items), seed=0)
    assert report.attachment_names.count("2025年农作物生产情况统计表") == 1
    assert section(report, "农业产业化联合体培育")[0].count("（见附件2、附件5）") == 1


def test_a_document_named_as_the_itemised_table_is_that_table() -> None:
    report = compose(example_ev(KIND, items=_items(row0={5: "《目标管理绩效考核自评得分表》"})), seed=0)
    assert "（见附件1）" in section(report, "粮食生产")[0]
    assert report.attachment_names[1] == "2025年规上农产品加工企业现价总产值汇总表"


def test_the_itemised_table_is_attached_not_in_the_body(report) -> None:
    assert not [b for b in report.blocks if isinstance(b, Table)], "the body refers to 附件1 instead"
    [table] = report.attachments[0].blocks
    assert isinstance(table, Table) and table.header_rows == 1 and table.columns == 7
    rows = [[c.text for c in row] for row in table.rows]
    assert rows[0] == ["序号", "考核项目", "标准分", "完成情况", "自评分", "扣分原因", "佐证材料"]
    assert rows[1] == ["考核标准分项目"]
    assert rows[2] == ["1", "粮食生产", "20", "粮食总产20247.2吨，上年18856.1吨，比上年增长7.38%", "20", "—", "附件2"]
    assert rows[3][4:6] == ["8", "扣2分：本年度未新增规模以上农产品加工企业"]
    assert rows[15] == ["小计", "100", "—", "97", "共扣3分", "—"]
    assert rows[16] == ["附加分项目"]
    assert rows[17][:3] == ["14", "农业招商引资", "4"] and rows[17][4] == "2"
    assert rows[18] == ["小计", "4", "—", "2", "—", "—"]
    assert rows[19] == ["合计（含附加分）", "104", "—", "99", "共扣3分", "—"]


def test_without_bonus_items_the_table_has_no_groups() -> None:
    report = compose(example_ev(KIND, items="甲项｜20｜20\n乙项｜80｜75｜｜｜｜｜｜｜｜差5分"), seed=0)
    [table] = report.attachments[0].blocks
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows[1:]] == [
        ["1", "甲项", "20", "【待补充：完成情况】", "20", "—", "—"],
        ["2", "乙项", "80", "【待补充：完成情况】", "75", "扣5分：差5分", "—"],
        ["合计", "100", "—", "95", "共扣5分", "—"]]  # fmt: skip
    assert report.attachment_names == ["目标管理绩效考核自评得分表（2025年度）"]
    assert "见附件。" in all_text(report), "the only attachment is 附件, unnumbered"


def test_a_fall_a_flat_year_and_a_missing_score() -> None:
    kind = load_kind(KIND)
    q = kind.question("items")
    rows = parse_answer(q, "甲项｜10｜8｜｜｜｜产量｜吨｜200｜150｜产量下降\n"
                           "乙项｜5｜5｜｜做了工作｜｜产值｜万元｜80｜80\n"
                           "丙项｜3｜3｜是｜完成任务\n丁项｜5｜5｜｜｜｜人数｜人｜0｜12")  # fmt: skip
    card = scorecard(kind.scoring, {"items": rows})
    assert card is not None
    assert [i["growth"] for i in card.items] == [Decimal("-25.00"), Decimal("0.00"), None, None]
    assert [i["bonus"] for i in card.items] == [False, False, True, False]
    assert (card.standard_points, card.bonus_points, card.max_total, card.total) == (
        Decimal(20), Decimal(3), Decimal(23), Decimal(21))  # fmt: skip
    assert (card.standard_score, card.bonus_score) == (Decimal(18), Decimal(3))
    raw = dict(example_raw(KIND), items="\n".join(
        ["甲项｜10｜8｜｜｜｜产量｜吨｜200｜150｜产量下降", "乙项｜5｜5｜｜做了工作｜｜产值｜万元｜80｜80",
         "丙项｜3｜3｜是｜完成任务", "丁项｜5｜5"]))  # fmt: skip
    from assistant.pipeline import evaluate

    text = all_text(compose(evaluate(kind, raw), seed=0))
    assert "比上年下降25.00%" in text
    assert "与上年持平" in text and "比上年与上年持平" not in text
    assert "【待补充：丁项的完成情况】" in text
    assert "扣分的项目有甲项（扣2分）" in text


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
    ("a｜1｜1｜｜｜｜｜｜1｜2｜原因｜3", "多于11栏"),
])  # fmt: skip
def test_records_errors_name_the_column(line: str, words: str) -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(load_kind(KIND).question("items"), line)
    assert words in err.value.message


@pytest.mark.parametrize("unit, expected", [("泾县榔桥镇人民政府", "我镇"), ("安仁县市场监督管理局", "我局"),
                                            ("某区某某街道办事处", "我街道"), ("某县农业农村局", "我局"),
                                            ("某乡人民政府", "我乡"), ("某县统计中心", "我中心"),
                                            ("某某有限公司", "我单位")])  # fmt: skip
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
    assert sentence and "合计99分" in sentence and ("考核项目14个" in sentence or "考核标准分项目13个" in sentence)
    assert "[[" not in sentence, "no markup in the chat"
    criteria = echo_sentence(ev, "criteria", seed=example_seed(KIND)) or ""
    assert criteria.split("\n")[0].startswith("规模以上农产品加工业发展：本项考核标准分10分，评分标准为“新增")


def test_cli_fill(tmp_path) -> None:
    out = tmp_path / "r.md"
    done = subprocess.run([sys.executable, "-m", "assistant", "fill", KIND, "--answers",
                           str(ROOT / "examples" / f"{KIND}.yaml"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "【错误】" not in done.stdout and "合计 |  | 100 | 4 | 99 | 3" in done.stdout
    text = out.read_text(encoding="utf-8")
    assert "比上年增长7.38%" in text and "【待补充" not in text
    assert "附件1\n\n# 目标管理绩效考核自评得分表（2025年度）" in text


def test_item_slips_are_found() -> None:
    items = "\n".join(["粮食生产｜20｜22｜｜｜｜粮食总产｜吨｜18856.1｜20247.2",
                       "龙头企业培育｜5｜5｜｜新增1家｜｜｜｜｜3",
                       "农业招商引资｜4｜4｜附加分｜新增项目2个｜证明｜项目数｜个｜0｜2"])  # fmt: skip
    ev = example_ev(KIND, items=items, criteria=None)
    found = {f.code: f for f in ev.findings}
    assert found["item_score"].level == "error"
    assert "考核项目第1项“粮食生产”自评得分22分，超过了分值20分" in found["item_score"].message
    assert found["item_figures"].level == "warning" and "只填了本年数，没有上年数" in found["item_figures"].message
    assert found["item_growth"].level == "hint"
    assert example_ev(KIND).findings == []


def test_a_bonus_item_not_earned_says_so_and_a_figure_without_last_year_reads_whole() -> None:
    report = compose(example_ev(KIND, items=_items(row13={2: "0"})), seed=example_seed(KIND))
    text = section(report, "农业招商引资（附加分项目）")[0]
    assert "最高加4分" in text and "自评加0分" in text, text
    report = compose(example_ev(KIND, items=_items(row0={8: "0"})), seed=example_seed(KIND))
    assert "2025年我镇粮食总产为20247.2吨" in section(report, "粮食生产")[0], section(report, "粮食生产")[0]


def test_a_draft_from_last_years_starts_its_items_from_last_years(tmp_path) -> None:
    """Items, points, 类别, 对比指标 and 单位 carried; last year's 本年数 becomes the 上年数; the
    scores, this year's figures and the reasons are left to fill in (the table is prefilled, not
    answered); the scheme (考核细则) is carried as it was."""
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
    assert rows[1] == "规模以上农产品加工业发展｜10｜｜｜｜｜规模以上农产品加工企业总产值｜万元｜22088.4", "no reason"
    assert "农业招商引资｜4｜｜附加分" in rows, rows
    with pytest.raises(AnswerError, match="自评得分"):  # the scores are this year's to give
        parse_answer(q, rows[0])
    assert iv.answers["criteria"] == example_raw(KIND)["criteria"]
    from assistant.interview import Interview

    assert Interview(kind, {}).default_for(q) == "", "a draft not made from last year's has no such start"


@pytest.mark.parametrize("seed", range(8))
def test_without_a_scheme_no_sentence_says_one_was_followed(seed: int) -> None:
    text = all_text(compose(example_ev(KIND, criteria=None), seed=seed))
    assert "考核细则" not in text and "评分标准为" not in text


_DOCS = ["统计表", "《通知》", "2025年统计表", "目标管理绩效考核自评得分表", "证书；", " 名录 ", "台账。"]


@given(
    st.lists(st.lists(st.sampled_from(_DOCS), max_size=3), min_size=1, max_size=6),
    st.lists(st.sampled_from(["其他材料", "统计表", "目标管理绩效考核自评得分表（2025年度）"]), max_size=2),
)
def test_every_evidence_number_names_its_document(evidence: list[list[str]], others: list[str]) -> None:
    """Whatever the items name as evidence (the same document twice, with marks, the itemised
    table itself) and whatever else is attached, 附件N in an item's paragraph and in its table
    row is the N-th attachment, and that attachment is one of the item's documents."""
    items = "\n".join(f"项目{n}｜10｜10｜｜完成｜{'；'.join(docs)}" for n, docs in enumerate(evidence, 1))
    report = compose(example_ev(KIND, items=items, criteria=None, attachments="\n".join(others) or None), seed=0)
    names = report.attachment_names
    assert len(names) == len(set(names))
    [table] = report.attachments[0].blocks
    assert isinstance(table, Table)
    cells = {row[1].text: row[6].text for row in table.rows if len(row) == 7}
    for n, docs in enumerate(evidence, 1):
        wanted = {d.replace("《", "").replace("》", "").strip().rstrip("；。") for d in docs}
        [text] = section(report, f"项目{n}")
        refs = re.findall(r"附件(\d*)", text.split("本项")[0])
        for ref in refs:
            named = names[int(ref) - 1] if ref else names[0]
            assert named in wanted or named.startswith("目标管理绩效考核自评得分表"), (named, wanted)
        assert len(refs) == len(wanted), (text, wanted)
        assert cells[f"项目{n}"].count("附件") + cells[f"项目{n}"].count("本表") == len(wanted)


def test_names_gone_by_the_evaluated_year_are_pointed_out() -> None:
    """县农委 and 建档立卡贫困户 in a 2025 report read as last decade's report relabelled (rules.md §9);
    in a report on 2017 they were right."""
    items = _items(row10={4: "配合县农委带动建档立卡贫困户583户，开展产业扶贫"})
    found = [f for f in example_ev(KIND, items=items).findings if f.code == "outdated_term"]
    assert [f.message.split("”：")[0] for f in found] == ["“考核项目”中有“县农委", "“考核项目”中有“建档立卡贫困户",
                                                         "“考核项目”中有“产业扶贫"]  # fmt: skip
    assert "县级设农业农村局" in found[0].message and all(f.level == "warning" for f in found)
    assert not [f for f in example_ev(KIND, items=items, year="2017").findings if f.code == "outdated_term"]
    assert not [f for f in example_ev(KIND).findings if f.code == "outdated_term"], "the example is set in 2025"
