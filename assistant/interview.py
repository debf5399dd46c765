"""The conversation, with no I/O: what to ask next, accepting, editing, skipping, clearing and
restoring answers, what a change did, progress, and the chat turns as data for any UI to draw.

A change is weighed first (`try_submit`, `try_skip`, `try_clear`, `try_restore`: the answers and
the evaluation it would give, evaluated once, and the turns to show) and taken by `accept`. The
session (session.py) saves `Outcome.store` (question id → text to save, or None to clear) with
`Outcome.progress` in between, so that an answer acknowledged on screen is already on disk and
a failed save leaves the interview as it was. `submit`, `skip` and `clear` weigh and accept at
once (for callers with nothing to save).

The interview knows no screen: the keys its words name (按 Ctrl+O 进入提纲, 评分（F3）) are given
by the UI as `keys`, a name → key mapping ("outline", "scorecard", "preview", "export"); a name
not given is left out of the words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from assistant.answers import MULTILINE_TYPES, clean_answer, parse_answer
from assistant.checks import scorecard_complete
from assistant.compose import drafted_answer, echo_sentence
from assistant.errors import AnswerError
from assistant.figures import PERCENT_OPERATIONS
from assistant.formatting import money, pct, plain_number, real_items
from assistant.importing.paste import echo_table
from assistant.models import Finding, Indicator, Question, ReportKind, Scorecard
from assistant.pipeline import Evaluation, ParseMemo, evaluate
from assistant.scoring import score_indicator
from assistant.templating import render_default
from assistant.turns import Turn
from assistant.wording import placeholder_re


@dataclass
class Outcome:
    """A change weighed: refused (turns say why), or accepted with what to save and the state
    it gives (`answers`, `evaluation`), which `Interview.accept` makes the interview's."""

    accepted: bool
    turns: list[Turn]
    store: dict[str, str | None] = field(default_factory=dict)
    answers: dict[str, Any] | None = None
    evaluation: Evaluation | None = None

    @property
    def progress(self) -> int:
        """The percent done after the change (what the drafts list shows), saved with it."""
        assert self.evaluation is not None, "a refused change has no progress"
        return Progress.of(self.evaluation).percent


@dataclass(frozen=True)
class SectionProgress:
    id: str
    title: str
    answered: int
    total: int

    @property
    def done(self) -> bool:
        return self.answered >= self.total


@dataclass(frozen=True)
class Progress:
    sections: list[SectionProgress]
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else self.answered * 100 // self.total

    @classmethod
    def of(cls, ev: Evaluation) -> Progress:
        """Questions dealt with (answered, or skipped: stored as "") among those that apply, by
        section; an answer that no longer fits counts as not dealt with."""
        sections = []
        for s in ev.kind.sections:
            qs = [q for q in ev.active if q.section == s.id]
            done = sum(1 for q in qs if _dealt_with(ev, q))
            sections.append(SectionProgress(s.id, s.title, done, len(qs)))
        return cls(
            sections=[s for s in sections if s.total],
            answered=sum(s.answered for s in sections),
            total=sum(s.total for s in sections),
        )


def _dealt_with(ev: Evaluation, q: Question) -> bool:
    return q.id in ev.raw and q.id not in ev.invalid


def keyed(keys: Mapping[str, str], name: str, with_key: str, without: str) -> str:
    """`with_key` with the key of `name` put in ({}), or `without` when the UI gave no such key."""
    key = keys.get(name)
    return with_key.format(key) if key else without


class Interview:
    def __init__(self, kind: ReportKind, answers: Mapping[str, str] | None = None, seed: int = 0,
                 previous: Mapping[str, Any] | None = None, keys: Mapping[str, str] | None = None,
                 imported: Mapping[str, str] | None = None):  # fmt: skip
        self.kind = kind
        self.seed = seed
        self.keys = dict(keys or {})  # the UI's keys named in the words (see the module's doc)
        self.previous = dict(previous or {})  # last year's answers (a draft made from them): for defaults
        # as stored: text, but a list or mapping in a damaged draft is kept as it is, so that the
        # evaluation says it cannot be used and it is asked again (as str() it read as text)
        self.answers: dict[str, Any] = {k: v if isinstance(v, list | dict) else str(v)
                                        for k, v in (answers or {}).items() if v is not None}  # fmt: skip
        self._parsed = ParseMemo()  # the answers' parses, kept between evaluations (see ParseMemo)
        self.evaluation = evaluate(kind, self.answers, self._parsed)
        self._told_none: set[str] = set()  # questions whose 无 was questioned once (confirm_none)
        self._table_shown: dict[str, str] = {}  # a table read from a paste or a file, as last shown
        # answers read from last year's report, not confirmed yet: asked like open questions,
        # showing what was read (question id → a note, or "")
        self.imported = {k: v for k, v in (imported or {}).items() if k in self.answers}

    # --- where we are -----------------------------------------------------------------

    def next_question(self) -> Question | None:
        """The first applicable question not yet dealt with, or one whose stored answer no
        longer fits (asked again, never dropped)."""
        for q in self.evaluation.active:
            if q.id not in self.answers or q.id in self.evaluation.invalid or q.id in self.imported:
                return q
        return None

    def progress(self) -> Progress:
        return Progress.of(self.evaluation)

    def _dealt_with(self, q: Question) -> bool:
        return _dealt_with(self.evaluation, q)

    def default_for(self, q: Question) -> str:
        if q.id in self.imported:  # what was read: submitted as it is, it is confirmed
            return str(self.answers[q.id])
        if q.draft:
            return drafted_answer(self.evaluation, q.draft, self.seed)
        return render_default(q.default, self.evaluation.values, self.previous) if q.default else ""

    # --- turns ---------------------------------------------------------------------------

    def ask(self, q: Question) -> list[Turn]:
        turns = []
        if q.id in self.imported:
            note = self.imported[q.id]
            read = f"从上年报告中读到：{self.answers[q.id]}\n请核对：无误请直接提交确认，有变化请修改后提交。"
            turns.append(Turn("assistant", "notice", read + (f"\n{note}" if note else ""), q.id))
        elif q.id in self.evaluation.invalid:
            why = self.evaluation.invalid[q.id]
            why += "" if why.endswith(("。", "！", "？")) else "。"
            stored = self.answers[q.id]  # (a list or mapping is shown in `why` itself)
            before = f"之前的回答“{stored}”不再符合要求：" if isinstance(stored, str) else ""
            turns.append(Turn("assistant", "notice", f"{before}{why}请重新回答。", q.id))
        text = q.text
        if q.choices:
            text += "\n" + "\n".join(f"{i}. {c}" for i, c in enumerate(q.choices, 1))
        default = self.default_for(q)
        if default and self.prefills(q):
            text += "（输入框中已填入参考内容，请逐项核对、修改后提交）"
        elif default:
            text += f"（直接提交将采用：{default}）"
        elif not q.required and "跳过" not in q.text:
            text += "（可直接提交跳过）"
        turns.append(Turn("assistant", "question", text, q.id))
        return turns

    def prefills(self, q: Question) -> bool:
        """A multi-line default is put in the input to be edited; a short one is only named in the
        question (a prefilled one-line input would run into what the user types)."""
        return q.type in MULTILINE_TYPES and bool(q.default or q.draft or q.id in self.imported)

    def help_turn(self, q: Question) -> Turn:
        return Turn("assistant", "help", f"{q.help.strip()}\n例如：{q.example.strip()}", q.id)

    def section_turn(self, section_id: str) -> Turn:
        s = self.kind.section(section_id)
        return Turn("assistant", "section", s.title + (f"：{s.intro}" if s.intro else ""), s.id)

    def transcript(self, last: int | None = None) -> list[Turn]:
        """The conversation so far, rebuilt from the answers (for resuming a draft); with `last`,
        only the last questions (the earlier ones are a notice away, in the outline)."""
        done = [q for q in self.evaluation.active if self._dealt_with(q) and q.id not in self.imported]
        shown = done if last is None else done[-last:]
        turns: list[Turn] = []
        if len(shown) < len(done):
            where = keyed(self.keys, "outline", "可按 {} 在提纲中查看或修改。", "可在提纲中查看或修改。")
            turns.append(Turn("assistant", "notice", f"前面已回答{len(done) - len(shown)}个问题，{where}"))
        section = None
        for q in shown:
            if q.section != section:
                section = q.section
                turns.append(self.section_turn(section))
            turns.append(Turn("assistant", "question", q.text, q.id))
            turns.extend(self._accepted_turns(q, self.evaluation))
        # questions that share a sentence echo it once, after the last of them
        turns = [t for i, t in enumerate(turns) if t.kind != "echo" or _last_echo(turns, i)]
        # what is still wrong is said again on resume (the chat that announced it is gone)
        open_findings = [f for f in self.evaluation.findings if f.level != "hint"]
        if open_findings and self.next_question() is not None:
            turns.append(Turn("assistant", "notice", f"目前有{len(open_findings)}条检查提示尚未处理："))
            turns += [_finding_turn(f) for f in open_findings]
        return turns

    def opening(self) -> list[Turn]:
        """What to show now: the next question (with its section heading), or the end."""
        q = self.next_question()
        if q is None:
            errors = [f for f in self.evaluation.findings if f.level == "error"]
            if errors:
                where = keyed(self.keys, "outline", "按 {} 进入提纲，选择相应的回答进行修改。",
                              "请在提纲中选择相应的回答进行修改。")  # fmt: skip
                return (
                    [Turn("assistant", "done", f"所有问题都已回答，但还有{len(errors)}处错误需要修正：")]
                    + [_finding_turn(f) for f in errors]
                    + [Turn("assistant", "notice", where)]
                )
            card, preview, export = (keyed(self.keys, k, "（{}）", "") for k in ("scorecard", "preview", "export"))
            done = f"所有问题都已回答。可以查看评分{card}和预览{preview}，或导出报告{export}。"
            return [Turn("assistant", "done", done)]
        started = any(p.section == q.section and self._dealt_with(p) for p in self.evaluation.active)
        return ([] if started else [self.section_turn(q.section)]) + self.ask(q)

    def _accepted_turns(self, q: Question, ev: Evaluation) -> list[Turn]:
        text = ev.raw.get(q.id, "")
        turns = [Turn("user", "answer", text or "（跳过）", q.id)]
        if text and q.id in ev.values:
            sentence = echo_sentence(ev, q.id, self.seed)
            if sentence and not placeholder_re().search(sentence):  # shown once it is complete
                turns.append(Turn("assistant", "echo", f"报告中将写为：{sentence}", q.id))
        return turns

    # --- changing answers: weighed (try_…), then accepted -----------------------------------------

    def try_submit(self, qid: str, text: str, *, source: str = "") -> Outcome:
        """An answer weighed. `source` names the file a table was read from (the session reads
        it): as rows pasted from a spreadsheet, it is shown as a table first and taken when the
        same answer is given again."""
        q = self.kind.question(qid)
        if not self.evaluation.is_active(qid):
            return Outcome(False, [Turn("assistant", "error", "根据前面的回答，这个问题不需要填写。", qid)])
        cleaned = clean_answer(q, text)
        if not cleaned:
            cleaned = self.default_for(q)
        try:
            value = parse_answer(q, cleaned)
        except AnswerError as err:
            return Outcome(False, [Turn("assistant", "error", err.message, qid)])
        if q.type == "indicators" and (missing := _missing_reasons(value, self.kind, self.evaluation.values)):
            # finance systems refuse such a table: so does the interview, the text stays for editing
            return Outcome(False, [Turn("assistant", "error", missing, qid)])
        table_from = source or ("粘贴的表格" if q.type == "indicators" and "\t" in text else "")
        if table_from and self._table_shown.get(q.id) != cleaned:
            # what a spreadsheet gave is seen before it is taken: given again, it is taken
            self._table_shown[q.id] = cleaned
            return Outcome(False, [Turn("assistant", "finding", _table_turn(table_from, value), qid)])
        if q.confirm_none and q.id not in self._told_none and _says_none(value):
            # a 无 is questioned once, with what the scores show; given again, it is accepted
            self._told_none.add(q.id)
            drafted = self.default_for(q)
            shown = f"\n根据评分和资金数据，以下情况通常应写入：\n{drafted}" if drafted else ""
            return Outcome(False, [Turn("assistant", "finding", q.confirm_none + shown, qid)])
        if q.type == "choice" and isinstance(value, str):
            cleaned = value  # kept as the option it chose, not as typed (２, 第二项): shown so on resume too
        return self._weigh(q, cleaned)

    def try_skip(self, qid: str) -> Outcome:
        q = self.kind.question(qid)
        if q.required:
            return Outcome(False, [Turn("assistant", "error", "这一项必须填写，不能跳过。", qid)])
        if not self.evaluation.is_active(qid):
            return Outcome(False, [Turn("assistant", "error", "根据前面的回答，这个问题不需要填写。", qid)])
        return self._weigh(q, "")

    def try_clear(self, qid: str) -> Outcome:
        """Remove an answer: the question will be asked again."""
        q = self.kind.question(qid)
        if qid not in self.answers:
            return Outcome(False, [Turn("assistant", "notice", f"“{q.label}”还没有回答，不需要清除。", qid)])
        answers = {k: v for k, v in self.answers.items() if k != qid}
        after = evaluate(self.kind, answers, self._parsed)
        turns = [Turn("assistant", "notice", f"已清除“{q.label}”的回答，稍后会再次询问。", qid)]
        turns += describe_changes(self.evaluation, after)
        return Outcome(True, turns, {qid: None}, answers, after)

    def try_restore(self, qid: str, value: Any) -> Outcome:
        """Give an answer back the value it had before its last change (None: no answer), as
        undoing that change does."""
        q = self.kind.question(qid)
        answers = {k: v for k, v in self.answers.items() if k != qid}
        if value is not None:
            answers[qid] = value if isinstance(value, list | dict) else str(value)
        after = evaluate(self.kind, answers, self._parsed)
        if value is None:
            said = f"已撤销“{q.label}”的上一次修改：现在没有回答，稍后会再次询问。"
        else:
            said = f"已撤销“{q.label}”的上一次修改，回答恢复为：{'（跳过）' if value == '' else value}"
        turns = [Turn("assistant", "notice", said, qid), *describe_changes(self.evaluation, after)]
        return Outcome(True, turns, {qid: None if value is None else answers[qid]}, answers, after)

    def accept(self, outcome: Outcome) -> Outcome:
        """Make an accepted change the interview's state (its evaluation is not made again)."""
        if outcome.accepted:
            assert outcome.answers is not None and outcome.evaluation is not None
            self.answers, self.evaluation = outcome.answers, outcome.evaluation
            for qid in outcome.store:  # saved: confirmed (the store drops its mark as well)
                self.imported.pop(qid, None)
        return outcome

    def submit(self, qid: str, text: str) -> Outcome:
        return self.accept(self.try_submit(qid, text))

    def skip(self, qid: str) -> Outcome:
        return self.accept(self.try_skip(qid))

    def clear(self, qid: str) -> Outcome:
        return self.accept(self.try_clear(qid))

    def _weigh(self, q: Question, cleaned: str) -> Outcome:
        before = self.evaluation
        editing = q.id in self.answers
        answers = {**self.answers, q.id: cleaned}
        after = evaluate(self.kind, answers, self._parsed)
        turns = self._accepted_turns(q, after)
        if editing:
            turns += describe_changes(before, after)
        else:
            turns += new_findings(before, after)
        return Outcome(True, turns, {q.id: cleaned}, answers, after)


# --- what changed --------------------------------------------------------------------------


def _figure_text(op: str, value: Decimal | None) -> str:
    if value is None:
        return "（无法计算）"
    return pct(value) if op in PERCENT_OPERATIONS else money(value)


def describe_changes(before: Evaluation, after: Evaluation) -> list[Turn]:
    """Turns naming every figure, score and finding that an edit changed."""
    lines: list[str] = []
    for f in after.kind.figures:
        old, new = before.figures.get(f.id), after.figures.get(f.id)
        if old != new and not (old is None and new is None):
            lines.append(f"{f.label}：{_figure_text(f.op, old)} → {_figure_text(f.op, new)}")
    b, a = before.scorecard, after.scorecard
    if b and a:
        if b.execution_score != a.execution_score:
            lines.append(f"预算执行率得分：{_score(b.execution_score)} → {_score(a.execution_score)}")
        old_scores = {s.indicator.level3: s.score for s in b.indicators}
        for s in a.indicators:
            name = s.indicator.level3
            if name in old_scores and old_scores[name] != s.score:
                lines.append(f"指标“{name}”得分：{_score(old_scores[name])} → {_score(s.score)}")
        # the total and the grade only once they are final, as the scorecard (F3) shows them
        kind = after.kind
        old_total = b.total if scorecard_complete(kind, b) else None
        new_total = a.total if scorecard_complete(kind, a) else None
        if old_total != new_total and new_total is not None:
            lines.append(f"总分：{_score(old_total)} → {_score(new_total)}")
            if b.max_total != a.max_total:  # the points given changed: so did what the total is out of
                lines.append(f"满分：{_score(b.max_total)} → {_score(a.max_total)}")
            if _grade(b) != _grade(a) and old_total is not None:
                lines.append(f"评价等级：{_grade(b)} → {_grade(a)}")
    turns = [Turn("assistant", "change", "这一修改带来以下变化：\n" + "\n".join(lines))] if lines else []
    return turns + new_findings(before, after, resolved=True)


def _grade(card: Scorecard) -> str:
    return card.grade if card.graded else "暂不评定"


def _score(value: Decimal | None) -> str:
    return "—" if value is None else f"{plain_number(value)}分"


_ADVICE = re.compile(r"[^。]*?(请核对|请补充|请填写|请说明|请修改|须填写|应填写)[^。]*。$")


def _without_advice(message: str) -> str:
    """A settled finding without its last sentence if that one says what to do about it."""
    kept = _ADVICE.sub("", message).rstrip("，；")
    return kept if kept else message


def new_findings(before: Evaluation, after: Evaluation, resolved: bool = False) -> list[Turn]:
    """Findings the change brought (or whose figures it changed), and with `resolved` the ones
    it settled. A finding restated with new figures (the same check on the same answers) is
    announced again, not reported as settled."""
    old = {f.message for f in before.findings}
    new = {f.message for f in after.findings}
    fresh = [f for f in after.findings if f.message not in old]
    turns = [_finding_turn(f) for f in fresh]
    if resolved:
        restated = {_finding_key(f) for f in fresh}
        turns += [
            Turn("assistant", "notice", f"已解决：{_without_advice(f.message)}")
            for f in before.findings
            if f.message not in new and f.level != "hint" and _finding_key(f) not in restated
        ]
    return turns


def _finding_key(f: Finding) -> tuple[str, tuple[str, ...]]:
    return f.code, tuple(f.question_ids)


def _finding_turn(f: Finding) -> Turn:
    return Turn("assistant", "finding", f.labelled,
                f.question_ids[0] if f.question_ids else None)  # fmt: skip


def _table_turn(source: str, indicators: list[Indicator]) -> str:
    return (f"从{source}读到以下{len(indicators)}个指标（空着的一级、二级指标已沿用上一行）：\n"
            f"{echo_table(indicators)}\n核对无误请再次提交；有出入请直接修改后再提交。")  # fmt: skip


def _says_none(value: Any) -> bool:
    """An answer of 无/暂无 (a list of only such lines, or one such paragraph)."""
    items = value if isinstance(value, list) else [value]
    return not real_items(items)


def _last_echo(turns: list[Turn], i: int) -> bool:
    return all(t.kind != "echo" or t.text != turns[i].text for t in turns[i + 1 :])


def _missing_reasons(indicators: list[Indicator], kind: ReportKind, values: Mapping[str, Any]) -> str:
    """Rows scored below their points without a 偏差原因: named, with what to write."""
    rules = kind.scoring.reverse_formula, kind.scoring.deductions_for(values)
    rows = [
        f"第{n}行“{s.indicator.level3}”（{s.indicator.target_text}，实际{s.indicator.actual_text}，"
        f"得{plain_number(s.score)}分/满分{plain_number(s.indicator.points)}分）"
        for n, s in enumerate((score_indicator(i, *rules) for i in indicators), 1)
        if not s.full and not s.indicator.reason
    ]
    if not rows:
        return ""
    return (
        "以下指标未得满分，须在第7栏写明偏差原因及改进措施："
        + "；".join(rows)
        + "。例如：“…｜6｜宣传覆盖不足，下年增加基层走访”。"
    )
