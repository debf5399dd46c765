"""The examples (examples/<kind>.yaml) as the tests use them: their answers, their evaluation
with changes, the seed `fill` uses; the paragraphs, headings and sections of a composed report;
what a finished 公文 must not contain."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from assistant.answer_files import answers_file, typed_answers
from assistant.answers import answer_from_file
from assistant.compose import compose
from assistant.export.writer import write_report
from assistant.kinds import load_kind
from assistant.models import Heading, Paragraph, Report
from assistant.pipeline import Evaluation, evaluate
from assistant.templating import seed_from
from assistant.workspace import seed_for
from tests.support.common import ROOT


@cache
def example_raw(kind_id: str) -> dict[str, str]:
    data = answers_file(ROOT / "examples" / f"{kind_id}.yaml")
    return {k: answer_from_file(v) for k, v in data.items()}


def example_ev(kind_id: str, **changes: str | None) -> Evaluation:
    """The example's evaluation; `changes` replace answers (None removes one)."""
    raw = dict(example_raw(kind_id))
    for qid, text in changes.items():
        if text is None:
            raw.pop(qid, None)
        else:
            raw[qid] = text
    return evaluate(load_kind(kind_id), raw)


def example_seed(kind_id: str) -> int:
    """The seed `report-assistant fill` uses for the example file."""
    return seed_from(str(example_raw(kind_id).get("unit_name", kind_id)))


def paragraphs(report: Report) -> list[str]:
    return [b.text for b in report.blocks if isinstance(b, Paragraph)]


def headings(report: Report, level: int | None = None) -> list[str]:
    return [b.text for b in report.blocks if isinstance(b, Heading) and (level is None or b.level == level)]


def section(report: Report, title: str) -> list[str]:
    """The paragraphs under the heading `title`, up to the next heading of the same or a higher
    level (tables left out)."""
    out: list[str] = []
    level = None
    for block in report.blocks:
        if isinstance(block, Heading):
            if level is not None and block.level <= level:
                break
            if level is None and block.text == title:
                level = block.level
                continue
        if level is not None and isinstance(block, Paragraph):
            out.append(block.text)
    assert level is not None, f"没有标题“{title}”"
    return out


CJK = r"[\u3400-\u9fff\uf900-\ufaff（）《》“”、，。；：]"
ASCII_BETWEEN_CJK = re.compile(rf"{CJK}\s*[,.:;]\s*{CJK}")
DOUBLED_PUNCTUATION = re.compile(r"([，。、；：！？])\1|[，、；：][，。、；：！？]|[。！？][，、；：]")
DOUBLED_CHARACTER = re.compile(r"([的了是和与及或在对将被把从向为其之以于也都就])\1")
DOUBLED_WORD = re.compile(r"([\u4e00-\u9fff]{2,6})\1")
TEMPLATE_SYNTAX = ("{{", "}}", "{%", "%}", "{#", "#}")


def text_faults(text: str) -> list[str]:
    """What a finished 公文 must not contain, each with the place it occurs."""
    faults = []
    for token in (*TEMPLATE_SYNTAX, "None", "【待补充", "Undefined", "\\n"):
        if token in text:
            i = text.index(token)
            faults.append(f"{token!r}: …{text[max(0, i - 20) : i + 20]}…")
    for name, pattern in (("ASCII punctuation", ASCII_BETWEEN_CJK), ("doubled punctuation", DOUBLED_PUNCTUATION),
                          ("doubled character", DOUBLED_CHARACTER), ("doubled word", DOUBLED_WORD)):  # fmt: skip
        for m in pattern.finditer(text):
            faults.append(f"{name}: …{text[max(0, m.start() - 15) : m.end() + 15]}…")
    return faults


def table_with(row: str, kind_id: str = "dept-overall", replacing: str = "项目支出控制数") -> str:
    """The example's indicator table with `row` (a 成本指标 of the framework) in place of another."""
    lines = example_raw(kind_id)["indicators"].split("\n")
    [cost] = [n for n, line in enumerate(lines) if replacing in line]
    lines[cost] = row
    return "\n".join(lines)


def export_example(example: Path, out: Path, seed: int | None = None) -> None:
    """The example as `fill` writes it (its seed from the unit), or phrased with another `seed`."""
    kind = load_kind(example.stem.removesuffix("-2"))
    raw, problems = typed_answers(kind, answers_file(example))
    assert not problems
    ev = evaluate(kind, raw)
    write_report(
        compose(ev, seed=seed_for(kind.id, str(ev.values.get("unit_name", ""))) if seed is None else seed),
        out,
        force=True,
    )
