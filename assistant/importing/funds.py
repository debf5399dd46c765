"""The funds rows of a 自评表 sheet (项目资金 / 年度预算: 年初预算数, 全年预算数, 全年执行数 of
年度资金总额 and of each source) as the answers of the kind's funds questions.

Read only where the sheet says its unit (资金（万元）, as every official form does): a figure
without one is not guessed at. Nothing is computed: the cells are given as typed answers, which
the questions then read and check as any typed answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.importing.sheet import Cells
from assistant.models import ReportKind
from assistant.numbers import to_decimal
from assistant.textclean import half_width
from assistant.wording import table_words

_UNIT = re.compile(r"[（(]\s*(万元|亿元|元)\s*[）)]")
_EMPTY = {"", "—", "——", "－", "-", "/", "／"}


@dataclass(frozen=True)
class FundsLine:
    """A row of the funds part: its name (其中：, 按收入性质分： taken off) and its three figures
    as written ("" when the cell is empty or “—”)."""

    number: int
    label: str
    initial: str
    budget: str
    spent: str


def read_funds(rows: Sequence[Cells], *, first_row: int = 1) -> tuple[str, list[FundsLine]]:
    """The unit and the rows of the funds part, found by its headings (年初预算数, 全年预算数,
    全年执行数 in one row); ("", []) when the sheet has none or does not say its unit."""
    names = table_words()["funds"]["columns"][:3]
    for index, row in enumerate(rows):
        texts = [_text(c) for c in row]
        if not all(name in texts for name in names):
            continue
        columns = [texts.index(name) for name in names]
        above = rows[index - 1] if index else []
        unit = next((m[1] for c in [*row, *above] if (m := _UNIT.search(_text(c)))), "")
        if not unit:
            return "", []
        lines = []
        for offset, line in enumerate(rows[index + 1 :], 1):
            figures = [_text(line[c]) if c < len(line) else "" for c in columns]
            if not any(_text(c) for c in line) or any(f not in _EMPTY and not _number(f) for f in figures):
                break  # the part ends: an empty row, or words where the figures were (年度总体目标 …)
            if not any(_number(f) for f in figures):
                continue  # a source the unit has none of (—)
            label = next((_text(c) for c in reversed(line[: min(columns)]) if _text(c)), "")
            label = re.split(r"[：:]", label)[-1].strip()
            lines.append(FundsLine(first_row + index + offset, label,
                                   *(f if _number(f) else "" for f in figures)))  # fmt: skip
        return unit, lines
    return "", []


def funds_answers(kind: ReportKind, unit: str, lines: Sequence[FundsLine]) -> dict[str, str]:
    """The kind's funds answers the rows give, as typed (228.63万元): 年度资金总额 and the sources
    by their question ids; the rows by source and by kind of spending as the detail question's
    records (a row without figures left out: the question reads it as 0; an empty cell stays
    empty, for the question to ask)."""
    spec = kind.scoring
    total = table_words()["funds"]["total"]
    answers: dict[str, str] = {}
    for line in lines:
        source = next((s for s in spec.sources if s.label == line.label), None)
        ids = (spec.initial, spec.budget, spec.spent) if line.label == total else (
            (source.initial, source.budget, source.spent) if source else (None, None, None))  # fmt: skip
        for qid, figure in zip(ids, (line.initial, line.budget, line.spent), strict=True):
            if qid and figure:
                answers[qid] = figure + unit
    if spec.detail is not None:
        named = {row for group in spec.detail.groups for row in group.rows}
        records = [
            "｜".join([line.label, *((f + unit) if f else "" for f in (line.initial, line.budget, line.spent))])
            for line in lines
            if line.label in named and any(_number(f) for f in (line.initial, line.budget, line.spent))
        ]
        if records:
            answers[spec.detail.question] = "\n".join(records)
    return answers


def _text(cell: str | None) -> str:
    return re.sub(r"\s+", "", cell or "")


def _number(text: str) -> bool:
    return text not in _EMPTY and to_decimal(half_width(text).replace(",", "")) is not None
