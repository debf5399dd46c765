"""Report tree → plain text, laid out for reading in a terminal or pasting into a form."""

from __future__ import annotations

from assistant.models import Heading, Paragraph, Report, Table

INDENT = "　　"  # two full-width spaces: the first-line indent of a 公文 paragraph


def table_to_text(table: Table) -> list[str]:
    lines = []
    for row in table.grid():
        lines.append(" | ".join((c.text if c else "") for c in row))
    return lines


def to_text(report: Report) -> str:
    out = [report.title, ""]
    for block in report.blocks:
        if isinstance(block, Heading):
            out.append(f"{INDENT}{block.number}{block.text}")
        elif isinstance(block, Paragraph):
            out.append(f"{INDENT if block.indent else ''}{block.text}")
        elif isinstance(block, Table):
            out += ["", block.caption, *table_to_text(block), ""]
    if report.attachments:
        out.append("")
        numbered = len(report.attachments) > 1  # one attachment is not numbered (GB/T 9704)
        for i, name in enumerate(report.attachments, 1):
            out.append(f"{INDENT}{'附件：' if i == 1 else '　　　'}{f'{i}.' if numbered else ''}{name}")
    if report.unit or report.date:
        out += ["", report.unit, report.date]
    return "\n".join(out).rstrip() + "\n"
