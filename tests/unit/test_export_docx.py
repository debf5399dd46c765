"""The Word export, checked in the written file's XML (python-docx and lxml)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Length
from lxml import etree

from assistant.export import docx_layout as L
from assistant.export.docx import build_document, document_bytes, write_docx
from assistant.export.paths import ExportError
from tests.support.report import TITLE, UNIT, W, attr, sample_report


@pytest.fixture(scope="module")
def parts(written: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(written) as z:
        return {name: z.read(name) for name in z.namelist()}


def _style(document: docx.document.Document, style_id: str) -> etree._Element:
    el = document.styles.element.find(f"{W}style[@{W}styleId='{style_id}']")
    assert el is not None, style_id
    return el


# --- page ---------------------------------------------------------------------------


def test_page_is_a4_with_gbt_margins(document: docx.document.Document) -> None:
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.top_margin.mm) == 37
    assert round(section.bottom_margin.mm) == 35
    assert round(section.left_margin.mm) == 28
    assert round(section.right_margin.mm) == 26
    # the type area is 156 × 225 mm
    assert round(Length(section.page_width - section.left_margin - section.right_margin).mm) == 156
    assert round(Length(section.page_height - section.top_margin - section.bottom_margin).mm) == 225


def test_22_lines_and_28_characters_fit_the_type_area(document: docx.document.Document) -> None:
    sect = document.sections[0]._sectPr
    grid = sect.find(qn("w:docGrid"))
    assert attr(grid, "type") == "lines" and attr(grid, "linePitch") == "579"
    height = L.PAGE_HEIGHT - L.MARGIN_TOP - L.MARGIN_BOTTOM
    assert height // L.LINE_PITCH == 22  # 28.95 pt lines
    assert height // 580 == 21  # 29 pt would give 21
    normal = _style(document, "Normal")
    spacing = normal.find(f"{W}rPr/{W}spacing")
    condensed = 16 * 20 + int(attr(spacing, "val"))
    width = L.PAGE_WIDTH - L.MARGIN_LEFT - L.MARGIN_RIGHT
    assert width // condensed == 28


def test_footer_distance_and_even_odd_setting(document: docx.document.Document, parts: dict[str, bytes]) -> None:
    section = document.sections[0]
    assert round(section.footer_distance.mm, 1) == 25.5
    assert document.settings.odd_and_even_pages_header_footer is True
    refs = {attr(r, "type") for r in section._sectPr.findall(qn("w:footerReference"))}
    assert refs == {"default", "even"}


# --- styles -------------------------------------------------------------------------

EXPECTED_STYLES = {
    # style id: (East-Asian font, size in half-points)
    "Normal": ("仿宋_GB2312", "32"),
    "Title": ("方正小标宋简体", "44"),
    "Heading1": ("黑体", "32"),
    "Heading2": ("楷体_GB2312", "32"),
    "Heading3": ("仿宋_GB2312", "32"),
    "Heading4": ("仿宋_GB2312", "32"),
    "Caption": ("黑体", "28"),
    "TableText": ("仿宋_GB2312", "24"),
    "Footer": ("宋体", "28"),
}


@pytest.mark.parametrize("style_id", EXPECTED_STYLES)
def test_style_fonts_sizes_and_colour(document: docx.document.Document, style_id: str) -> None:
    font, size = EXPECTED_STYLES[style_id]
    rpr = _style(document, style_id).find(f"{W}rPr")
    fonts = rpr.find(f"{W}rFonts")
    assert attr(fonts, "eastAsia") == font
    assert attr(fonts, "ascii") and attr(fonts, "hAnsi")
    assert not [k for k in fonts.attrib if k.endswith("Theme") or k.endswith("theme")]
    assert attr(rpr.find(f"{W}sz"), "val") == size
    assert attr(rpr.find(f"{W}color"), "val") == "000000"


def test_no_theme_fonts_or_colours_anywhere(parts: dict[str, bytes]) -> None:
    for name in ("word/styles.xml", "word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        xml = parts[name].decode()
        assert "Theme=" not in xml and "theme=" not in xml and "themeColor" not in xml, name


def test_document_defaults_and_language(document: docx.document.Document, parts: dict[str, bytes]) -> None:
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert attr(defaults.find(f"{W}rFonts"), "eastAsia") == "仿宋_GB2312"
    assert attr(defaults.find(f"{W}rFonts"), "ascii") == "Times New Roman"
    assert attr(defaults.find(f"{W}sz"), "val") == "32"
    assert attr(defaults.find(f"{W}lang"), "eastAsia") == "zh-CN"
    normal_lang = _style(document, "Normal").find(f"{W}rPr/{W}lang")
    assert attr(normal_lang, "eastAsia") == "zh-CN"
    settings = parts["word/settings.xml"].decode()
    assert 'w:eastAsia="zh-CN"' in settings and "ja-JP" not in settings


def test_body_line_spacing_is_exact_28_95_pt(document: docx.document.Document) -> None:
    spacing = _style(document, "Normal").find(f"{W}pPr/{W}spacing")
    assert attr(spacing, "line") == "579" and attr(spacing, "lineRule") == "exact"
    assert document.styles["Normal"].paragraph_format.line_spacing.pt == pytest.approx(28.95)
    # headings and body paragraphs inherit it: nothing in the body overrides the spacing
    for p in document.paragraphs:
        assert p.paragraph_format.line_spacing is None, p.text


def test_first_line_indent_is_two_characters(document: docx.document.Document) -> None:
    ind = _style(document, "Normal").find(f"{W}pPr/{W}ind")
    assert attr(ind, "firstLineChars") == "200"
    assert int(attr(ind, "firstLine")) == 2 * L.CHAR_PITCH  # 630 twips for LibreOffice


def test_fallback_fonts_in_font_table(parts: dict[str, bytes]) -> None:
    fonts = etree.fromstring(parts["word/fontTable.xml"])
    alt = {
        f.get(qn("w:name")): (f.find(qn("w:altName")).get(qn("w:val")) if f.find(qn("w:altName")) is not None else None)
        for f in fonts
    }
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体"
    assert "ＭＳ 明朝" not in alt


def test_unneeded_template_parts_are_gone(parts: dict[str, bytes]) -> None:
    assert not [n for n in parts if "thumbnail" in n or "stylesWithEffects" in n]
    assert not [n for n in parts if n.startswith("customXml")]


# --- footer -------------------------------------------------------------------------


def _footer_paragraph(document: docx.document.Document, even: bool) -> docx.text.paragraph.Paragraph:
    section = document.sections[0]
    footer = section.even_page_footer if even else section.footer
    (paragraph,) = footer.paragraphs
    return paragraph


@pytest.mark.parametrize("even", [False, True])
def test_page_number_field(document: docx.document.Document, even: bool) -> None:
    p = _footer_paragraph(document, even)
    xml = etree.tostring(p._p, encoding="unicode")
    kinds = [f.get(qn("w:fldCharType")) for f in p._p.iter(f"{W}fldChar")]
    assert kinds == ["begin", "separate", "end"]
    assert [t.text.strip() for t in p._p.iter(f"{W}instrText")] == ["PAGE"]
    assert p.text == "— 1 —"  # em dashes around the field's cached result
    assert "\u2014" in xml and p.style.style_id == "Footer"
    ind = p._p.find(f"{W}pPr/{W}ind")
    if even:
        assert p.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT
        assert attr(ind, "leftChars") == "100" and attr(ind, "left") == "280"
    else:
        assert p.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
        assert attr(ind, "rightChars") == "100" and attr(ind, "right") == "280"


# --- robustness, determinism, files -------------------------------------------------


def test_output_is_deterministic() -> None:
    report = sample_report()
    first = document_bytes(build_document(report))
    assert document_bytes(build_document(report)) == first
    with zipfile.ZipFile(__import__("io").BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_core_properties_from_the_report(document: docx.document.Document) -> None:
    props = document.core_properties
    assert props.title == TITLE and props.author == UNIT
    day = datetime(2026, 1, 20, tzinfo=UTC)
    assert props.created == day and props.modified == day
    assert props.comments == "" and props.language == "zh-CN"


def test_write_replaces_atomically_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "报告.docx"
    target.write_bytes(b"old")
    assert write_docx(sample_report(), target) == target
    assert zipfile.is_zipfile(target)
    assert [p.name for p in tmp_path.iterdir()] == ["报告.docx"]


def test_write_into_missing_folder_raises_export_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"无法写入文件“.*missing/r.docx”：文件夹不存在。") as caught:
        write_docx(sample_report(), tmp_path / "missing" / "r.docx")
    assert "No such" not in str(caught.value), "the reason is in Chinese"


def test_export_imports_no_ui_or_store() -> None:
    code = (
        "import sys, assistant.export.docx, assistant.export.paths;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tinydb')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
