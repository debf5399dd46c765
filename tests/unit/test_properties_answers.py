"""Property tests: any text typed or pasted into any question of any kind gives a value or the
project's own AnswerError, never another exception; a value holds no character python-docx
refuses and no number past the bounds that keep Decimal arithmetic exact."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from assistant.answers import parse_answer
from assistant.errors import AnswerError
from assistant.figures import round2
from assistant.indicators import parse_indicators
from assistant.kinds import kind_ids, load_kind
from assistant.models import Question
from assistant.numbers import number_problem, to_decimal
from tests.support.strategies import FORBIDDEN, anything, numbers_in, pieces, strings_in, table_text

# what python-docx refuses in a paragraph (design.md, known traps), and what never belongs in a report

QUESTIONS = [(k, q) for k in kind_ids() for q in load_kind(k).questions]


def _value_is_clean(value: object) -> None:
    for text in strings_in(value):
        assert not FORBIDDEN.search(text), repr(text)
    for number in numbers_in(value):
        assert abs(number) < Decimal(10) ** 13, number
        round2(number)  # the report's rounding works on it (raises past 28 digits)


def _parses_or_refuses(q: Question, text: str) -> None:
    try:
        value = parse_answer(q, text)
    except AnswerError as err:
        assert err.message and not FORBIDDEN.search(err.message)
        return
    _value_is_clean(value)


@pytest.mark.parametrize(("kind_id", "q"), QUESTIONS, ids=[f"{k}.{q.id}" for k, q in QUESTIONS])
@given(text=anything())
def test_any_text_gives_a_value_or_an_answer_error(kind_id: str, q: Question, text: str) -> None:
    _parses_or_refuses(q, text)


TABLES = [(k, q) for k, q in QUESTIONS if q.type in ("indicators", "records")]


@pytest.mark.parametrize(("kind_id", "q"), TABLES, ids=[f"{k}.{q.id}" for k, q in TABLES])
@given(text=table_text())
def test_any_pasted_table_gives_rows_or_an_answer_error(kind_id: str, q: Question, text: str) -> None:
    _parses_or_refuses(q, text)


@given(text=st.one_of(table_text(), pieces()))
def test_indicator_table_parser_alone(text: str) -> None:
    try:
        rows = parse_indicators(text)
    except AnswerError:
        return
    assert rows
    _value_is_clean(rows)


NUMBER_TYPES = [(k, q) for k, q in QUESTIONS if q.type in ("money", "number", "count", "percent")]


@pytest.mark.parametrize(("kind_id", "q"), NUMBER_TYPES, ids=[f"{k}.{q.id}" for k, q in NUMBER_TYPES])
@given(text=pieces(min_size=1, max_size=5))
@example(text="1" * 35 + "万元")
@example(text="九亿亿亿亿亿")
@example(text="0.00000000000000000000000000001")
def test_any_number_gives_a_value_or_an_answer_error(kind_id: str, q: Question, text: str) -> None:
    _parses_or_refuses(q, text)


@given(text=st.one_of(pieces(), st.text(alphabet="0123456789.,-+ ", max_size=60)))
def test_any_digits_are_a_number_or_none_and_its_bounds_never_raise(text: str) -> None:
    value = to_decimal(text)
    if value is not None:
        number_problem(value)
