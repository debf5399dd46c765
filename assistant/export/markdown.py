"""Report tree → Markdown (GitHub-flavoured tables; spans are written out as repeated text)."""

from __future__ import annotations

import html
import re

from assistant.models import Heading, Paragraph, Report, Table, joined_tables

_LIST_LIKE = re.compile(r"^(\d+)([.)])")
_INLINE = re.compile(r"([\\`*_<>\[\]])")
_LINE_START = re.compile(r"^([#>+\-=])")


def _inline(text: str) -> str:
    """Characters that would make emphasis, code, links or HTML, backslash-escaped."""
    return _INLINE.sub(r"\\\1", text)


def _escape(text: str) -> str:
    """User text as a literal Markdown paragraph: also no heading, quote or list from its start."""
    text = _LINE_START.sub(r"\\\1", _inline(text))
    return _LIST_LIKE.sub(r"\1\\\2", text)


def _cell_text(text: str) -> str:
    return _inline(text.replace("|", "｜").replace("\n", " "))


def table_to_markdown(table: Table) -> list[str]:
    grid = table.grid()
    # a spanned position repeats nothing: it is left empty, as a reader of a plain table expects
    lines = []
    for r, row in enumerate(grid):
        cells = [_cell_text(c.text) if c else "" for c in row]
        cells += [""] * (table.columns - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
        if r == max(table.header_rows, 1) - 1:  # Markdown needs a header row even when none repeats
            lines.append("|" + "---|" * table.columns)
    return lines


def _blocks(blocks: list[Heading | Paragraph | Table]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            # bold next to full-width punctuation does not render: headings carry no bold
            out += [f"{'#' * (block.level + 1)} {block.number}{_inline(block.text)}", ""]
        elif isinstance(block, Paragraph):
            out += [_escape(block.text), ""]
        elif isinstance(block, Table):
            if block.caption:
                out += [f"**{block.caption}**", ""]
            out += [*table_to_markdown(block), ""]
    return out


def to_markdown(report: Report) -> str:
    out = [f"# {_escape(report.title)}", "", *_blocks(report.blocks)]
    if report.attachments:
        names = [_escape(name) for name in report.attachment_names]
        numbered = len(names) > 1  # one attachment is not numbered (GB/T 9704)
        out.append("附件：" + "　".join(f"{i}.{n}" if numbered else n for i, n in enumerate(names, 1)))
        out.append("")
    if report.unit or report.date:
        out += [f'<p align="right">{html.escape(report.unit)}<br>{html.escape(report.date)}</p>', ""]
    # an attachment with content follows the 落款, as on a page of its own: its label, its title
    for attachment in report.attachments:
        if attachment.blocks:
            out += ["---", "", attachment.label, "", f"# {_escape(attachment.name)}", ""]
            out += _blocks(joined_tables(attachment.blocks))
    return "\n".join(out).rstrip() + "\n"
