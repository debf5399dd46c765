"""Cleaning of typed or pasted text: control characters, odd spaces, width of digits."""

from __future__ import annotations

import re
import unicodedata

# C0 controls except \t and \n, DEL, C1 controls, zero-width characters, BOM, lone surrogates
# and the two non-characters: none of them belongs in a report, and python-docx refuses most.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2060\ufeff\ufffe\uffff\ud800-\udfff]")
_LINE_SEPARATORS = re.compile("\r\n|\r|\u2028|\u2029|\x85")
_SPACES = re.compile("[\xa0\u2000-\u200a\u202f\u205f\u3000]")  # no-break, en, em, ideographic …


# a terminal's colour and cursor codes pasted with the text (ESC [31m …): removed whole, not
# only their ESC, which would leave “[31m” in the report (or “2J” of a one-byte CSI in a title)
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])"
    r"|\x9b[0-9;?]*[ -/]*[@-~]"  # the same CSI in one byte (C1): 0x9b 2J
)


def clean_text(text: str, *, multiline: bool, keep_tabs: bool = False) -> str:
    """Strip control characters; keep new lines only when the answer may span several lines,
    and tabs only when asked (the cell separator of rows pasted from a spreadsheet)."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _CONTROL.sub("", text)
    if not keep_tabs:
        text = text.replace("\t", " ")
    text = _SPACES.sub(" ", text)
    # a leading tab is an empty first cell: strip spaces only
    lines = [re.sub(r" {2,}", " ", line).strip(" ") for line in text.split("\n")]
    if not multiline:
        return " ".join(line for line in lines if line)
    # collapse runs of blank lines to one blank line
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


def clean_title(text: str) -> str:
    """A title or unit name as typed or pasted: one line, without a terminal's colour codes or
    control characters (shown again in the drafts list, they would reach the terminal)."""
    return clean_text(text, multiline=False)


def half_width(text: str) -> str:
    """Full-width digits, letters and ASCII-like punctuation to half-width (for numbers)."""
    return unicodedata.normalize("NFKC", text)


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９％", "0123456789%")
_FULL_WIDTH_POINT = re.compile(r"(?<=\d)．(?=\d)")
_GROUPED = re.compile(r"(?<![\d.,])(\d{1,3})((?:,\d{3})+)(?![\d,])")


def plain_numbers(text: str) -> str:
    """Numbers in prose written as the report writes its own: half-width digits, no thousands
    separators (全年完成抽检１,２３６批次 → 1236批次, as 1856.42万元 and the tables have it)."""
    text = _FULL_WIDTH_POINT.sub(".", text.translate(_FULL_WIDTH_DIGITS))
    return _GROUPED.sub(lambda m: m.group(1) + m.group(2).replace(",", ""), text)


# what numbers or marks an item as typed: 1. 1、 (1) （1） 1） ① 一、 一是 （一） and bullets - * • ·;
# not the 1. of 1.5万元 (a decimal has one or two digits after its point; 2.2024年度… is item 2)
ITEM_NUMBER = re.compile(
    r"^\s*(\(?\d+[).、．）](?!\d{1,2}(?!\d))|（\d+）|[①-⑳]|[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十]+[）)]"
    r"|[-*•·●○■□◆▪►](?!\d))\s*"
)


def split_row(line: str) -> list[str]:
    """Cells of a table row separated by ｜, | or a tab; an empty cell (two tabs in a row) is kept."""
    return [c.strip() for c in re.split(r" *[|｜\t] *", line.strip(" "))]
