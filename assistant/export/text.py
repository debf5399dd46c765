"""Report tree → plain text, laid out for reading in a terminal or pasting into a form."""

from __future__ import annotations

from assistant.models import Heading, Paragraph, Report, Table, joined_tables

INDENT = "　　"  # two full-width spaces: the first-line indent of a 公文 paragraph


def table_to_text(table: Table) -> list[str]:
    lines = []
    for row in table.grid():
        lines.append(" | ".join((c.text if c else "") for c in row))
    return lines


def attachment_lines(names: list[str]) -> list[str]:
    """附件说明, two characters in; numbered only when there are several (GB/T 9704)."""
    numbered = len(names) > 1
    return [f"{INDENT}{'附件：' if i == 1 else '　　　'}{f'{i}.' if numbered else ''}{name}"
            for i, name in enumerate(names, 1)]  # fmt: skip


def _blocks(blocks: list[Heading | Paragraph | Table]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"{INDENT}{block.number}{block.text}")
        elif isinstance(block, Paragraph):
            out.append(f"{INDENT if block.indent else ''}{block.text}")
        elif isinstance(block, Table):
            out += ["", block.caption, *table_to_text(block), ""]
    return out


def to_text(report: Report) -> str:
    out = [report.title, "", *_blocks(report.blocks)]
    if report.attachments:
        out += ["", *attachment_lines(report.attachment_names)]
    if report.unit or report.date:
        out += ["", report.unit, report.date]
    # an attachment with content after the 落款 (in print, on a page of its own)
    for attachment in report.attachments:
        if attachment.blocks:
            out += ["", "", attachment.label, "", attachment.name, *_blocks(joined_tables(attachment.blocks))]
    return "\n".join(out).rstrip() + "\n"
