"""Budget execution in depth (issue 13, part 2), dept-overall and project: 较上年 for income and
spending with the reason for a change beyond 20%, 结转结余 and what becomes of it, 三公经费 and
公用经费, payment progress by quarter against the schedule the user gave. Each sentence appears
only when its answers are given; an optional question skipped leaves no 【待补充】."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.compose import compose, echo_sentence
from assistant.errors import KindError
from assistant.kinds import load_kind
from assistant.models import Finding
from assistant.pipeline import Evaluation
from assistant.templating import render_default
from tests.support.examples import example_ev, example_seed, section
from tests.support.report import all_text

DEPT, PROJECT = "dept-overall", "project"
FUNDS = {DEPT: "单位资金来源及使用情况", PROJECT: "项目资金情况"}


def funds_text(ev: Evaluation, kind_id: str, seed: int | None = None) -> str:
    report = compose(ev, seed=example_seed(kind_id) if seed is None else seed)
    heading = FUNDS[kind_id]
    text = "\n".join(section(report, heading))
    if kind_id == PROJECT:
        text += "\n" + "\n".join(section(report, "预算执行情况"))
    return text


def every_phrasing(ev: Evaluation, kind_id: str) -> list[str]:
    return [funds_text(ev, kind_id, seed) for seed in range(16)]


def codes(ev: Evaluation) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in ev.findings:
        out.setdefault(f.code, []).append(f)
    return out


# --- 较上年 ------------------------------------------------------------------------------------


def test_dept_income_and_spending_against_last_year() -> None:
    texts = every_phrasing(example_ev(DEPT, income_total_last="221.35万元"), DEPT)
    for words in (("总收入较上年增加7.28万元，增长3.29%", "总收入比上年的221.35万元增加7.28万元，增长3.29%"),
                  ("总支出较上年增加8.45万元，增长3.84%",
                   "总支出比上年的219.80万元增加8.45万元，增长3.84%")):  # fmt: skip
        assert all(words[0] in t or words[1] in t for t in texts), words
        assert any(words[0] in t for t in texts) and any(words[1] in t for t in texts)


def test_a_fall_is_stated_as_a_fall_with_the_absolute_value() -> None:
    ev = example_ev(DEPT, spend_total_last="250万元")  # 228.25 against 250: −8.70%
    assert ev.figures["spend_growth"] == Decimal("-8.70")
    for text in every_phrasing(ev, DEPT):
        assert "减少21.75万元，下降8.70%" in text and "-8.70" not in text and "增长-" not in text
    ev = example_ev(DEPT, spend_total_last="228.25万元", income_total_last="228.63万元")
    texts = every_phrasing(ev, DEPT)
    assert all("总收入与上年持平；总支出与上年持平。" in t and "比上年与上年" not in t for t in texts)


def test_last_years_figures_skipped_say_nothing() -> None:
    ev = example_ev(DEPT, spend_total_last=None, three_public_last=None)
    text = funds_text(ev, DEPT)
    assert "上年" not in text and "【待补充" not in text
    ev = example_ev(PROJECT, budget_last=None, spent_last=None)
    text = funds_text(ev, PROJECT)
    assert "上年" not in text.replace("上年结转资金", "") and "【待补充" not in text


@pytest.mark.parametrize(("this", "last", "asked"), [
    ("228.25万元", "190.21万元", False),  # +20.00%: not beyond the line
    ("228.25万元", "190.20万元", True),  # +20.01%
    ("228.25万元", "285.31万元", False),  # −20.00%
    ("228.25万元", "285.32万元", True),  # −20.00…% beyond by a hair: asked, as the check fires
    ("228.25万元", "0", False),  # no rate of change from 0
])  # fmt: skip
def test_the_reason_for_a_large_change_is_asked_exactly_when_the_check_wants_it(this, last, asked) -> None:
    ev = example_ev(DEPT, spend_total=this, spend_total_last=last)
    assert ev.is_active("change_reason") is asked
    assert ("change_large" in codes(ev)) is asked


def test_a_large_change_without_its_reason_is_flagged_and_then_stated() -> None:
    ev = example_ev(DEPT, spend_total_last="150万元")
    [f] = codes(ev)["change_large"]
    assert f.level == "warning" and f.question_ids == ["spend_total", "spend_total_last", "change_reason"]
    assert "总支出228.25万元，比上年增长52.17%（上年150.00万元），增减超过20%" in f.message
    assert "收支变动较大的原因" in f.message
    reason = "上年一次性安排职工服务中心维修改造资金，本年不再安排"
    ev = example_ev(DEPT, spend_total_last="150万元", change_reason=reason)
    assert "change_large" not in codes(ev)
    assert f"与上年相比变动较大的主要原因是{reason}。" in funds_text(ev, DEPT)


def test_project_budget_and_spending_against_last_year() -> None:
    texts = every_phrasing(example_ev(PROJECT), PROJECT)
    assert all(("项目全年预算数较上年增加6.00万元，增长12.00%" in t
                or "项目全年预算数比上年的50.00万元增加6.00万元，增长12.00%" in t) for t in texts)  # fmt: skip
    assert all(("全年执行数较上年增加6.40万元，增长13.28%" in t
                or "全年执行数比上年的48.20万元增加6.40万元，增长13.28%" in t) for t in texts)  # fmt: skip
    ev = example_ev(PROJECT, budget_last="40万元")  # 56 against 40: +40%
    assert ev.is_active("change_reason") and "change_large" in codes(ev)
    ev = example_ev(PROJECT, budget_last="40万元", change_reason="本年示范范围由5个乡镇扩大到8个乡镇")
    assert "与上年相比变动较大的主要原因是本年示范范围由5个乡镇扩大到8个乡镇。" in funds_text(ev, PROJECT)


def test_last_years_figures_are_carried_from_last_years_draft() -> None:
    from assistant.workspace import carry_maps

    dept, project = carry_maps(load_kind(DEPT))[1], carry_maps(load_kind(PROJECT))[1]
    assert {"spend_total_last": "spend_total", "three_public_last": "three_public_total"}.items() <= dept.items()
    assert {"budget_last": "budget_final", "spent_last": "spent_total"}.items() <= project.items()


# --- 结转结余 -----------------------------------------------------------------------------------


def test_the_balance_is_offered_as_budget_less_spending() -> None:
    for kind_id, expected in ((DEPT, "0.38万元"), (PROJECT, "1.40万元")):
        q = load_kind(kind_id).question("balance_total")
        assert render_default(q.default or "", example_ev(kind_id).values) == expected
    assert not example_ev(DEPT, budget_final="228.25万元", budget_detail=None).is_active("balance_total"), \
        "all spent: nothing to ask"  # fmt: skip


@pytest.mark.parametrize(("use", "sentence"), [
    ("1", "年末结转结余资金0.38万元，结转结余率为0.17%，全部结转下年继续使用。"),
    ("2", "年末结转结余资金0.38万元，结转结余率为0.17%，全部按规定交回财政。"),
])  # fmt: skip
def test_what_becomes_of_the_balance(use: str, sentence: str) -> None:
    ev = example_ev(DEPT, balance_use=use)
    assert sentence in funds_text(ev, DEPT)
    assert not ev.is_active("balance_carried") and not ev.is_active("balance_returned")


def test_part_carried_part_returned() -> None:
    text = funds_text(example_ev(PROJECT), PROJECT)
    assert "年末结转结余资金1.40万元，结转结余率为2.50%，其中结转下年继续使用1.00万元，按规定交回财政0.40万元。" in text
    assert "年末未执行资金" not in text
    q = load_kind(PROJECT).question("balance_returned")
    assert render_default(q.default or "", example_ev(PROJECT).values) == "0.40万元"
    assert render_default(q.default or "", example_ev(PROJECT, balance_carried="2万元").values) == "", "never negative"
    ev = example_ev(PROJECT, balance_returned="0.30万元")
    [f] = codes(ev)["sum"]
    assert f.level == "error" and "结转下年的资金1.00万元、交回财政的资金0.30万元合计1.30万元" in f.message


def test_a_balance_other_than_budget_less_spending_is_pointed_out() -> None:
    ev = example_ev(DEPT, balance_total="5万元")
    [f] = codes(ev)["remainder"]
    assert f.level == "hint"
    assert f.message == "年末结转结余资金5.00万元，与全年预算数减去总支出的0.38万元不一致，请与决算数核对。"
    assert ev.figures["balance_rate"] == Decimal("2.19")  # 5 ÷ 228.63 = 2.1869…%
    assert "年末无结转结余资金。" in funds_text(example_ev(DEPT, balance_total="0"), DEPT)


# --- 三公经费 and 公用经费 ------------------------------------------------------------------------


def test_three_public_expenses_this_year_and_last() -> None:
    ev = example_ev(DEPT)
    assert ev.figures["three_public_change"] == Decimal("-11.96")  # (4.05 − 4.60) ÷ 4.60 = −11.956…%
    texts = every_phrasing(ev, DEPT)
    assert all("2025年“三公”经费支出4.05万元，其中：因公出国（境）费0.00万元，公务用车购置及运行维护费3.20万元，"
               "公务接待费0.85万元。" in t for t in texts)  # fmt: skip
    assert all("减少0.55万元，下降11.96%" in t for t in texts)
    q = load_kind(DEPT).question("three_public_total")
    assert render_default(q.default or "", ev.values) == "4.05万元"
    [f] = codes(example_ev(DEPT, three_public_total="4.50万元"))["sum"]
    assert "因公出国（境）费0.00万元、公务用车购置及运行维护费3.20万元、公务接待费0.85万元合计4.05万元" in f.message


def test_an_increase_of_three_public_expenses_needs_its_reason() -> None:
    ev = example_ev(DEPT, three_public_last="3.60万元")
    assert ev.is_active("three_public_reason")
    [f] = codes(ev)["above_unexplained"]
    assert f.level == "warning" and "（“三公经费”变动率12.50%）" in f.message and "“‘三公’经费增加的原因”" in f.message
    reason = "公务用车使用年限较长，维修费用增加"
    text = funds_text(example_ev(DEPT, three_public_last="3.60万元", three_public_reason=reason), DEPT)
    assert "增加0.45万元，增长12.50%" in text and f"“三公”经费增加的主要原因是{reason}。" in text
    assert not example_ev(DEPT, three_public_last="4.05万元").is_active("three_public_reason"), "equal: no increase"


def test_no_three_public_expenses() -> None:
    none = {"three_public_abroad": "0", "three_public_cars": "0", "three_public_reception": "0",
            "three_public_total": "0"}  # fmt: skip
    text = funds_text(example_ev(DEPT, **none, three_public_last="0"), DEPT)
    assert "2025年未发生“三公”经费支出，上年也未发生。" in text
    text = funds_text(example_ev(DEPT, **none, three_public_last=None), DEPT)
    assert "2025年未发生“三公”经费支出。" in text and "上年" not in text.split("“三公”")[1]


def test_public_expenses_and_their_control_rate() -> None:
    ev = example_ev(DEPT)
    assert ev.figures["public_control"] == Decimal("98.91")  # 30.86 ÷ 31.20 = 98.910…%
    assert "公用经费全年预算数31.20万元，实际支出30.86万元，公用经费控制率为98.91%。" in funds_text(ev, DEPT)
    [f] = codes(example_ev(DEPT, public_budget="300万元", public_spent="230万元"))["not_above"]
    assert f.message == "公用经费实际支出（230.00万元）不应大于基本支出（220.25万元），请核对。"
    ev = example_ev(DEPT, public_budget=None, public_spent=None)
    assert not ev.is_active("public_spent") and "公用经费" not in funds_text(ev, DEPT)


# --- payment progress by quarter ---------------------------------------------------------------


def test_progress_by_quarter_against_the_schedule() -> None:
    ev = example_ev(DEPT)
    assert [ev.figures[f"progress_q{n}"] for n in (1, 2, 3, 4)] == [Decimal("25.63"), Decimal("50.82"),
                                                                    Decimal("75.01"), None]  # fmt: skip
    assert ("从支付进度看，第一季度末累计支出58.60万元，支付进度为25.63%，达到序时进度（25.00%）；第二季度末累计支出"
            "116.20万元，支付进度为50.82%，达到序时进度（50.00%）；第三季度末累计支出171.50万元，支付进度为75.01%，"
            "达到序时进度（75.00%）。") in funds_text(ev, DEPT)  # fmt: skip
    text = "\n".join(section(compose(example_ev(PROJECT), seed=0), "预算执行情况"))
    assert "第一季度末累计支出10.20万元，支付进度为18.21%；" in text, "no schedule given: none compared"
    assert ("第二季度末累计支出24.60万元，支付进度为43.93%，低于序时进度（50.00%）6.07个百分点，主要原因是防控物资6月"
            "集中到货，货款7月验收后支付；") in text  # fmt: skip


def test_a_quarter_behind_the_schedule_without_a_reason_is_flagged() -> None:
    rows = "第一季度｜52.30万元｜25%\n第二季度｜116.20万元｜50%"
    [f] = codes(example_ev(DEPT, progress=rows))["progress_behind"]
    assert f.level == "warning"
    assert f.message.startswith("第一季度末支付进度22.88%（累计执行数52.30万元占全年预算数的比例），低于序时进度25.00%")
    assert "progress_behind" not in codes(example_ev(DEPT, progress=rows.replace("25%", "25%｜一季度项目尚未启动")))
    assert "progress_behind" not in codes(example_ev(DEPT, progress="第一季度｜52.30万元")), "no schedule, none assumed"


@pytest.mark.parametrize(("rows", "code", "words"), [
    ("第一季度｜60万元\n第二季度｜50万元", "progress_falls", "第二季度末累计执行数50.00万元少于第一季度末的60.00万元"),
    ("第三季度｜230万元", "progress_year", "第三季度末累计执行数230.00万元超过了总支出228.25万元"),
    ("第四季度｜228.20万元", "progress_year", "第四季度末累计执行数228.20万元与总支出228.25万元不一致"),
    ("第一季度｜50万元\n一季度｜52万元", "progress_twice", "季度支付进度中“第一季度”写了不止一行"),
])  # fmt: skip
def test_progress_figures_that_cannot_be(rows: str, code: str, words: str) -> None:
    found = codes(example_ev(DEPT, progress=rows))
    assert code in found and found[code][0].level == "error" and words in found[code][0].message
    assert "progress_year" not in codes(example_ev(DEPT, progress="第四季度｜228.25万元"))


# --- only what the user said --------------------------------------------------------------------

OPTIONAL = {DEPT: ["income_total_last", "spend_total_last", "three_public_last", "public_budget", "progress"],
            PROJECT: ["budget_last", "spent_last", "progress"]}  # fmt: skip


@pytest.mark.parametrize("kind_id", [DEPT, PROJECT])
def test_a_skipped_optional_answer_drops_its_sentence(kind_id: str) -> None:
    kind = load_kind(kind_id)
    for qid in OPTIONAL[kind_id]:
        assert not kind.question(qid).required, qid
        ev = example_ev(kind_id, **{qid: None})
        for seed in range(4):
            text = all_text(compose(ev, seed=seed))
            assert "【待补充" not in text, (qid, seed)
        if qid == "progress":
            assert "支付进度" not in funds_text(ev, kind_id)


@pytest.mark.parametrize("kind_id", [DEPT, PROJECT])
def test_every_new_answer_writes_its_sentence(kind_id: str) -> None:
    """The chat's echo of each new funds answer is the sentence the report says."""
    ev = example_ev(kind_id)
    report = all_text(compose(ev, seed=example_seed(kind_id)))
    new = ["balance_total", "balance_use", "progress", *OPTIONAL[kind_id]]
    new += {DEPT: ["three_public_total", "public_spent", "help_source"], PROJECT: ["balance_carried"]}[kind_id]
    for qid in new:
        echo = echo_sentence(ev, qid, seed=example_seed(kind_id))
        assert echo and all(line in report for line in echo.split("\n")), (qid, echo)


# --- kind data: a figure of one cell of a table, a progress check on a table that has its columns ---


def test_a_figure_of_a_table_names_its_row_and_column(tmp_path) -> None:
    import yaml

    from assistant.kinds import load_kind_file, prompts_dir, templates_dir

    def broken(part: str, item: dict) -> str:
        data = yaml.safe_load((prompts_dir() / f"{DEPT}.yaml").read_text(encoding="utf-8"))
        data[part].append(item)
        path = tmp_path / f"{DEPT}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        with pytest.raises(KindError) as err:
            load_kind_file(path, templates_dir() / DEPT)
        return err.value.message

    base = {"id": "q9", "label": "季度", "op": "ratio", "args": ["progress", "budget_final"]}
    assert "row（表格题的行）和 column（表格题的列）应同时写明" in broken("figures", {**base, "row": "第一季度"})
    assert "没有列“paid”" in broken("figures", {**base, "row": "第一季度", "column": "paid"})
    assert "没有选项“第五季度”" in broken("figures", {**base, "row": "第五季度", "column": "spent"})
    no_table = {**base, "args": ["spend_total", "budget_final"], "row": "第一季度", "column": "spent"}
    assert "没有引用表格题" in broken("figures", no_table)
    check = {"type": "progress", "args": ["budget_detail", "budget_final", "spend_total"]}
    assert "检查 progress：表格题 budget_detail 没有列“schedule”" in broken("checks", check)
