"""Report tree → Markdown (GitHub-flavoured tables; spans are written out as repeated text)."""

from __future__ import annotations

import re

from assistant.models import Heading, Paragraph, Report, Table

_LIST_LIKE = re.compile(r"^(\d+)\.")


def _cell_text(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


def table_to_markdown(table: Table) -> list[str]:
    grid = table.grid()
    # a spanned position repeats nothing: it is left empty, as a reader of a plain table expects
    lines = []
    for r, row in enumerate(grid):
        cells = [_cell_text(c.text) if c else "" for c in row]
        cells += [""] * (table.columns - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
        if r == table.header_rows - 1:
            lines.append("|" + "---|" * table.columns)
    return lines


def to_markdown(report: Report) -> str:
    out = [f"# {report.title}", ""]
    for block in report.blocks:
        if isinstance(block, Heading):
            # bold next to full-width punctuation does not render: headings carry no bold
            out += [f"{'#' * (block.level + 1)} {block.number}{block.text}", ""]
        elif isinstance(block, Paragraph):
            out += [_LIST_LIKE.sub(r"\1\\.", block.text), ""]
        elif isinstance(block, Table):
            if block.caption:
                out += [f"**{block.caption}**", ""]
            out += [*table_to_markdown(block), ""]
    if report.attachments:
        out.append("附件：" + "　".join(f"{i}.{name}" for i, name in enumerate(report.attachments, 1)))
        out.append("")
    if report.unit or report.date:
        out += [f"<p align=\"right\">{report.unit}<br>{report.date}</p>", ""]
    return "\n".join(out).rstrip() + "\n"
