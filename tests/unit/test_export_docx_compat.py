"""What Word and WPS read from the file and LibreOffice may not (docs/word-wps-libreoffice.md),
checked in the XML of the exported dept-overall example: the altName fallbacks of the Chinese
fonts, the document grid of 22 lines, keep-with-next on the attachment lines and the 落款, the
repeated header rows of the tables, the PAGE field in both footers. Each check is also run on
a copy with the property taken out, and must fail there."""

from __future__ import annotations

import contextlib
import copy
import io
import re
import zipfile
from collections.abc import Callable

import pytest
from lxml import etree

from assistant.cli import main
from assistant.export import docx_layout as L
from tests.support.common import ROOT
from tests.support.report import W

Parts = dict[str, etree._Element]
DOCUMENT, STYLES, FONTS = "word/document.xml", "word/styles.xml", "word/fontTable.xml"
FOOTERS = ("word/footer1.xml", "word/footer2.xml")
SETTINGS = "word/settings.xml"


def w(name: str) -> str:
    return f"{W}{name}"


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> Parts:
    out = tmp_path_factory.mktemp("compat") / "dept-overall.docx"
    example = ROOT / "examples" / "dept-overall.yaml"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["fill", "dept-overall", "--answers", str(example), "--out", str(out)]) == 0
    with zipfile.ZipFile(out) as z:
        return {n: etree.fromstring(z.read(n)) for n in (DOCUMENT, STYLES, FONTS, SETTINGS, *FOOTERS)}


def _text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(w("t")))


def _body_paragraphs(parts: Parts) -> list[etree._Element]:
    return parts[DOCUMENT].find(w("body")).findall(w("p"))


# --- the checks ---------------------------------------------------------------------------------


def fonts_have_their_fallbacks(parts: Parts) -> None:
    """Word looks for the altName when the font itself is missing (仿宋_GB2312 is on government
    PCs, not on a plain Windows); every East-Asian font the styles name is in the font table."""
    table = {f.get(w("name")): f for f in parts[FONTS].findall(w("font"))}
    alt = {name: (f.find(w("altName")).get(w("val")) if f.find(w("altName")) is not None else None)
           for name, f in table.items()}  # fmt: skip
    assert alt.get(L.FANGSONG) == "仿宋", alt
    assert alt.get(L.KAITI) == "楷体", alt
    assert alt.get(L.TITLE_FONT) == L.SONGTI, alt
    named = {r.get(w("eastAsia")) for r in parts[STYLES].iter(w("rFonts"))} - {None}
    assert named <= set(table), named - set(table)
    assert all(table[n].find(w("charset")).get(w("val")) == "86" for n in named)  # GB2312: a Chinese substitute


def grid_is_22_lines(parts: Parts) -> None:
    """A line grid whose pitch is the body's exact line spacing; no character grid (a negative
    charSpace doubles the characters' cells in LibreOffice 7)."""
    grid = parts[DOCUMENT].find(f"{w('body')}/{w('sectPr')}/{w('docGrid')}")
    assert grid is not None
    assert grid.get(w("type")) == "lines" and grid.get(w("charSpace")) is None
    pitch = int(grid.get(w("linePitch")))
    normal = parts[STYLES].find(f"{w('style')}[@{w('styleId')}='Normal']")
    spacing = normal.find(f"{w('pPr')}/{w('spacing')}")
    assert spacing.get(w("lineRule")) == "exact" and int(spacing.get(w("line"))) == pitch
    assert L.TEXT_HEIGHT // pitch == 22
    condensed = 20 * L.BODY_SIZE + int(normal.find(f"{w('rPr')}/{w('spacing')}").get(w("val")))
    assert L.TEXT_WIDTH // condensed == 28


def end_matter_keeps_with_next(parts: Parts) -> None:
    """From the body's last paragraph to the 落款's unit, each line keeps with the next; the date
    (the last line) does not."""
    paragraphs = _body_paragraphs(parts)
    texts = [_text(p) for p in paragraphs]
    first = next(i for i, t in enumerate(texts) if t.startswith("附件："))
    date = next(i for i in range(first, len(texts)) if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", texts[i].strip()))
    kept = [p.find(f"{w('pPr')}/{w('keepNext')}") is not None for p in paragraphs]
    assert not kept[date]  # the attached 自评表 follows on a page of its own
    assert all(kept[first - 2 : date]), list(zip(texts[first - 2 : date + 1], kept[first - 2 : date + 1], strict=True))


def header_rows_repeat(parts: Parts) -> None:
    """Every table with a header row marks it w:tblHeader, and only a run of rows from the first
    (Word ignores a header row that does not follow one)."""
    tables = list(parts[DOCUMENT].iter(w("tbl")))
    marked = 0
    for table in tables:
        flags = [r.find(f"{w('trPr')}/{w('tblHeader')}") is not None for r in table.findall(w("tr"))]
        leading = flags.index(False) if False in flags else len(flags)
        assert not any(flags[leading:]), flags
        marked += leading > 0
    assert marked >= len(tables) - 1  # the 自评表 has no header row to repeat (tables.py, header_rows=0)


def page_field_in_both_footers(parts: Parts) -> None:
    """Odd and even footers each hold a complex PAGE field (begin, instruction, separate, cached
    result, end), referenced from the section, with even/odd footers switched on."""
    for name in FOOTERS:
        footer = parts[name]
        kinds = [f.get(w("fldCharType")) for f in footer.iter(w("fldChar"))]
        assert kinds == ["begin", "separate", "end"], (name, kinds)
        assert [(t.text or "").strip() for t in footer.iter(w("instrText"))] == ["PAGE"], name
    refs = parts[DOCUMENT].findall(f"{w('body')}/{w('sectPr')}/{w('footerReference')}")
    assert {r.get(w("type")) for r in refs} == {"default", "even"}
    assert parts[SETTINGS].find(w("evenAndOddHeaders")) is not None


CHECKS: dict[str, Callable[[Parts], None]] = {
    "altName": fonts_have_their_fallbacks,
    "docGrid": grid_is_22_lines,
    "keepNext": end_matter_keeps_with_next,
    "tblHeader": header_rows_repeat,
    "PAGE": page_field_in_both_footers,
}


@pytest.mark.parametrize("name", CHECKS)
def test_the_export_has_it(parts: Parts, name: str) -> None:
    CHECKS[name](parts)


# --- each check fails when its property is taken out --------------------------------------------


def _drop(parts: Parts, part: str, tag: str) -> None:
    found = list(parts[part].iter(w(tag)))
    assert found, (part, tag)
    for el in found:
        el.getparent().remove(el)


def _drop_alt_name(parts: Parts) -> None:
    font = parts[FONTS].find(f"{w('font')}[@{w('name')}='{L.KAITI}']")
    font.remove(font.find(w("altName")))


def _drop_grid(parts: Parts) -> None:
    grid = parts[DOCUMENT].find(f"{w('body')}/{w('sectPr')}/{w('docGrid')}")
    grid.set(w("type"), "default")


def _drop_keep_on_attachment(parts: Parts) -> None:
    line = next(p for p in _body_paragraphs(parts) if _text(p).startswith("附件："))
    line.find(w("pPr")).remove(line.find(f"{w('pPr')}/{w('keepNext')}"))


def _drop_table_header(parts: Parts) -> None:
    _drop(parts, DOCUMENT, "tblHeader")


def _drop_page_field(parts: Parts) -> None:
    _drop(parts, FOOTERS[1], "instrText")


REMOVALS: dict[str, Callable[[Parts], None]] = {
    "altName": _drop_alt_name,
    "docGrid": _drop_grid,
    "keepNext": _drop_keep_on_attachment,
    "tblHeader": _drop_table_header,
    "PAGE": _drop_page_field,
}


@pytest.mark.parametrize("name", CHECKS)
def test_the_check_fails_without_it(parts: Parts, name: str) -> None:
    altered = {k: copy.deepcopy(v) for k, v in parts.items()}
    REMOVALS[name](altered)
    with pytest.raises(AssertionError):
        CHECKS[name](altered)


def test_every_check_has_its_removal() -> None:
    assert set(CHECKS) == set(REMOVALS)
