"""Report tree → .docx laid out after GB/T 9704-2012 (党政机关公文格式).

    from assistant.export.docx import write_docx
    write_docx(report, Path("自评报告.docx"))

The page, fonts and styles come from a base document built once (docx_base); the body is
written as WordprocessingML text and parsed in one go. The output is byte-for-byte the same
for the same Report: zip entries carry a fixed timestamp and the core properties take their
dates from the report's own date.
"""

from __future__ import annotations

import functools
import io
import math
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import docx
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

from assistant.export import docx_layout as L
from assistant.export import docx_styles as S
from assistant.export.docx_annex import annex_xml
from assistant.export.docx_base import base_docx
from assistant.export.docx_table import table_xml
from assistant.export.docx_text import clean, display_width, paragraph, runs
from assistant.export.paths import write_file
from assistant.models import Heading, Paragraph, Report, Table

__all__ = ["build_document", "document_bytes", "write_docx"]

_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_KEEP = "<w:keepNext/>"  # first among a paragraph's pPr children after pStyle
KEEP_END_LINES = L.LINES_PER_PAGE // 2  # an end matter up to half a page goes over whole
_ATTACHMENT_CHARS = L.CHARS_PER_LINE - 5  # an attachment's name starts five characters in
_TITLE_CHARS = int(L.TEXT_WIDTH / (L.TITLE_SIZE * 20 + L.CHAR_SPACING))  # 20
_YEAR_BREAK = re.compile(r"\d{4}\s*年度?")
_TRAILING_PUNCT = re.compile(r"[\s。，、；：！？,.;:!?]+$")
_NUMBERED = re.compile(r"^\d+[.．、]")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SPACES = " \u3000\t"


def _title(title: str) -> str:
    """The title paragraph. A title longer than one line (about 20 characters of 2号) is
    broken after its year ("…2025年度" / "部门整体支出绩效自评报告") when both halves fit on
    a line, so that it reads as two balanced lines rather than one full line and a stub."""
    text = clean(title).strip()
    content = runs(text)
    if display_width(text) > _TITLE_CHARS and "\n" not in text:
        match = _YEAR_BREAK.search(text)
        if match:
            head, tail = text[: match.end()], text[match.end() :]
            if head.strip() and tail.strip() and max(display_width(head), display_width(tail)) <= _TITLE_CHARS:
                content = runs(head) + "<w:r><w:br/></w:r>" + runs(tail)
    return paragraph(content, style=S.TITLE)


def _heading(block: Heading) -> str:
    text = f"{block.number.strip(_SPACES)}{block.text.strip(_SPACES)}"
    return paragraph(runs(text), style=S.HEADINGS[block.level])


def _paragraph(block: Paragraph, *, keep: bool = False) -> str:
    ppr = (_KEEP if keep else "") + ("" if block.indent else _NO_INDENT)
    if block.align != "justify":
        ppr += f'<w:jc w:val="{_ALIGN[block.align]}"/>'
    # the indent is the style's: leading (full-width) spaces typed for it would double it
    text = block.text.lstrip(_SPACES) if block.indent else block.text
    return paragraph(runs(text), ppr=ppr)


def _table(block: Table, *, keep: bool = False) -> str:
    caption = paragraph(runs(block.caption), style=S.CAPTION) if block.caption.strip() else ""
    return caption + table_xml(block, keep_with_next=keep)


class _End(NamedTuple):
    """One paragraph of the end matter: its text, its pPr children (after keepNext), and the
    lines it takes."""

    text: str
    ppr: str = ""
    lines: int = 1


def _attachments(names: list[str]) -> list[_End]:
    """附件说明: one line below the body, two characters in; "附件：1.xxx", further names
    under the first one's name; no punctuation after a name."""
    names = [_TRAILING_PUNCT.sub("", clean(n).strip()) for n in names]
    names = [n for n in names if n]
    if not names:
        return []
    out = [_End("")]
    numbered = len(names) > 1
    # wrapped lines and the names after the first align five characters in (2 + "附件：")
    for i, name in enumerate(names):
        label = f"{i + 1}." if numbered and not _NUMBERED.match(name) else ""
        lines = math.ceil(display_width(f"{label}{name}") / _ATTACHMENT_CHARS)
        if i == 0:
            ind = f'<w:ind w:leftChars="500" w:left="{L.chars(5)}" w:hangingChars="300" w:hanging="{L.chars(3)}"/>'
            out.append(_End(f"附件：{label}{name}", ind, lines))
        else:
            ind = f'<w:ind w:leftChars="500" w:left="{L.chars(5)}" w:firstLineChars="0" w:firstLine="0"/>'
            out.append(_End(f"{label}{name}", ind, lines))
    return out


def _signature(unit: str, date: str) -> list[_End]:
    """署名 and 成文日期: one line below, right-aligned four characters in."""
    unit, date = clean(unit).strip(), clean(date).strip()
    if not unit and not date:
        return []
    ppr = (
        f'<w:ind w:rightChars="400" w:right="{L.chars(4)}" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>'
    )
    return [_End(""), *(_End(text, ppr) for text in (unit, date) if text)]


def _kept(attachments: list[_End], signature: list[_End]) -> set[int]:
    """Which end paragraphs keep with the next one. All but the last, so that the 附件说明
    and the 落款 go over to a new page together with the body's last line rather than stand
    there alone (GB/T 9704: no page of 落款 without body text). An end matter longer than
    KEEP_END_LINES is not kept whole (it would leave a gap that long): then the body's last
    line keeps with the first attachment, and the last attachment with the 落款."""
    n = len(attachments) + len(signature)
    if sum(p.lines for p in attachments + signature) <= KEEP_END_LINES:
        return set(range(n - 1))
    return {0, *range(len(attachments) - 1, n - 1)}


def _end_matter(report: Report) -> list[str]:
    attachments = _attachments(report.attachment_names)
    end = attachments + _signature(report.unit, report.date)
    kept = _kept(attachments, end[len(attachments) :])
    return [paragraph(runs(p.text), ppr=(_KEEP if i in kept else "") + p.ppr) for i, p in enumerate(end)]


def _block(block: Heading | Paragraph | Table, *, keep: bool = False) -> str:
    """A block of the body; `keep`: kept with what follows (a heading always is)."""
    if isinstance(block, Heading):
        return _heading(block)
    if isinstance(block, Paragraph):
        return _paragraph(block, keep=keep)
    return _table(block, keep=keep)


def body_xml(report: Report) -> str:
    end = _end_matter(report)
    parts = [_title(report.title), paragraph("")]  # a blank line after the title
    for i, block in enumerate(report.blocks):
        parts.append(_block(block, keep=bool(end) and i == len(report.blocks) - 1))
    return "".join(parts + end) + annex_xml(report)  # the 自评表 on pages of its own


def _core_properties(document: DocxDocument, report: Report) -> None:
    props = document.core_properties
    props.title = clean(report.title).strip()[:255]
    props.author = clean(report.unit).strip()[:255]
    props.comments = ""
    props.last_modified_by = ""
    props.language = "zh-CN"
    props.revision = 1
    match = _DATE.search(report.date)
    when = None
    if match:
        try:
            when = datetime(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            when = None
    if when is not None:
        props.created = when
        props.modified = when
    else:  # no date to stand for: leave the dates out rather than put in "now"
        element = props._element
        for tag in ("dcterms:created", "dcterms:modified"):
            for node in element.findall(qn(tag)):
                element.remove(node)


@functools.cache
def _document_halves() -> tuple[str, str]:
    """The base document's main part as text, cut where the body goes (before its sectPr)."""
    document = docx.Document(io.BytesIO(base_docx()))
    text = etree.tostring(document.part.element, encoding="unicode")
    cut = text.index("<w:sectPr")
    return text[:cut], text[cut:]


def build_document(report: Report) -> DocxDocument:
    """The python-docx Document for `report` (not saved). The body is parsed in place, inside
    the whole main part: moving a parsed body into the base document's tree (addprevious of
    each block) cost time quadratic in a block's size, 76% of an export with a 288-row table."""
    document = docx.Document(io.BytesIO(base_docx()))
    head, tail = _document_halves()
    part = document.part
    part._element = parse_xml(head + body_xml(report) + tail)
    document = DocxDocument(part.element, part)
    _core_properties(document, report)
    return document


def document_bytes(document: DocxDocument) -> bytes:
    """The .docx bytes, deterministic: python-docx stamps every zip entry with the current
    time, so the entries are copied into a new archive with a fixed one."""
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zout.writestr(entry, zin.read(info))
    return out.getvalue()


def write_docx(report: Report, path: Path) -> Path:
    """Write `report` to `path` atomically (paths.write_file) and return the path. Check the
    path first with paths.safe_output_path."""
    path = Path(path)
    write_file(path, document_bytes(build_document(report)))
    return path
