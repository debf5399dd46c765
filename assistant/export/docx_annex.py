"""The attachments with content (the 自评表) → WordprocessingML after the 落款 (GB/T 9704-2012):
each from a new page, "附件1" (or "附件" when it is the only one) in 3号黑体 at the top left of
the type area, a blank line, the attachment's title centred on the third line (as the report's
title, 2号小标宋), then its blocks; its tables in 五号 so that the 自评表's columns fit 156 mm.
"""

from __future__ import annotations

from assistant.export import docx_layout as L
from assistant.export import docx_styles as S
from assistant.export.docx_table import column_widths, table_xml
from assistant.export.docx_text import clean, escape, paragraph, runs
from assistant.models import Attachment, Heading, Paragraph, Report, Table, joined_tables

_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
# an empty paragraph one point high (the least that keeps two tables apart)
_HAIRLINE = paragraph(
    "", ppr='<w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
)
_HEITI = f'<w:rFonts w:ascii="{L.HEITI}" w:eastAsia="{L.HEITI}" w:hAnsi="{L.HEITI}" w:cs="{L.HEITI}"/>'


def _label(attachment: Attachment) -> str:
    """附件1, 3号黑体 (the digits too), flush left, from a new page; kept with the title."""
    run = f'<w:r><w:rPr>{_HEITI}</w:rPr><w:t xml:space="preserve">{escape(attachment.label)}</w:t></w:r>'
    return paragraph(run, ppr=f"<w:keepNext/><w:pageBreakBefore/>{_NO_INDENT}")


def _block(block: Heading | Paragraph | Table, widths: list[int] | None = None) -> str:
    if isinstance(block, Table):
        return table_xml(block, size=L.ANNEX_TABLE_SIZE, widths=widths)
    if isinstance(block, Heading):
        return paragraph(runs(f"{block.number}{block.text}"), style=S.HEADINGS[block.level])
    return paragraph(runs(block.text), ppr="" if block.indent else _NO_INDENT)


def attachment_xml(attachment: Attachment) -> str:
    """One attachment's pages: label, blank line, title, blocks. A table as the last thing of the
    document is followed by an empty paragraph (Word requires one before the section's end)."""
    parts = [_label(attachment), paragraph("", ppr="<w:keepNext/>"),
             paragraph(runs(clean(attachment.name).strip()), style=S.TITLE)]  # fmt: skip
    # a table that continues the one before it is drawn on the same grid (the columns of the two
    # parts as one table's), a paragraph one point high between them
    joined = iter(joined_tables(attachment.blocks))
    widths: list[int] | None = None
    for block in attachment.blocks:
        if not (isinstance(block, Table) and block.continues and widths and len(widths) == block.columns):
            whole = next(joined)  # as joined_tables: a part, or a block of its own
            widths = column_widths(whole, L.ANNEX_TABLE_SIZE, balanced=True) if isinstance(whole, Table) else None
        else:  # without a paragraph between, Word and LibreOffice make the two parts one table,
            parts.append(_HAIRLINE)  # and the second's headings no longer repeat
        parts.append(_block(block, widths))
    return "".join(parts)


def annex_xml(report: Report) -> str:
    """The pages of every attachment that has content, in the report's order."""
    parts = [attachment_xml(a) for a in report.attachments if a.blocks]
    if parts and isinstance(next(a for a in reversed(report.attachments) if a.blocks).blocks[-1], Table):
        parts.append(_HAIRLINE.replace("<w:keepNext/>", ""))
    return "".join(parts)
