"""Reports composed from random answers pass the Office schema (tests/support/office_schema.py).

For each kind, Hypothesis starts from the kind's example answers and, question by question,
keeps the answer, leaves it out (a 【待补充】 in the report) or replaces it by one of its type:
figures written the ways people type them, text with characters that trouble XML and Word
(markup, controls, astral and bidi characters, 【待补充】 typed by hand), long indicator and
record tables. The composed report is exported and validated. A few examples, the same on every
run, by default; HYPOTHESIS_PROFILE=thorough (or --hypothesis-profile=thorough) for a long random search.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.answer_files import answers_file
from assistant.answers import answer_from_file
from assistant.compose import compose
from assistant.export.docx import write_docx
from assistant.kinds import kind_ids, load_kind
from assistant.models import Column, Question, ReportKind
from assistant.pipeline import evaluate
from tests.support.common import ROOT, SLOW_EXAMPLES
from tests.support.office_schema import assert_valid_office_file

# Pieces that have broken exporters: XML markup and entities, Jinja syntax, controls and
# separators XML 1.0 cannot hold, a BOM, zero-width and bidi marks, astral CJK and emoji,
# combining marks, non-characters, the placeholder and the cell separators typed by hand.
ODD = ["&", "<", ">", '"', "'", "]]>", "&amp;", "<w:t>", "{{ a }}", "{% if %}", "\x00", "\x01", "\x0b", "\x0c",
       "\x1f", "\x7f", "\x85", "\ufeff", "\u200b", "\u200d", "\u202e", "\u2028", "\u3000", "\t", "\r", "😀",
       "𠀀", "e\u0301", "\ufffe", "\uffff", "\U0010ffff", "【待补充】", "【待补充：某项】", "——", "…", "Ａ１",
       "①", "℃", "㎡", "¥", "%", "％", "·", "“", "”"]  # fmt: skip
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
ANY = st.characters(codec="utf-8")  # every code point but lone surrogates
CHAR = st.one_of(CJK, CJK, CJK, ANY, st.sampled_from("，。、；：！？（）0123456789abcXYZ ."))
PIECE = st.one_of(st.text(CHAR, min_size=1, max_size=12), st.sampled_from(ODD))


def text(max_pieces: int = 12) -> st.SearchStrategy[str]:
    return st.lists(PIECE, min_size=1, max_size=max_pieces).map("".join)


def cell_text(lead: str = "") -> st.SearchStrategy[str]:
    """Text for a table cell: no cell separator or line break (they would make other rows);
    led by `lead` where the cell must not be empty (what the parser cleans away may be all)."""
    banned = "|｜\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    return text(6).map(lambda s: lead + "".join(c for c in s if c not in banned).strip())


DECIMAL = st.decimals(min_value=-(10**6), max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


def number(units: list[str]) -> st.SearchStrategy[str]:
    """A figure as people type it: 1234.5万元, 1,234,567元, ８９.５％, 负3, 一百二十, or nonsense."""
    plain = st.builds(lambda d, u: f"{d}{u}", DECIMAL, st.sampled_from(["", *units]))
    grouped = st.builds(lambda n, u: f"{n:,}{u}", st.integers(0, 10**12), st.sampled_from(["", *units]))
    full_width = plain.map(lambda s: s.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789.%"}))
    odd = st.sampled_from(["0", "负3", "一百二十", "约5万", "1e5"])
    return st.one_of(plain, plain, grouped, full_width, odd, text(3))


INDICATOR_GROUPS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
                    ("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]  # fmt: skip


@st.composite
def indicator_row(draw: st.DrawFn) -> str:
    """A row the indicator parser takes (a table with one bad row is refused whole): a
    quantitative target and actual of the same unit, or a qualitative one with its band."""
    level1, level2 = draw(st.sampled_from(INDICATOR_GROUPS))
    points = draw(st.sampled_from([1, 2, 5, 10, 15]))
    name, reason = draw(cell_text("指标")), draw(cell_text("原因"))
    if draw(st.booleans()):
        unit = draw(st.sampled_from(["次", "人次", "%", "万元", "天", "个"]))
        target = draw(st.integers(1, 10**6))
        actual = draw(st.integers(0, target * 2))
        op = draw(st.sampled_from(["≥", "≤", "=", ">=", "不低于"]))
        cells = [f"{op}{target}{unit}", f"{actual}{unit}"]
    else:
        band = draw(st.sampled_from(["达成", f"部分达成（{points * 0.7:g}分）", f"未达成（{points * 0.3:g}分）"]))
        cells = [draw(st.sampled_from(["明显改善", "有效提升", "逐步完善"])), band]
    return "｜".join([level1, level2, name, *cells, str(points), reason])


def record_row(columns: list[Column]) -> st.SearchStrategy[str]:
    """A row of a `records` answer: plain figures in number columns, odd text in the others."""

    def cell(column: Column) -> st.SearchStrategy[str]:
        if column.type == "text":
            value = cell_text(column.label)
        else:
            value = st.decimals(0, 10**9, places=2, allow_nan=False, allow_infinity=False).map(str)
        return value if column.required else st.one_of(st.just(""), value)

    return st.tuples(*(cell(c) for c in columns)).map("｜".join)


def answer(q: Question) -> st.SearchStrategy[str]:
    """A typed answer to `q`: mostly of its type, sometimes anything at all."""
    match q.type:
        case "money":
            typed = number(["万元", "元", "亿元"])
        case "count" | "number":
            typed = number([q.unit or "个", "人", "次"])
        case "percent":
            typed = number(["%", "％"])
        case "year":
            typed = st.integers(1990, 2110).map(str)
        case "date":
            typed = st.builds(lambda y, m, d: f"{y}年{m}月{d}日", st.integers(2000, 2100), st.integers(0, 13),
                              st.integers(0, 32))  # fmt: skip
        case "yesno":
            typed = st.sampled_from(["是", "否", "有", "没有", "是，每季度开展一次"])
        case "choice":
            typed = st.one_of(st.sampled_from(q.choices), st.integers(1, len(q.choices)).map(str))
        case "indicators":
            typed = st.lists(indicator_row(), min_size=1, max_size=60).map("\n".join)
        case "records":
            typed = st.lists(record_row(q.columns), min_size=1, max_size=40).map("\n".join)
        case "list":
            typed = st.lists(text(6), min_size=1, max_size=12).map(lambda items: "\n".join(items))
        case _:  # text, paragraph
            typed = text(40 if q.type == "paragraph" else 8)
    return st.one_of(typed, typed, typed, text(4))


@st.composite
def answers(draw: st.DrawFn, kind: ReportKind, example: dict[str, str]) -> dict[str, str]:
    raw: dict[str, str] = {}
    for q in kind.questions:
        what = draw(st.sampled_from(["keep", "keep", "drop", "new"]) if q.id in example else st.just("new"))
        if what == "keep":
            raw[q.id] = example[q.id]
        elif what == "new":
            raw[q.id] = draw(answer(q))
    return raw


KINDS = sorted(kind_ids())


@pytest.mark.parametrize("kind_id", KINDS)
def test_reports_from_random_answers_pass_the_schema(kind_id: str, tmp_path: Path) -> None:
    kind = load_kind(kind_id)
    example = {k: answer_from_file(v) for k, v in answers_file(ROOT / "examples" / f"{kind_id}.yaml").items()}

    @settings(max_examples=SLOW_EXAMPLES, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(raw=answers(kind, example), seed=st.integers(0, 2**31))
    def check(raw: dict[str, str], seed: int) -> None:
        report = compose(evaluate(kind, raw), seed=seed)
        path = write_docx(report, tmp_path / f"{kind_id}.docx")
        assert_valid_office_file(path)

    check()
