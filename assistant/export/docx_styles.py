"""styles.xml and fontTable.xml of the exported document, written whole.

python-docx's default template carries 160 Office styles with theme fonts (a Japanese
East-Asian one), blue headings and Letter-size assumptions; rather than patch them, the export
replaces styles.xml with the dozen styles it uses. Each style names its fonts explicitly
(w:eastAsia as well as w:ascii/w:hAnsi, no w:*Theme attribute) and its colour (black).
"""

from __future__ import annotations

from assistant.export import docx_layout as L

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Style ids used by the writer.
NORMAL = "Normal"
TITLE = "Title"
HEADINGS = {1: "Heading1", 2: "Heading2", 3: "Heading3", 4: "Heading4"}
CAPTION = "Caption"
TABLE_TEXT = "TableText"
FOOTER = "Footer"
PLACEHOLDER = "Placeholder"
TABLE_GRID = "TableGrid"


def _fonts(east_asia: str, latin: str = L.LATIN_FONT) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:eastAsia="{east_asia}" w:hAnsi="{latin}" w:cs="{latin}"/>'


def _size(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


_BLACK = '<w:color w:val="000000"/>'
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_EXACT = f'<w:spacing w:before="0" w:after="0" w:line="{L.LINE_PITCH}" w:lineRule="exact"/>'


def _heading(level: int, font: str) -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{HEADINGS[level]}">'
        f'<w:name w:val="heading {level}"/><w:basedOn w:val="{NORMAL}"/>'
        f'<w:next w:val="{NORMAL}"/><w:uiPriority w:val="9"/><w:qFormat/>'
        f'<w:pPr><w:keepNext/><w:outlineLvl w:val="{level - 1}"/></w:pPr>'
        f"<w:rPr>{_fonts(font)}{_BLACK}{_size(L.BODY_SIZE)}</w:rPr></w:style>"
    )


def styles_xml() -> str:
    """The whole styles part. pPr / rPr children follow the schema order Word insists on."""
    body_rpr = f"{_fonts(L.FANGSONG)}{_BLACK}{_size(L.BODY_SIZE)}"
    condensed = f'<w:spacing w:val="{L.CHAR_SPACING}"/>'
    lang = '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
    body_ind = f'<w:ind w:firstLineChars="200" w:firstLine="{L.chars(2)}"/>'
    song = _fonts(L.SONGTI, L.SONGTI)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'
        # document defaults: the same 三号仿宋 as Normal, so that nothing falls back to a
        # theme font, and LibreOffice's grid (which reads the defaults) matches Word's
        f"<w:docDefaults><w:rPrDefault><w:rPr>{body_rpr}{lang}</w:rPr></w:rPrDefault>"
        f'<w:pPrDefault><w:pPr><w:widowControl w:val="0"/>{_EXACT}</w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
        # Normal = 正文: 3号仿宋 condensed to 28 a line, exact 28.95 pt lines, two-character
        # first-line indent, justified. Widow control off: GB/T pages are full 22-line pages.
        f'<w:style w:type="paragraph" w:default="1" w:styleId="{NORMAL}">'
        '<w:name w:val="Normal"/><w:qFormat/>'
        f'<w:pPr><w:widowControl w:val="0"/>{_EXACT}{body_ind}<w:jc w:val="both"/></w:pPr>'
        f"<w:rPr>{_fonts(L.FANGSONG)}{_BLACK}{condensed}{_size(L.BODY_SIZE)}{lang}</w:rPr>"
        "</w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal">'
        '<w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        '<w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList">'
        '<w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/>'
        "<w:unhideWhenUsed/></w:style>"
        # 标题: 2号方正小标宋简体, centred, no indent
        f'<w:style w:type="paragraph" w:styleId="{TITLE}"><w:name w:val="Title"/>'
        f'<w:basedOn w:val="{NORMAL}"/><w:next w:val="{NORMAL}"/><w:uiPriority w:val="10"/>'
        f'<w:qFormat/><w:pPr><w:keepNext/>{_NO_INDENT}<w:jc w:val="center"/>'
        '<w:outlineLvl w:val="9"/></w:pPr>'
        f"<w:rPr>{_fonts(L.TITLE_FONT)}{_BLACK}{_size(L.TITLE_SIZE)}</w:rPr></w:style>"
        # 一、黑体  （一）楷体  1. 仿宋  （1）仿宋; all 三号, indented like body text
        + _heading(1, L.HEITI)
        + _heading(2, L.KAITI)
        + _heading(3, L.FANGSONG)
        + _heading(4, L.FANGSONG)
        # table caption: 4号黑体, centred, kept with its table
        + f'<w:style w:type="paragraph" w:styleId="{CAPTION}"><w:name w:val="caption"/>'
        f'<w:basedOn w:val="{NORMAL}"/><w:next w:val="{NORMAL}"/><w:uiPriority w:val="35"/>'
        f'<w:qFormat/><w:pPr><w:keepNext/>{_NO_INDENT}<w:jc w:val="center"/></w:pPr>'
        f"<w:rPr>{_fonts(L.HEITI)}{_BLACK}{_size(L.CAPTION_SIZE)}</w:rPr></w:style>"
        # table text: 小四仿宋, exact 18 pt lines, off the page grid (a 12 pt line must not
        # take a whole 28.95 pt grid line, nor 12 pt characters a 15.8 pt grid cell)
        f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{TABLE_TEXT}">'
        f'<w:name w:val="表格文字"/><w:basedOn w:val="{NORMAL}"/><w:qFormat/>'
        '<w:pPr><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{L.TABLE_LINE}" w:lineRule="exact"/>'
        f'{_NO_INDENT}<w:jc w:val="center"/></w:pPr>'
        f"<w:rPr>{_fonts(L.FANGSONG)}{_BLACK}{_size(L.TABLE_SIZE)}</w:rPr></w:style>"
        # footer: 4号宋体 half-width digits
        f'<w:style w:type="paragraph" w:styleId="{FOOTER}"><w:name w:val="footer"/>'
        f'<w:basedOn w:val="{NORMAL}"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:pPr><w:snapToGrid w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{L.PAGE_NUMBER_LINE}" '
        f'w:lineRule="exact"/>{_NO_INDENT}</w:pPr>'
        f'<w:rPr>{song}{_BLACK}<w:spacing w:val="0"/>{_size(L.PAGE_NUMBER_SIZE)}</w:rPr>'
        "</w:style>"
        # 待补充 placeholders: bold. The yellow highlight is on the runs themselves (docx_text):
        # the schema of a style's rPr has no w:highlight (Word would call the file damaged),
        # and a run's highlight is drawn alike by Word, WPS and LibreOffice
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{PLACEHOLDER}">'
        '<w:name w:val="待补充"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>'
        "<w:rPr><w:b/><w:bCs/></w:rPr></w:style>"
        # Table Grid: single 0.5 pt black borders
        f'<w:style w:type="table" w:styleId="{TABLE_GRID}"><w:name w:val="Table Grid"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/>'
        f"<w:tblPr>{table_borders()}</w:tblPr></w:style>"
        "</w:styles>"
    )


def table_borders() -> str:
    edge = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
    return (
        f"<w:tblBorders><w:top {edge}/><w:left {edge}/><w:bottom {edge}/><w:right {edge}/>"
        f"<w:insideH {edge}/><w:insideV {edge}/></w:tblBorders>"
    )


def font_table_xml() -> str:
    """fontTable.xml: the Chinese fonts used, with the alternatives Word may substitute, plus
    the Latin ones. GB2312 charset (0x86) so that Word picks a Chinese font when substituting."""
    fonts = []
    for name, (alt, panose, family) in L.FONT_TABLE.items():
        alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
        fonts.append(
            f'<w:font w:name="{name}">{alt_xml}<w:panose1 w:val="{panose}"/>'
            f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="variable"/>'
            "</w:font>"
        )
    fonts.append(
        f'<w:font w:name="{L.LATIN_FONT}"><w:panose1 w:val="02020603050405020304"/>'
        '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts xmlns:w="{W_NS}">'
        + "".join(fonts)
        + "</w:fonts>"
    )
