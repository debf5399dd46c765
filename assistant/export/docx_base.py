"""The empty base document every export starts from, built once per process in memory.

It starts from python-docx's default template and fixes what that template gets wrong for a
Chinese official document: styles (replaced, see docx_styles), the font table, the East-Asian
theme language (ja-JP → zh-CN), Letter paper, the footers (page numbers, odd and even), and
the parts a report does not need (Word 2010 stylesWithEffects, numbering, a bibliography
customXml, app properties, and a thumbnail of some other document).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Twips
from lxml import etree

from assistant.export import docx_layout as L
from assistant.export import docx_styles as S

_DROP_DOCUMENT_RELS = {
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.CUSTOM_XML,
    RT.NUMBERING,
    RT.WEB_SETTINGS,
}
_DROP_PACKAGE_RELS = {RT.THUMBNAIL, RT.EXTENDED_PROPERTIES}


def _page_number(*, odd: bool) -> str:
    """The page number "— N —" with a real PAGE field: right-aligned one character in on odd pages,
    left-aligned one character in on even pages."""
    if odd:
        ppr = (
            f'<w:ind w:rightChars="100" w:right="{L.PAGE_NUMBER_INDENT}" '
            'w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/>'
        )
    else:
        ppr = (
            f'<w:ind w:leftChars="100" w:left="{L.PAGE_NUMBER_INDENT}" '
            'w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="left"/>'
        )
    # the dashes are East-Asian (full-width) em dashes: hint so Word takes 宋体's glyph
    dash = '<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{S.FOOTER}"/>{ppr}</w:pPr>'
        + dash.format("— ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + dash.format(" —") + "</w:p>"
    )


def _fill_footer(ftr: BaseOxmlElement, *, odd: bool) -> None:
    for child in list(ftr):
        ftr.remove(child)
    ftr.append(parse_xml(_page_number(odd=odd).replace("<w:p>", f'<w:p xmlns:w="{S.W_NS}">', 1)))


def _settings(document: DocxDocument) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")  # Word 2013+: no "兼容模式" in the title bar
    for node in settings.findall(qn("w:savePreviewPicture")):  # the thumbnail is dropped
        settings.remove(node)


def _section(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width = Twips(L.PAGE_WIDTH)
    section.page_height = Twips(L.PAGE_HEIGHT)
    section.top_margin = Twips(L.MARGIN_TOP)
    section.bottom_margin = Twips(L.MARGIN_BOTTOM)
    section.left_margin = Twips(L.MARGIN_LEFT)
    section.right_margin = Twips(L.MARGIN_RIGHT)
    section.header_distance = Twips(L.HEADER_DISTANCE)
    section.footer_distance = Twips(L.FOOTER_DISTANCE)
    section.gutter = Twips(0)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:  # pragma: no cover - the default template has one
        grid = section._sectPr.makeelement(qn("w:docGrid"), {})
        section._sectPr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), "lines")  # 22 lines; the 28 characters come from docx_styles
    grid.set(qn("w:linePitch"), str(L.LINE_PITCH))
    odd = section.footer
    odd.is_linked_to_previous = False
    _fill_footer(odd._element, odd=True)
    even = section.even_page_footer
    even.is_linked_to_previous = False
    _fill_footer(even._element, odd=False)


@functools.cache
def base_docx() -> bytes:
    """The base package as bytes (each export opens its own copy): kept between runs, as
    building it (python-docx's template opened, changed and saved) took some 17 ms of a fill."""
    path = _kept_path()
    if path is not None:
        try:
            kept = path.read_bytes()
        except OSError:
            kept = b""
        digest, data = kept[:_DIGEST], kept[_DIGEST:]
        if data and hashlib.sha256(data).digest() == digest:
            return data
    data = _build()
    if path is not None:
        from store.atomic import PRIVATE, write_atomic

        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, hashlib.sha256(data).digest() + data, durable=False, mode=PRIVATE)
    return data


_DIGEST = 32  # a kept copy starts with the SHA-256 of the rest: one cut short or damaged is built again


def _kept_path() -> Path | None:
    """Where the base is kept: named for everything it is made from (this module, the styles and
    the layout, python-docx with its template, lxml), so a change of any is a new copy; None when
    one of them cannot be read."""
    from assistant.kind_cache import cache_root

    sources = [Path(__file__).with_name(n) for n in ("docx_base.py", "docx_styles.py", "docx_layout.py")]
    sources.append(Path(docx.__file__).parent / "templates" / "default.docx")
    try:
        versions = f"{docx.__version__} {etree.LXML_VERSION}".encode()  # python-docx's code writes it too
        key = hashlib.sha256(b"".join(p.read_bytes() for p in sources) + versions)
    except OSError:
        return None
    return cache_root() / f"docx-base-{key.hexdigest()[:24]}.docx"


def _build() -> bytes:
    document = docx.Document()
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in _DROP_DOCUMENT_RELS:
            del part.rels[rid]
        elif rel.reltype == RT.FONT_TABLE:
            rel.target_part._blob = S.font_table_xml().encode()  # a plain (unparsed) part
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype in _DROP_PACKAGE_RELS:
            del package_rels[rid]
    # replace the styles part's XML; python-docx reads it back from the element
    styles_part = part._styles_part
    styles_part._element = parse_xml(S.styles_xml().encode())
    _settings(document)
    _section(document)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
