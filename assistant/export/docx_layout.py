"""The GB/T 9704-2012 page, in the units Word files use (twips: 1/20 pt, 1440 per inch).

Every layout number of the Word export is here, with where it comes from.
"""

from __future__ import annotations

MM = 1440 / 25.4  # twips per millimetre


def mm(value: float) -> int:
    return round(value * MM)


# A4, 版心 156 × 225 mm: 天头 37 mm, 订口 28 mm, so bottom 35 mm and right 26 mm.
PAGE_WIDTH = mm(210)  # 11906
PAGE_HEIGHT = mm(297)  # 16838
MARGIN_TOP = mm(37)  # 2098
MARGIN_BOTTOM = mm(35)  # 1984
MARGIN_LEFT = mm(28)  # 1587
MARGIN_RIGHT = mm(26)  # 1474
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8845 = 442.25 pt
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 12756 = 637.8 pt

# 22 lines per page: 12756 / 22 = 579.8 twips, so an exact line spacing of 579 twips
# (28.95 pt) fits 22 lines (12738) and 580 (29 pt) would need 12760: only 21 would fit.
# The same number is the docGrid line pitch, so Word's and LibreOffice's grids agree.
LINE_PITCH = 579
LINES_PER_PAGE = 22

BODY_SIZE = 16.0  # 三号
# 28 characters per line: 442.25 pt / 28 = 15.79 pt per character, so 16 pt characters must
# be condensed by at least 0.206 pt. Not with the docGrid's charSpace: LibreOffice 7.x turns a
# negative charSpace into two grid cells per character (14 a line; newer versions ignore it,
# 27 a line). Instead the body styles condense each character by 5/20 pt (w:spacing -5 =
# -0.25 pt): 28 × 15.75 = 441 pt fits, 29 would need 456.75 pt. -4 (-0.2 pt) gives 27.
# Word, WPS and LibreOffice all lay that out the same way; the docGrid is a line grid only.
CHAR_SPACING = -5  # twentieths of a point, w:spacing in the rPr of Normal
CHARS_PER_LINE = 28
CHAR_PITCH = BODY_SIZE * 20 + CHAR_SPACING  # twips, 315


def chars(n: float) -> int:
    """Twips of n body characters: the fallback beside w:*Chars attributes (Word reads the
    *Chars value, LibreOffice 7 only the twips)."""
    return round(n * CHAR_PITCH)


# Page number: 4号 (14 pt) 宋体, "— 1 —", one character (14 pt) in from the outer edge.
# GB/T 9704 puts the 一字线 7 mm below the type area, i.e. 35 - 7 = 28 mm above the page edge.
# Word's footer distance is from the page edge to the bottom of the footer line; that line is
# exactly 16 pt high, its text sits on the bottom (宋体 descent 0.14 em) and the dash is about
# 0.36 em above the baseline: 0.14 + 0.36 = 0.5 em = 7 pt = 2.5 mm. 25.5 mm puts the dash
# 28 mm up, 7 mm under the type area (LibreOffice, Noto Serif CJK: the ink at 6.9–7.1 mm).
FOOTER_DISTANCE = mm(25.5)  # 1446
HEADER_DISTANCE = mm(15)  # no header is used; Word's default-like value
PAGE_NUMBER_SIZE = 14.0  # 四号
PAGE_NUMBER_LINE = 320  # exact 16 pt line for the page number
PAGE_NUMBER_INDENT = 280  # one 14 pt character

TITLE_SIZE = 22.0  # 二号
TABLE_SIZE = 12.0  # 小四
TABLE_LINE = 360  # exact 18 pt lines in tables (1.5 × 12 pt): same height in Word and LO
TABLE_CELL_MARGIN = 85  # 1.5 mm left and right inside cells
CAPTION_SIZE = 14.0  # 四号
# the 自评表 attached after the 落款: 五号 (10.5 pt) on exact 15.75 pt lines (1.5 ×, as TABLE_LINE),
# so that its nine columns (一级指标 … 偏差原因分析及改进措施 and the row-group label) fit 156 mm
ANNEX_TABLE_SIZE = 10.5

# Fonts. Word has no fallback list in rFonts: the *_GB2312 fonts (usual on government PCs) get
# an altName in the font table naming the font Windows ships (仿宋, 楷体).
LATIN_FONT = "Times New Roman"  # digits and Latin letters in body text
FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
SONGTI = "宋体"
TITLE_FONT = "方正小标宋简体"

# name -> (alternative name, panose-1, w:family)
FONT_TABLE: dict[str, tuple[str | None, str, str]] = {
    FANGSONG: ("仿宋", "02010609030101010101", "modern"),
    "仿宋": (None, "02010609060101010101", "modern"),
    KAITI: ("楷体", "02010609030101010101", "modern"),
    "楷体": (None, "02010609060101010101", "modern"),
    HEITI: (None, "02010609060101010101", "modern"),
    SONGTI: (None, "02010600030101010101", "auto"),
    TITLE_FONT: (SONGTI, "02000000000000000000", "auto"),
}

HIGHLIGHT = "yellow"  # placeholders (wording.pending)
