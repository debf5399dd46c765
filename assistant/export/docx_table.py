"""Report Table → a real Word table (w:tbl) as XML text.

Spans: a Cell's colspan becomes w:gridSpan; its rowspan a w:vMerge="restart" cell with
w:vMerge continuation cells (same gridSpan) in the rows below, since Word has no rowspan.
Header rows repeat on every page (w:tblHeader); no row splits across pages (w:cantSplit); a
row of headings is kept with the row below it (w:keepNext on its paragraphs).
Column widths come from the cells' content (docx_widths), not from Table.widths; they are
written as the w:tblGrid and as every cell's w:tcW, with a fixed layout, so that Word and
LibreOffice lay the table out alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.export import docx_layout as L
from assistant.export import docx_styles as S
from assistant.export import docx_widths as W
from assistant.export.docx_text import paragraph, runs
from assistant.models import Cell, Table

_JC = {"left": "left", "center": "center", "right": "right"}


@dataclass(frozen=True)
class _Slot:
    """One w:tc: the cell that starts here, or the continuation of a rowspan from above."""

    col: int
    span: int
    cell: Cell | None  # None: a vMerge continuation
    restart: bool = False


def layout(table: Table) -> list[list[_Slot]]:
    """The w:tc slots of each row. Tolerant of a malformed tree: spans are clipped to the
    table, and a row that leaves columns uncovered is padded with empty cells, so that the
    export never fails on a table compose got slightly wrong."""
    ncols = table.columns
    # below[c] = (rows still covered, span, ) for a rowspan started above, keyed by start col
    below: dict[int, tuple[int, int]] = {}
    out: list[list[_Slot]] = []
    for row in table.rows:
        slots: list[_Slot] = []
        cells = iter(row)
        c = 0
        while c < ncols:
            if c in below:
                left, span = below[c]
                slots.append(_Slot(c, span, None))
                if left > 1:
                    below[c] = (left - 1, span)
                else:
                    del below[c]
                c += span
                continue
            cell = next(cells, None)
            if cell is None:
                cell = Cell()
            # a span may not run into the table's edge or a rowspan coming down from above
            span = 1
            while span < cell.colspan and c + span < ncols and (c + span) not in below:
                span += 1
            if cell.rowspan > 1:
                below[c] = (cell.rowspan - 1, span)
            slots.append(_Slot(c, span, cell, restart=cell.rowspan > 1))
            c += span
        out.append(slots)
    return out


def column_widths(table: Table, size: float = L.TABLE_SIZE, total: int = L.TEXT_WIDTH, *,
                  balanced: bool = False) -> list[int]:  # fmt: skip
    """Twips per grid column, summing to `total` (the text width), from what the one-column
    cells hold (docx_widths) in type of `size` points; a cell in the first header_rows rows, or
    a bold one, counts as a header. `balanced`: then adjusted for the least height (a form)."""
    columns = [W.Column() for _ in range(table.columns)]
    slots_of = layout(table)
    for r, slots in enumerate(slots_of):
        for slot in slots:
            if slot.cell is not None and slot.span == 1:
                columns[slot.col].add(slot.cell, header=r < table.header_rows or slot.cell.bold)
    widths = W.column_widths(columns, total, size)
    if not balanced:
        return widths
    # the one-column cells: a cell across columns (年度总体目标's halves) would hold every move
    # between the columns under it and those beside it, and it has room enough in either case
    boxes = [W.box(s.cell, s.col, r) for r, slots in enumerate(slots_of) for s in slots
             if s.cell is not None and s.span == 1]  # fmt: skip
    return W.balance(widths, boxes, len(slots_of), size)


def _heading_row(slots: list[_Slot], *, header: bool) -> bool:
    """Whether a row holds only headings (bold cells, or a header row), such as 预期目标 |
    实际完成情况 or 一级指标 | 二级指标 | … inside the 自评表: such a row is kept with the next."""
    cells = [s.cell for s in slots if s.cell is not None and s.cell.text.strip()]
    return bool(cells) and all(header or c.bold for c in cells)


def _tc(slot: _Slot, widths: list[int], *, header: bool, keep: bool, size: float | None = None) -> str:
    """One w:tc: its width (that of the grid columns it spans), spans, and paragraph; `keep`:
    kept on the page of the next row (keepNext on a row's paragraphs, in Word and LibreOffice);
    `size`: type of that many points on lines 1.5 times as high, instead of the style's."""
    width = sum(widths[slot.col : slot.col + slot.span])
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if slot.span > 1:
        props += f'<w:gridSpan w:val="{slot.span}"/>'
    if slot.cell is None:
        props += "<w:vMerge/>"
    elif slot.restart:
        props += '<w:vMerge w:val="restart"/>'
    props += '<w:vAlign w:val="center"/>'
    ppr = "<w:keepNext/>" if keep else ""
    if size:
        ppr += f'<w:spacing w:before="0" w:after="0" w:line="{round(size * 30)}" w:lineRule="exact"/>'
    if slot.cell is None:
        body = paragraph("", style=S.TABLE_TEXT, ppr=ppr)
    else:
        cell = slot.cell
        jc = "" if cell.align == "center" else f'<w:jc w:val="{_JC[cell.align]}"/>'
        body = paragraph(runs(cell.text, bold=cell.bold or header, size=size), style=S.TABLE_TEXT, ppr=ppr + jc)
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"


def table_xml(table: Table, *, keep_with_next: bool = False, size: float | None = None,
              widths: list[int] | None = None) -> str:  # fmt: skip
    """The w:tbl; `keep_with_next`: its last row is kept on the page of what follows. A row of
    headings is kept with the row below it, so that it never ends a page alone. `size`: its type
    in points where it is not the table style's; `widths`: its grid columns in twips, when they
    are not its own (a table drawn as the rest of another has that one's)."""
    widths = widths or column_widths(table, size or L.TABLE_SIZE)
    width = sum(widths)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    margin = L.TABLE_CELL_MARGIN
    tbl_pr = (
        f'<w:tblPr><w:tblStyle w:val="{S.TABLE_GRID}"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
        f"{S.table_borders()}"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
        f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
    )
    rows = []
    slots_of = layout(table)
    for r, slots in enumerate(slots_of):
        header = r < table.header_rows
        tr_pr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
        last = r == len(slots_of) - 1
        keep = keep_with_next if last else _heading_row(slots, header=header)
        tcs = "".join(_tc(slot, widths, header=header, keep=keep, size=size) for slot in slots)
        rows.append(f"<w:tr>{tr_pr}{tcs}</w:tr>")
    return f"<w:tbl>{tbl_pr}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
