"""Report Table → a real Word table (w:tbl) as XML text.

Spans: a Cell's colspan becomes w:gridSpan; its rowspan a w:vMerge="restart" cell with
w:vMerge continuation cells (same gridSpan) in the rows below, since Word has no rowspan.
Header rows repeat on every page (w:tblHeader); no row splits across pages (w:cantSplit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.export import docx_layout as L
from assistant.export import docx_styles as S
from assistant.export.docx_text import display_width, paragraph, runs
from assistant.models import Cell, Table

_JC = {"left": "left", "center": "center", "right": "right"}
_TOKEN = re.compile(r"[0-9A-Za-z.%+\-≥≤=×/:,]+")
_EM = {"%": 0.85, "≥": 1.0, "≤": 1.0, "×": 1.0}  # other token characters: about 0.55 em


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


def _min_width(text: str) -> int:
    """Twips a cell needs so that its text does not break inside a number or a two-character
    word: the longest run of Latin letters / digits (about 0.55 em a character) or
    two Chinese characters, plus the cell margins."""
    longest = 0.0
    for token in _TOKEN.findall(text):
        longest = max(longest, sum(_EM.get(ch, 0.55) for ch in token))
    has_cjk = any(display_width(ch) == 1.0 for ch in text)
    need = max(longest, 2.0 if has_cjk else 0.0) * L.TABLE_SIZE * 20
    return round(need) + 2 * L.TABLE_CELL_MARGIN + 20


def column_widths(table: Table) -> list[int]:
    """Twips per grid column, summing to the text width: Table.widths when it fits (else
    weights from the content, the longest single-column text within 2–14 characters), then
    widened where a number or a two-character header would have to break, taking the room
    from the columns that have some to spare."""
    n = table.columns
    slots = [s for row in layout(table) for s in row if s.cell is not None and s.span == 1]
    weights: list[float]
    if len(table.widths) == n and all(w > 0 for w in table.widths):
        weights = [float(w) for w in table.widths]
    else:
        weights = [2.0] * n
        for slot in slots:
            assert slot.cell is not None
            weights[slot.col] = max(weights[slot.col], display_width(slot.cell.text))
        weights = [min(w, 14.0) for w in weights]
    total = sum(weights)
    widths = [L.TEXT_WIDTH * w / total for w in weights]
    minimum = [0.0] * n
    for slot in slots:
        assert slot.cell is not None
        minimum[slot.col] = max(minimum[slot.col], _min_width(slot.cell.text))
    if sum(minimum) <= L.TEXT_WIDTH:
        for _ in range(n):  # each pass fixes at least one column, or stops
            short = [i for i in range(n) if widths[i] < minimum[i] - 0.5]
            if not short:
                break
            deficit = sum(minimum[i] - widths[i] for i in short)
            for i in short:
                widths[i] = minimum[i]
            spare = {i: widths[i] - minimum[i] for i in range(n) if widths[i] > minimum[i]}
            room = sum(spare.values())
            for i, extra in spare.items():
                widths[i] -= deficit * extra / room
    out = [int(w) for w in widths]
    # hand the rounding remainder out from the widest column so the sum is exact
    for i in sorted(range(n), key=lambda k: -widths[k])[: L.TEXT_WIDTH - sum(out)]:
        out[i] += 1
    return out


def table_xml(table: Table) -> str:
    widths = column_widths(table)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    margin = L.TABLE_CELL_MARGIN
    tbl_pr = (
        f'<w:tblPr><w:tblStyle w:val="{S.TABLE_GRID}"/>'
        f'<w:tblW w:w="{L.TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>'
        f"{S.table_borders()}"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
        f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
    )
    rows = []
    for r, slots in enumerate(layout(table)):
        header = r < table.header_rows
        tr_pr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:trPr><w:cantSplit/></w:trPr>"
        tcs = []
        for slot in slots:
            width = sum(widths[slot.col : slot.col + slot.span])
            props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
            if slot.span > 1:
                props += f'<w:gridSpan w:val="{slot.span}"/>'
            if slot.cell is None:
                props += "<w:vMerge/>"
            elif slot.restart:
                props += '<w:vMerge w:val="restart"/>'
            props += '<w:vAlign w:val="center"/>'
            if slot.cell is None:
                body = paragraph("", style=S.TABLE_TEXT)
            else:
                cell = slot.cell
                jc = "" if cell.align == "center" else f'<w:jc w:val="{_JC[cell.align]}"/>'
                body = paragraph(runs(cell.text, bold=cell.bold or header), style=S.TABLE_TEXT, ppr=jc)
            tcs.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>")
        rows.append(f"<w:tr>{tr_pr}{''.join(tcs)}</w:tr>")
    return f"<w:tbl>{tbl_pr}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
