"""Phrase templates → the Report document tree.

A kind's templates (templates/<kind>/report.md.j2, with sentence macros in sentences.j2) render a
light markup, one block per line group:

    # 单位概况            heading level 1, numbered 一、 (## （一）, ### 1., #### （1）)
    [[table:funds]]       a table built from the scorecard (funds, indicators, items)
    [[appendix:self_eval]]  an attachment with content (the 自评表), laid out after the 落款
    [[attachment:名称]]   an attachment listed after the body by name only (the user attaches it)
    [[ref:self_eval]]     inside a line: that attachment's label as the 附件说明 numbers it
                          (附件1, or 附件 when it is the only one)
    !title …  !unit …  !date …   the report's title, signing unit and date
    other lines           paragraph text; consecutive lines join, a blank line ends a paragraph
"""

from __future__ import annotations

import re
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from assistant.errors import KindError
from assistant.formatting import Missing, ordinal, tidy_punctuation, today_cn
from assistant.models import (
    Attachment,
    Heading,
    Paragraph,
    Report,
    ReportKind,
    Table,
    number_attachments,
)
from assistant.pipeline import Evaluation
from assistant.resources import data_dir
from assistant.tables import build_appendix, build_table
from assistant.templating import make_environment, variant_chooser
from assistant.wording import placeholder_re

_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
_TABLE = re.compile(r"^\[\[table:(\w+)\]\]$")
_ATTACHMENT = re.compile(r"^\[\[attachment:(.*)\]\]$")
_APPENDIX = re.compile(r"^\[\[appendix:(\w+)\]\]$")
_REF = re.compile(r"\[\[ref:(\w+)\]\]")
_META = re.compile(r"^!(title|unit|date)\s+(.*)$")


def _environment(kind: ReportKind) -> SandboxedEnvironment:
    """The kind's template environment: the one its loader checked the templates with, or made
    here once for a kind built otherwise, and kept with the kind."""
    if kind._environment is None:
        kind._environment = make_environment(kind._templates or data_dir("templates") / kind.id)
    return kind._environment


class Namespace:
    """`a.<question id>` / `f.<figure id>` in templates: the value, or a Missing placeholder.
    A name the kind does not declare is an error (a typo in a template must not pass).

    Each name is an attribute of its own, set once: a template reads hundreds of them a report,
    and an attribute found at once costs far less than a miss handled by __getattr__."""

    def __init__(self, values: dict[str, Any], labels: dict[str, str]) -> None:
        # the names are question and figure ids (^[a-z][a-z0-9_]*$): none shadows a dunder
        self.__dict__.update({name: Missing(label) if values.get(name) is None else values[name]
                              for name, label in labels.items()})  # fmt: skip

    def __getitem__(self, name: str) -> Any:
        if name.startswith("_") or name not in self.__dict__:
            raise AttributeError(name)
        return self.__dict__[name]


def context(ev: Evaluation, seed: int) -> dict[str, Any]:
    kind = ev.kind
    active = {q.id for q in ev.active}
    answers = Namespace({k: v for k, v in ev.values.items() if k in active}, {q.id: q.label for q in kind.questions})
    figures = Namespace(dict(ev.figures), {f.id: f.label for f in kind.figures})
    return {
        "a": answers,
        "f": figures,
        "card": ev.scorecard,
        "scoring": kind.scoring,
        "findings": ev.findings,
        "variant": variant_chooser(seed),
        "today": today_cn(),
        "kind_title": kind.title,
    }


def render_markup(ev: Evaluation, seed: int) -> str:
    env = _environment(ev.kind)
    try:
        return env.get_template("report.md.j2").render(context(ev, seed))
    except Exception as err:  # a broken template is a kind error, reported by name
        raise KindError(f"模板 {ev.kind.id}/report.md.j2 无法生成报告：{err}") from err


def compose(ev: Evaluation, seed: int = 0) -> Report:
    return parse_markup(render_markup(ev, seed), ev)


# tidy_punctuation is a function of the text alone, and after one answer changes most of a
# report's paragraphs are as they were: each is tidied once (about a sixth of composing the
# preview otherwise). Bounded: emptied when full (a batch composes many reports in one process).
_TIDIED: dict[str, str] = {}
_TIDIED_MAX = 1024


def _tidy(text: str) -> str:
    done = _TIDIED.get(text)
    if done is None:
        if len(_TIDIED) >= _TIDIED_MAX:
            _TIDIED.clear()
        done = _TIDIED[text] = tidy_punctuation(text)
    return done


def parse_markup(markup: str, ev: Evaluation) -> Report:
    title, unit, date = ev.kind.title, "", ""
    blocks: list[Heading | Paragraph | Table] = []
    attachments, labels = _attachments(markup, ev)
    counters = [0, 0, 0, 0]
    pending: list[str] = []

    def flush() -> None:
        if pending:
            text = _tidy("".join(pending))
            if text:
                blocks.append(Paragraph(text=text))
            pending.clear()

    def label(m: re.Match[str]) -> str:
        if m[1] not in labels:
            raise KindError(f"模板 {ev.kind.id}/report.md.j2 引用了没有声明的附件“{m[1]}”（[[appendix:{m[1]}]]）")
        return labels[m[1]]

    for raw in markup.split("\n"):
        line = _REF.sub(label, raw.strip())
        if not line:
            flush()
            continue
        if m := _HEADING.match(line):
            flush()
            level = len(m[1])
            counters[level - 1] += 1
            counters[level:] = [0] * (4 - level)
            number = ordinal(counters[level - 1], level)
            blocks.append(Heading(level=level, number=number, text=_tidy(m[2])))
        elif m := _TABLE.match(line):
            flush()
            if (table := build_table(m[1], ev)) is not None:
                blocks.append(table)
        elif _ATTACHMENT.match(line) or _APPENDIX.match(line):
            continue  # gathered by _attachments
        elif m := _META.match(line):
            key, value = m[1], _tidy(m[2].strip())
            title, unit, date = (value if key == k else old for k, old in
                                 (("title", title), ("unit", unit), ("date", date)))  # fmt: skip
        else:
            pending.append(line)
    flush()
    return Report(title=title, blocks=blocks, unit=unit, date=date, attachments=attachments)


def _attachments(markup: str, ev: Evaluation) -> tuple[list[Attachment], dict[str, str]]:
    """The attachments in the order the markup declares them, and the label of each one with
    content by its name ({"self_eval": "附件1"}), for [[ref:…]]. A name the user lists that is
    the same as an attachment with content (部门整体支出绩效自评表, with or without its year) is
    not listed twice."""
    attachments: list[Attachment] = []
    built: dict[str, Attachment] = {}
    for raw in markup.split("\n"):
        line = raw.strip()
        if m := _APPENDIX.match(line):
            appendix = build_appendix(m[1], ev)
            if appendix is None:
                raise KindError(f"模板 {ev.kind.id}/report.md.j2 中的附件“{m[1]}”不存在")
            built[m[1]] = appendix
            attachments.append(appendix)
        elif (m := _ATTACHMENT.match(line)) and (name := m[1].strip().rstrip("。；;，,")):
            attachments.append(Attachment(name=document_name(name)))
    named = {_bare(a.name) for a in built.values()}
    attachments = [a for a in attachments if a.blocks or _bare(a.name) not in named]
    number_attachments(attachments)
    return attachments, {key: a.label for key, a in built.items()}


# a document cited number first: 泾农〔2025〕61号《关于认定…的通知》 (compiled when first used: its
# CJK class takes a millisecond and a half, and most reports name no such attachment)
_NUMBER_FIRST = r"^\s*([\u4e00-\u9fff]{1,12}〔\d{4}〕\s*第?\d+号)\s*《([^《》]+)》\s*$"


def document_name(name: str) -> str:
    """An attachment named as a 附件说明 names it: the document's title, its 文号 after it
    (关于认定…的通知（泾农〔2025〕61号）); a 文号 run into the title read as one word."""
    m = re.match(_NUMBER_FIRST, name) if "〔" in name else None
    return f"{m[2]}（{m[1]}）" if m else name


_NOT_IN_NAME = re.compile(r"\d{4}\s*年度?|[《》〈〉（）()\s]")


def _bare(name: str) -> str:
    """A table's name without its year, brackets and spaces: 《2025年度部门整体支出绩效自评表》 and
    部门整体支出绩效自评表（2025年度） are the same."""
    return _NOT_IN_NAME.sub("", name)


def drafted_answer(ev: Evaluation, macro_name: str, seed: int = 0) -> str:
    """What a question's `draft` macro proposes as its answer, one item a line ("" when it has
    nothing to propose, or when what it needs is not answered yet: never a placeholder)."""
    try:
        module = _environment(ev.kind).get_template("sentences.j2").make_module(vars=context(ev, seed))
        drafted = str(getattr(module, macro_name)())
    except Exception:  # a draft is a help, never a reason to stop the interview
        return ""
    lines = [tidy_punctuation(line.strip()) for line in drafted.splitlines()]
    text = "\n".join(line for line in lines if line)
    return "" if placeholder_re().search(text) else text


def echo_sentence(ev: Evaluation, qid: str, seed: int = 0) -> str | None:
    """The sentence an answer produces in the report (a macro named after the question in
    sentences.j2), or None when the kind has no sentence for it."""
    env = _environment(ev.kind)
    try:
        template = env.get_template("sentences.j2")
    except Exception:
        return None
    try:
        module = template.make_module(vars=context(ev, seed))
        macro = getattr(module, qid, None)
        said = None if macro is None else str(macro())
    except Exception:  # the echo is a courtesy: a template fault must not stop the answer being saved
        return None  # (compose reports the same fault by name when the report is written)
    if said is None:
        return None
    # the macro's lines run on, as in the report's paragraph; its paragraphs (1. 2. 3.) one a line
    paragraphs = re.split(r"\n\s*\n", said.strip())
    text = "\n".join(tidy_punctuation(re.sub(r"\s*\n\s*", "", p).strip()) for p in paragraphs if p.strip())
    return text or None
