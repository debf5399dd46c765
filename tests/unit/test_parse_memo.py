"""The answers' parses kept from one evaluation of a draft to the next (pipeline.ParseMemo): an
evaluation made with them is the one made from scratch whatever the edits, the answer changed is
the only one parsed again, and the kept parses are of one kind and one day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import assistant.pipeline as pipeline
from assistant.compose import compose
from assistant.kinds import load_kind
from assistant.pipeline import ParseMemo, evaluate
from tests.support.common import SLOW_EXAMPLES
from tests.support.examples import example_raw
from tests.support.strategies import pieces

KINDS = ["dept-overall", "project", "target-mgmt", "comprehensive"]


@settings(max_examples=SLOW_EXAMPLES)
@given(data=st.data(), kind_id=st.sampled_from(KINDS))
def test_an_evaluation_with_kept_parses_is_the_one_made_from_scratch(data: Any, kind_id: str) -> None:
    kind = load_kind(kind_id)
    raw: dict[str, Any] = dict(example_raw(kind_id))
    donors = list(example_raw(kind_id).values())  # real answers, put where they may or may not fit
    ids = [q.id for q in kind.questions]
    memo = ParseMemo()
    evaluate(kind, raw, memo)
    text = st.one_of(st.none(), st.just(""), pieces(), st.sampled_from(donors), st.lists(st.text(max_size=3)))
    for _ in range(data.draw(st.integers(1, 6))):
        qid, new = data.draw(st.sampled_from(ids)), data.draw(text)
        if new is None:
            raw.pop(qid, None)
        else:
            raw[qid] = new
        kept = evaluate(kind, raw, memo)
        compose(kept)  # used as the report uses it: a kept value it changed would differ below
        assert kept == evaluate(kind, raw)


def test_only_the_answer_changed_is_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    kind = load_kind("dept-overall")
    raw = dict(example_raw("dept-overall"))
    memo = ParseMemo()
    evaluate(kind, raw, memo)
    parsed: list[str] = []
    real = pipeline.parse_answer
    monkeypatch.setattr(pipeline, "parse_answer", lambda q, text: parsed.append(q.id) or real(q, text))
    evaluate(kind, {**raw, "staff_actual": "12"}, memo)
    assert parsed == ["staff_actual"]
    parsed.clear()
    evaluate(load_kind("project"), dict(example_raw("project")), memo)  # another kind: nothing kept is used
    assert len(parsed) == len(example_raw("project"))


def test_the_kept_parses_are_of_one_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """A year is checked against today's: 2027 is refused on 31 December 2026, taken on New Year's Day."""
    today = [dt.date(2026, 12, 31)]

    class Clock(dt.date):
        @classmethod
        def today(cls) -> dt.date:
            return today[0]

    monkeypatch.setattr(pipeline, "date", Clock)
    monkeypatch.setattr("assistant.answers.dt", type("dt", (), {"date": Clock}))
    kind = load_kind("dept-overall")
    raw = {**example_raw("dept-overall"), "year": "2027"}
    memo = ParseMemo()
    assert "year" in evaluate(kind, raw, memo).invalid
    today[0] = dt.date(2027, 1, 1)
    assert evaluate(kind, raw, memo).values["year"] == 2027
