"""Text to WordprocessingML runs: cleaning, escaping and the placeholder highlight.

The writer builds the body as XML text and parses it once (much faster than python-docx's
per-run API); every string of the Report passes through `clean` and `runs` here.
"""

from __future__ import annotations

import re

from assistant.export import docx_layout as L
from assistant.export import docx_styles as S
from assistant.wording import placeholder_re

# Characters XML 1.0 (and so Word) cannot hold, or that only make trouble in a document:
# C0 controls except tab and line feed, DEL and C1 controls, lone surrogates, the BOM,
# and the non-characters U+FDD0–U+FDEF, U+xFFFE and U+xFFFF of every plane.
_NONCHARS = "".join(re.escape(chr(plane * 0x10000 + low)) for plane in range(17) for low in (0xFFFE, 0xFFFF))
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufdd0-\ufdef" + _NONCHARS + "]")
_NEWLINES = re.compile("\r\n?|[\u2028\u2029]")
_PLACEHOLDER_RPR = f'<w:rStyle w:val="{S.PLACEHOLDER}"/><w:b/><w:bCs/><w:highlight w:val="{L.HIGHLIGHT}"/>'
_BOLD_RPR = "<w:b/><w:bCs/>"


def clean(text: str) -> str:
    """`text` with line breaks unified to \\n and every character Word cannot take removed."""
    text = _NEWLINES.sub("\n", text)
    return _BAD.sub("", text)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _content(text: str) -> str:
    """Run content for cleaned text: w:t pieces, w:br for \\n, w:tab for \\t."""
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(out)


def _run(text: str, rpr: str) -> str:
    content = _content(text)
    if not content:
        return ""
    return f"<w:r><w:rPr>{rpr}</w:rPr>{content}</w:r>" if rpr else f"<w:r>{content}</w:r>"


def size_rpr(points: float) -> str:
    half = round(points * 2)
    return f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'


def runs(text: str, *, bold: bool = False, size: float | None = None) -> str:
    """The runs of one paragraph's text: placeholders bold on a yellow highlight; `size` in
    points where it is not the paragraph style's (the tables of an attachment)."""
    text = clean(text)
    sz = size_rpr(size) if size else ""
    base = (_BOLD_RPR if bold else "") + sz
    placeholder = _PLACEHOLDER_RPR.replace("<w:highlight", sz + "<w:highlight")  # rPr order: sz before highlight
    out = []
    pos = 0
    for match in placeholder_re().finditer(text):  # either form: naming what is missing, or bare
        out.append(_run(text[pos : match.start()], base))
        out.append(_run(match.group(), placeholder))
        pos = match.end()
    out.append(_run(text[pos:], base))
    return "".join(out)


def paragraph(content: str, *, style: str | None = None, ppr: str = "") -> str:
    """A w:p. `ppr` holds pPr children after pStyle, in schema order (keepNext … ind, jc)."""
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    if style_xml or ppr:
        return f"<w:p><w:pPr>{style_xml}{ppr}</w:pPr>{content}</w:p>"
    return f"<w:p>{content}</w:p>"


def display_width(text: str) -> float:
    """Width in full-width characters: ASCII and other half-width characters count half."""
    return sum(0.5 if ord(ch) < 0x1100 or 0xFF61 <= ord(ch) <= 0xFFDC else 1.0 for ch in text)
