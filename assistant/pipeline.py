"""One pure pass over a draft's answers: parse → derive → score → check.

Everything the interview, compose and the UI show is taken from an Evaluation, so a figure in
the report always traces back to the answers it was computed from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from assistant.answers import parse_answer, stored_text
from assistant.checks import run_checks
from assistant.errors import AnswerError, KindError
from assistant.figures import compute_all
from assistant.models import Finding, Question, ReportKind, Scorecard
from assistant.scoring import scorecard
from assistant.templating import condition_holds


@dataclass(frozen=True)
class Evaluation:
    kind: ReportKind
    raw: Mapping[str, str]  # answers as stored (cleaned typed text)
    values: dict[str, Any]  # parsed values of the questions that apply; absent when unanswered
    invalid: dict[str, str]  # stored answers that no longer parse: id → Chinese message
    active: list[Question]  # questions whose `when` holds, in script order
    figures: dict[str, Decimal | None]
    scorecard: Scorecard | None
    findings: list[Finding] = field(default_factory=list)

    def answered(self, qid: str) -> bool:
        return qid in self.values

    def is_active(self, qid: str) -> bool:
        return any(q.id == qid for q in self.active)

    def unanswered_required(self) -> list[Question]:
        """The required questions that apply and have no usable answer: each is a placeholder
        (wording.pending) in the report (the one definition the CLI, the scorecard and the export dialog say)."""
        return [q for q in self.active if q.required and q.id not in self.values]


@dataclass
class ParseMemo:
    """Each answer's parse by question and stored text, kept from one evaluation of a draft to
    the next: the answer just typed is parsed again, the draft's other answers are not (parsing
    all of them was most of the time between Enter and the reply). A parse depends on nothing
    but the question and the text, except a year's, which is checked against today's date: the
    memo is of one kind and one day. It keeps the answers of the last evaluation only."""

    kind: ReportKind | None = None
    day: date | None = None
    entries: dict[tuple[str, str], tuple[Any, str | None]] = field(default_factory=dict)

    def of(self, kind: ReportKind) -> dict[tuple[str, str], tuple[Any, str | None]]:
        today = date.today()
        if self.kind is not kind or self.day != today:
            self.kind, self.day, self.entries = kind, today, {}
        return self.entries


def parse_all(kind: ReportKind, raw: Mapping[str, Any], memo: ParseMemo | None = None) -> tuple[
    dict[str, Any], dict[str, str], list[Question]
]:  # fmt: skip
    """Values of the answers whose question applies (a `when` sees only earlier answers)."""
    values: dict[str, Any] = {}
    invalid: dict[str, str] = {}
    active: list[Question] = []
    known = memo.of(kind) if memo is not None else {}
    kept: dict[tuple[str, str], tuple[Any, str | None]] = {}
    for q in kind.questions:
        if q.when and not _applies(q, values):
            continue
        active.append(q)
        text = raw.get(q.id)
        if text is None:
            continue
        key = (q.id, text) if isinstance(text, str) else None  # a list in a damaged draft: no key
        outcome = known.get(key) if key is not None else None
        if outcome is None:
            outcome = _parse(q, text)
        if key is not None:
            kept[key] = outcome
        value, message = outcome
        if message is not None:
            invalid[q.id] = message
        elif value is not None:
            values[q.id] = value
    if memo is not None:
        memo.entries = kept
    return values, invalid, active


def _parse(q: Question, text: Any) -> tuple[Any, str | None]:
    """The value of an answer and None, or None and why it cannot be used."""
    try:
        return parse_answer(q, stored_text(text)), None
    except AnswerError as err:
        return None, err.message


_REFERENCE = re.compile(r"\ba\.(\w+)|\ba\[[\"'](\w+)[\"']\]")


def _applies(q: Question, values: Mapping[str, Any]) -> bool:
    """Whether a question's `when` holds. A condition that cannot be computed because an answer
    it uses is not given yet ("a.count > 3" before the count) does not hold; one that fails with
    every answer given is an error of the script."""
    when = q.when or ""
    try:
        return condition_holds(when, values)
    except Exception as err:
        if isinstance(err, TypeError) and any(values.get(x or y) is None for x, y in _REFERENCE.findall(when)):
            return False
        raise KindError(f"问题 {q.id} 的 when 条件“{when}”无法计算：{err}") from None


def evaluate(kind: ReportKind, raw: Mapping[str, Any], memo: ParseMemo | None = None) -> Evaluation:
    values, invalid, active = parse_all(kind, raw, memo)
    figures = compute_all(kind.figures, values)
    card = scorecard(kind.scoring, values)
    findings = run_checks(kind, values, figures, card)
    return Evaluation(
        kind=kind,
        raw={k: str(v) for k, v in raw.items()},
        values=values,
        invalid=invalid,
        active=active,
        figures=figures,
        scorecard=card,
        findings=findings,
    )
