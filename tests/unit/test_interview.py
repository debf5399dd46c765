"""The conversation without I/O (interview.py): what is asked next, accepting, editing, skipping
and clearing answers, what an edit changed, progress, and the transcript of a resumed draft."""

from __future__ import annotations

from assistant.interview import Interview, Turn
from assistant.models import ReportKind

FULL_MARKS = (
    "产出指标｜数量指标｜培训次数｜≥10次｜10次｜50\n"
    "效益指标｜社会效益指标｜知晓率｜≥80%｜80%｜30\n"
    "满意度指标｜服务对象满意度指标｜满意度｜≥90%｜90%｜10"
)


def texts(turns: list[Turn], kind: str | None = None) -> str:
    return "\n".join(t.text for t in turns if kind is None or t.kind == kind)


def complete(example_raw: dict[str, str]) -> dict[str, str]:
    """The example with the optional questions it leaves out dealt with (skipped)."""
    return {**example_raw, "income_total_last": "", "low_execution_reason": ""}


def test_first_question_and_its_section(kind: ReportKind) -> None:
    iv = Interview(kind)
    assert iv.next_question().id == "unit_name"
    turns = iv.opening()
    assert [t.kind for t in turns] == ["section", "question"]
    assert turns[0].text.startswith("基本信息")
    assert turns[1].text == "单位的全称是什么？" and turns[1].question_id == "unit_name"


def test_next_question_honours_when(kind: ReportKind) -> None:
    iv = Interview(kind, {"unit_name": "某单位", "year": "2025"})
    assert iv.next_question().id == "eval_period_note"
    iv.submit("eval_period_note", "否")
    assert iv.next_question().id == "eval_period"
    iv.submit("eval_period_note", "是")
    assert iv.next_question().id == "short_name"  # eval_period no longer applies
    assert not iv.evaluation.is_active("eval_period")


def test_optional_question_skipped_and_its_follow_up_not_asked(kind: ReportKind, example_raw) -> None:
    keep = (
        "unit_name",
        "year",
        "eval_period_note",
        "short_name",
        "offices",
        "staff_quota",
        "staff_actual",
        "department",
        "duties",
        "work_items",
    )
    iv = Interview(kind, {k: v for k, v in example_raw.items() if k in keep})
    assert iv.next_question().id == "has_grants"
    out = iv.submit("has_grants", "否")
    assert out.accepted
    assert iv.next_question().id == "rules", "no grants: their amount and people are not asked"
    for qid in ("rules", "income_total", "income_fiscal", "income_other"):
        assert iv.submit(qid, example_raw[qid]).accepted
    assert iv.next_question().id == "income_total_last"
    assert texts(iv.ask(iv.next_question())).count("跳过") == 1, "the skip hint is said once"
    out = iv.skip("income_total_last")
    assert out.accepted and out.store == {"income_total_last": ""}
    assert texts(out.turns, "answer") == "（跳过）"
    assert iv.next_question().id == "spend_total"


def test_required_question_cannot_be_skipped(kind: ReportKind) -> None:
    iv = Interview(kind)
    out = iv.skip("unit_name")
    assert not out.accepted and out.store == {}
    assert "必须填写" in texts(out.turns, "error")
    out = iv.submit("unit_name", "  \x00 ")
    assert not out.accepted and "必须填写" in texts(out.turns, "error")
    assert "unit_name" not in iv.answers


def test_a_bad_answer_is_refused_with_a_chinese_message(kind: ReportKind, example_raw) -> None:
    iv = Interview(kind, example_raw)
    out = iv.submit("staff_quota", "十几个人")
    assert not out.accepted and out.store == {}
    assert [t.kind for t in out.turns] == ["error"]
    assert "准确的数字" in out.turns[0].text
    assert iv.answers["staff_quota"] == "12人"  # unchanged


def test_accepted_answer_is_stored_cleaned_and_echoed(kind: ReportKind, example_raw) -> None:
    raw = {k: v for k, v in example_raw.items() if k != "spend_basic"}
    iv = Interview(kind, raw)
    out = iv.submit("spend_basic", "２，２０２，５００元\x00")
    assert out.accepted
    assert out.store == {"spend_basic": "２，２０２，５００元"}
    assert [t.kind for t in out.turns][:2] == ["answer", "echo"]
    echo = texts(out.turns, "echo")
    assert echo.startswith("报告中将写为：") and "基本支出220.25万元" in echo and "96.50%" in echo


def test_answer_to_a_question_that_does_not_apply(kind: ReportKind, example_raw) -> None:
    iv = Interview(kind, example_raw)  # eval_period_note is 是
    out = iv.submit("eval_period", "2025年3月1日至2025年12月31日")
    assert not out.accepted and "不需要填写" in texts(out.turns)


def test_edit_reports_changed_shares(kind: ReportKind, example_raw) -> None:
    iv = Interview(kind, example_raw)
    out = iv.submit("spend_basic", "218.66万元")
    assert out.accepted
    change = texts(out.turns, "change")
    assert "基本支出占总支出比重：96.50% → 95.80%" in change
    assert "项目支出占总支出比重" not in change  # unchanged figures are not listed
    # the parts no longer add up: a new finding is announced
    assert "【错误】" in texts(out.turns, "finding") and "相差1.59万元" in texts(out.turns, "finding")
    # put it back: the finding is reported settled
    out = iv.submit("spend_basic", "220.25万元")
    assert "基本支出占总支出比重：95.80% → 96.50%" in texts(out.turns, "change")
    assert "已解决：" in texts(out.turns, "notice")
    assert "请核对" not in texts(out.turns, "notice"), "a settled finding asks for nothing"
    assert "相差1.59万元" in texts(out.turns, "notice")


def test_edit_reports_score_and_grade_changes(kind: ReportKind, example_raw) -> None:
    example_raw.update(indicators=FULL_MARKS, budget_initial="228.25万元", budget_final="228.25万元")
    iv = Interview(kind, example_raw)
    assert iv.evaluation.scorecard.grade == "优"
    out = iv.submit("budget_final", "300万元")
    change = texts(out.turns, "change")
    assert "预算执行率：100.00% → 76.08%" in change
    assert "预算执行率得分：10分 → 7.61分" in change
    assert "总分：100分 → 97.61分" in change
    assert "评价等级" not in change  # still 优
    assert "低于90%" in texts(out.turns, "finding")
    out = iv.submit("indicators", FULL_MARKS.replace("≥10次｜10次｜50", "≥10次｜7次｜50｜培训延期"))
    change = texts(out.turns, "change")
    assert "指标“培训次数”得分：50分 → 35分" in change
    assert "总分：97.61分 → 82.61分" in change
    assert "评价等级：优 → 良" in change
    out = iv.submit("indicators", FULL_MARKS.replace("≥10次｜10次｜50", "≥10次｜7次｜45｜培训延期"))
    change = texts(out.turns, "change")
    assert "评价等级：良 → 暂不评定" in change and "【待补充" not in change, change  # the points add up to 95
    out = iv.submit("indicators", FULL_MARKS.replace("≥10次｜10次｜50", "≥10次｜7次｜47｜培训延期"))
    change = texts(out.turns, "change")
    assert "满分：95分 → 97分" in change and "评价等级" not in change, change  # still none: not 暂不评定 → 暂不评定


def test_a_restated_finding_is_not_reported_settled(kind: ReportKind, example_raw) -> None:
    iv = Interview(kind, example_raw)
    iv.submit("spend_basic", "218.66万元")  # off by 1.59
    out = iv.submit("spend_basic", "218万元")  # still off, by 2.25
    assert "相差2.25万元" in texts(out.turns, "finding")
    assert "已解决" not in texts(out.turns)


def test_new_findings_are_announced_on_a_first_answer(kind: ReportKind, example_raw) -> None:
    raw = {k: v for k, v in example_raw.items() if k != "help_people"}
    iv = Interview(kind, raw)
    out = iv.submit("help_people", "3人")
    finding = texts(out.turns, "finding")
    assert finding.startswith("【提醒】") and "人均102.48万元" in finding


def test_clear_asks_again(kind: ReportKind, example_raw) -> None:
    iv = Interview(kind, complete(example_raw))
    assert iv.next_question() is None
    out = iv.clear("spend_basic")
    assert out.accepted and out.store == {"spend_basic": None}
    assert "已清除“基本支出”的回答" in texts(out.turns, "notice")
    assert "基本支出占总支出比重：96.50% → （无法计算）" in texts(out.turns, "change")
    assert iv.next_question().id == "spend_basic"


def test_stored_answer_that_no_longer_parses_is_asked_again(kind: ReportKind, example_raw) -> None:
    raw = complete(example_raw)
    raw["staff_quota"] = "约12人"  # e.g. a draft saved before the rule, or a changed question
    iv = Interview(kind, raw)
    assert "staff_quota" in iv.evaluation.invalid
    assert iv.next_question().id == "staff_quota"
    turns = iv.ask(iv.next_question())
    assert turns[0].kind == "notice"
    assert "之前的回答“约12人”不再符合要求" in turns[0].text and "准确的数字" in turns[0].text
    assert turns[0].text.endswith("例如：12人。请重新回答。")
    assert iv.answers["staff_quota"] == "约12人"  # kept, never dropped
    org = next(s for s in iv.progress().sections if s.id == "org")
    assert (org.answered, org.total) == (3, 4)  # not counted as answered
    assert iv.submit("staff_quota", "12人").accepted
    assert iv.next_question() is None


def test_progress_per_section_and_overall(kind: ReportKind, example_raw) -> None:
    p = Interview(kind).progress()
    assert p.answered == 0 and p.percent == 0
    assert p.sections[0].id == "basics" and p.sections[0].total == 4  # eval_period does not apply yet
    assert not any(s.done for s in p.sections)

    iv = Interview(kind, example_raw)
    p = iv.progress()
    funds = next(s for s in p.sections if s.id == "funds")
    assert (funds.answered, funds.total) == (22, 23)  # 上年总收入 not dealt with yet (执行率 99.83%: no reason asked)
    assert not funds.done
    assert p.answered == sum(s.answered for s in p.sections)
    assert p.total == sum(s.total for s in p.sections)
    assert 0 < p.percent < 100
    iv.skip("income_total_last")
    assert not iv.evaluation.is_active("low_execution_reason")
    p = iv.progress()
    assert all(s.done for s in p.sections) and p.percent == 100


def test_done_when_everything_is_answered(kind: ReportKind, example_raw) -> None:
    turns = Interview(kind, complete(example_raw)).opening()
    assert [t.kind for t in turns] == ["done"]


def test_transcript_rebuilt_for_resume(kind: ReportKind, example_raw) -> None:
    iv = Interview(kind, complete(example_raw))
    turns = iv.transcript()
    questions = [t.question_id for t in turns if t.kind == "question"]
    assert questions == [q.id for q in iv.evaluation.active]
    sections = [t.question_id for t in turns if t.kind == "section"]
    assert sections == [s.id for s in kind.sections]
    answers = [t for t in turns if t.kind == "answer"]
    assert all(t.role == "user" for t in answers) and len(answers) == len(questions)
    assert next(t.text for t in answers if t.question_id == "income_total_last") == "（跳过）"
    echoes = {t.question_id: t.text for t in turns if t.kind == "echo"}
    # questions sharing one sentence echo it once, after the last of them
    assert "96.50%" in echoes["spend_project"] and "spend_basic" not in echoes and "spend_total" not in echoes
    assert len(set(echoes.values())) == len(echoes), "no sentence echoed twice"
    assert "综合得分98分" in echoes["indicators"]
    # resuming half way: the transcript ends where the opening picks up
    half = {k: v for k, v in example_raw.items()
            if k in ("unit_name", "year", "eval_period_note", "short_name", "offices")}  # fmt: skip
    iv = Interview(kind, half)
    assert [t.question_id for t in iv.transcript() if t.kind == "question"] == list(half)
    assert [t.kind for t in iv.opening()] == ["question"]  # same section (org), no new heading
    assert iv.opening()[0].question_id == "staff_quota"


def test_defaults(kind: ReportKind, example_raw) -> None:
    raw = {k: v for k, v in example_raw.items() if k not in ("budget_final", "income_other")}
    iv = Interview(kind, raw)
    assert iv.default_for(kind.question("budget_final")) == "228.63万元"
    assert "（直接提交将采用：228.63万元）" in texts(iv.ask(kind.question("budget_final")))
    out = iv.submit("budget_final", "")
    assert out.accepted and out.store == {"budget_final": "228.63万元"}
    assert iv.default_for(kind.question("income_other")) == "0"
    assert iv.submit("income_other", " ").store == {"income_other": "0"}


def test_no_default_offered_before_the_answer_it_needs(kind: ReportKind, example_raw) -> None:
    raw = {k: v for k, v in example_raw.items() if k not in ("budget_final", "budget_initial")}
    iv = Interview(kind, raw)
    assert iv.default_for(kind.question("budget_final")) == ""
    assert "直接提交将采用" not in texts(iv.ask(kind.question("budget_final")))
    out = iv.submit("budget_final", "")
    assert not out.accepted and "必须填写" in texts(out.turns)


def test_choices_are_listed_and_help_has_an_example(kind: ReportKind) -> None:
    iv = Interview(kind)
    q = kind.question("table_form")
    assert "1. 预算执行率10分，产出、效益、满意度指标分别为50分、30分、10分（财政部通用格式）" in texts(iv.ask(q))
    help_turn = iv.help_turn(q)
    assert help_turn.kind == "help" and "例如：1" in help_turn.text


def test_indicators_below_full_points_need_a_reason(kind: ReportKind, example_raw) -> None:
    iv = Interview(kind, {k: v for k, v in example_raw.items() if k != "indicators"})
    reason = "｜基层宣传覆盖不足，部分群众对工会服务了解不够；下年将增加基层走访和线上宣传"
    rows = example_raw["indicators"].replace(reason, "")
    out = iv.submit("indicators", rows)
    assert not out.accepted and out.store == {}
    message = texts(out.turns, "error")
    assert "第15行“人民群众对部门工作满意度”" in message and "得5.52分/满分6分" in message
    assert "indicators" not in iv.answers
    assert iv.submit("indicators", example_raw["indicators"]).accepted


def test_short_defaults_are_named_long_ones_prefilled(kind: ReportKind, example_raw) -> None:
    keep = [q.id for q in kind.questions][: [q.id for q in kind.questions].index("budget_final")]
    iv = Interview(kind, {**{k: v for k, v in example_raw.items() if k in keep}, "income_total_last": ""})
    q = iv.next_question()
    assert q.id == "budget_final" and not iv.prefills(q)
    assert "（直接提交将采用：228.63万元）" in texts(iv.ask(q))
    assert iv.submit("budget_final", "").accepted and iv.answers["budget_final"] == "228.63万元"
    indicators = kind.question("indicators")
    assert iv.prefills(indicators) and "已填入参考内容" in texts(iv.ask(indicators))


def test_open_findings_are_said_again_on_resume(kind: ReportKind, example_raw) -> None:
    partial = {k: example_raw[k] for k in list(example_raw)[: list(example_raw).index("spend_total")]}
    partial["income_fiscal"] = "200万元"  # 200 + 0 ≠ 228.63
    turns = Interview(kind, partial).transcript()
    findings = [t.text for t in turns if t.kind == "finding"]
    assert len(findings) == 1 and "不一致" in findings[0] and turns[-1].kind == "finding"


def test_no_total_is_announced_before_the_scorecard_can_give_one(kind: ReportKind, example_raw) -> None:
    """Without indicators the scorecard (F3) gives no total: an edit does not announce one."""
    raw = {k: v for k, v in example_raw.items() if k != "indicators"}
    iv = Interview(kind, raw)
    out = iv.submit("budget_final", "300万元")
    change = texts(out.turns, "change")
    assert "预算执行率得分" in change and "总分" not in change and "评价等级" not in change


def test_a_choice_is_kept_as_the_option_it_chose_not_as_typed(kind: ReportKind, example_raw) -> None:
    iv = Interview(kind, example_raw)
    out = iv.submit("table_form", "２")
    chosen = kind.question("table_form").choices[1]
    assert out.accepted and iv.answers["table_form"] == chosen
    assert texts(out.turns, "answer") == chosen, "the chat shows the option, also on resume"


def test_required_and_unanswered_is_said_one_way(kind: ReportKind, example_raw) -> None:
    """One definition (Evaluation.unanswered_required) for the CLI, the scorecard and the export
    dialog: a required question that applies without a usable answer; not an optional one, not
    one whose `when` does not hold."""
    from assistant.pipeline import evaluate

    answers = {k: v for k, v in complete(example_raw).items() if k not in ("unit_name", "income_total_last")}
    answers["staff_quota"] = "十几个人"  # stored, but no longer usable: still unanswered
    missing = [q.id for q in evaluate(kind, answers).unanswered_required()]
    assert missing == ["unit_name", "staff_quota"]
    assert evaluate(kind, complete(example_raw)).unanswered_required() == []


def test_a_change_is_weighed_first_and_taken_without_a_second_evaluation(kind: ReportKind, example_raw) -> None:
    """try_… evaluates the change once and leaves the interview as it is (what a failed save
    needs); accept takes that very evaluation; progress is that of the weighed state."""
    from assistant.interview import Progress

    iv = Interview(kind, complete(example_raw))
    before, answers = iv.evaluation, dict(iv.answers)
    outcome = iv.try_submit("spend_basic", "218.66万元")
    assert outcome.accepted and outcome.store == {"spend_basic": "218.66万元"}
    assert iv.evaluation is before and iv.answers == answers, "weighing changes nothing"
    assert outcome.progress == Progress.of(outcome.evaluation).percent == iv.progress().percent == 100
    iv.accept(outcome)
    assert iv.evaluation is outcome.evaluation and iv.answers["spend_basic"] == "218.66万元"
    cleared = iv.try_clear("spend_basic")
    assert cleared.store == {"spend_basic": None} and cleared.progress < 100
    assert iv.answers["spend_basic"] == "218.66万元"
    refused = iv.try_submit("spend_basic", "约200万元")
    assert not refused.accepted and refused.evaluation is None and iv.evaluation is outcome.evaluation


def test_the_interview_names_only_the_keys_the_ui_gives_it(kind: ReportKind, example_raw) -> None:
    """The interview knows no screen: the keys in its words come from the UI, as data."""
    bare = Interview(kind, complete(example_raw))
    assert texts(bare.opening()) == "所有问题都已回答。可以查看评分和预览，或导出报告。"
    assert "前面已回答" in texts(bare.transcript(last=1)) and "Ctrl" not in texts(bare.transcript(last=1))
    keys = {"outline": "Ctrl+O", "scorecard": "F3", "preview": "F4", "export": "F5"}
    iv = Interview(kind, complete(example_raw), keys=keys)
    assert texts(iv.opening()) == "所有问题都已回答。可以查看评分（F3）和预览（F4），或导出报告（F5）。"
    assert "可按 Ctrl+O 在提纲中查看或修改" in texts(iv.transcript(last=1))
