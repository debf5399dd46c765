"""The GB/T 9704-2012 layout of a .docx (rules.md §5), against the values this program's own
export writes (assistant/export/docx_layout.py): page size, margins, body font and size, line
spacing, page numbers."""

from __future__ import annotations

from collections import Counter
from typing import Any

from assistant.export import docx_layout as L
from assistant.review.findings import Slip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TWIPS_PER_MM = L.MM
SLACK = L.mm(0.5)  # Word rounds millimetres to twips; WPS to tenths of a millimetre
BODY_FONTS = (L.FANGSONG, "仿宋", "仿宋_GB2312", "FangSong", "FangSong_GB2312")
MIN_BODY = 30  # characters: shorter paragraphs (headings, the date, a caption) are not body text


def _mm(twips: int) -> str:
    return f"{twips / TWIPS_PER_MM:.1f}毫米"


def check_layout(document: Any) -> list[Slip]:
    slips: list[Slip] = []
    body = document.element.body
    sections = list(body.iter(W + "sectPr"))
    for n, sect in enumerate(sections, 1):
        where = "版面" if len(sections) == 1 else f"版面（第{n}节）"
        slips += _page(sect, where)
    slips += _body_text(document)
    slips += _page_numbers(document, sections)
    return slips


def _int(el: Any, attr: str) -> int | None:
    if el is None:
        return None
    value = el.get(W + attr)
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def _page(sect: Any, where: str) -> list[Slip]:
    slips = []
    size, margins = sect.find(W + "pgSz"), sect.find(W + "pgMar")
    width, height = _int(size, "w"), _int(size, "h")
    if (
        width is not None
        and height is not None
        and not (abs(width - L.PAGE_WIDTH) <= SLACK and abs(height - L.PAGE_HEIGHT) <= SLACK)
    ):
        slips.append(Slip("layout", f"{where}：纸张", f"{_mm(width)}×{_mm(height)}", "A4（210毫米×297毫米）"))
    expected = {"top": (L.MARGIN_TOP, "上边距"), "bottom": (L.MARGIN_BOTTOM, "下边距"),
                "left": (L.MARGIN_LEFT, "左边距"), "right": (L.MARGIN_RIGHT, "右边距")}  # fmt: skip
    for attr, (value, name) in expected.items():
        said = _int(margins, attr)
        if said is not None and abs(abs(said) - value) > SLACK:
            slips.append(Slip("layout", f"{where}：{name}", _mm(abs(said)), f"{_mm(value)}（版心156毫米×225毫米）"))
    return slips


def _styles(document: Any) -> dict[str, Any]:
    return {s.get(W + "styleId"): s for s in document.styles.element.iter(W + "style")}


def _run_property(run: Any, para: Any, styles: dict[str, Any], defaults: Any, tag: str, attr: str) -> str | None:
    """A run's property as Word resolves it: the run, its paragraph's style chain, the defaults."""
    for holder in (run.find(W + "rPr"), *_style_chain(para, styles), defaults):
        if holder is None:
            continue
        el = holder.find(W + tag) if holder.tag == W + "rPr" else holder.find(f"{W}rPr/{W}{tag}")
        if el is not None and el.get(W + attr):
            return el.get(W + attr)
    return None


def _style_chain(para: Any, styles: dict[str, Any]) -> list[Any]:
    style_el = para.find(f"{W}pPr/{W}pStyle")
    style_id = style_el.get(W + "val") if style_el is not None else None
    if style_id is None:
        style_id = next(
            (i for i, s in styles.items() if s.get(W + "default") == "1" and s.get(W + "type") == "paragraph"), None
        )
    chain, seen = [], set()
    while style_id and style_id in styles and style_id not in seen:
        seen.add(style_id)
        chain.append(styles[style_id])
        based = styles[style_id].find(W + "basedOn")
        style_id = based.get(W + "val") if based is not None else None
    return chain


def _paragraph_property(para: Any, styles: dict[str, Any], defaults: Any, tag: str) -> Any:
    for holder in (para.find(W + "pPr"), *(s.find(W + "pPr") for s in _style_chain(para, styles)), defaults):
        el = holder.find(W + tag) if holder is not None else None
        if el is not None:
            return el
    return None


def _body_text(document: Any) -> list[Slip]:
    """The font, size and line spacing most body characters have (paragraphs of some length
    outside tables): 三号仿宋 on lines that give 22 a page."""
    styles = _styles(document)
    root = document.styles.element
    run_defaults = root.find(f"{W}docDefaults/{W}rPrDefault")
    para_defaults = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
    fonts: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    spacing: Counter[str] = Counter()
    for para in document.element.body.iterchildren(W + "p"):
        runs = [r for r in para.iter(W + "r") if "".join(t.text or "" for t in r.iter(W + "t")).strip()]
        length = sum(len("".join(t.text or "" for t in r.iter(W + "t"))) for r in runs)
        if length < MIN_BODY:
            continue
        for run in runs:
            n = len("".join(t.text or "" for t in run.iter(W + "t")))
            fonts[
                _run_property(run, para, styles, run_defaults, "rFonts", "eastAsia") or "未指定中文字体（主题字体）"
            ] += n
            half = _run_property(run, para, styles, run_defaults, "sz", "val")
            sizes[f"{int(half) / 2:g}" if half and half.isdigit() else "（未指定）"] += n
        line = _paragraph_property(para, styles, para_defaults, "spacing")
        rule = line.get(W + "lineRule", "auto") if line is not None else "auto"
        value = _int(line, "line") if line is not None else None
        spacing[f"{rule}:{value}"] += length
    slips = []
    if fonts:
        font = fonts.most_common(1)[0][0]
        if font not in BODY_FONTS:
            slips.append(Slip("layout", "正文字体", font, "仿宋_GB2312（或仿宋）"))
    if sizes:
        size = sizes.most_common(1)[0][0]
        if size != f"{L.BODY_SIZE:g}":
            slips.append(
                Slip("layout", "正文字号", f"{size}磅" if size[0].isdigit() else size, f"三号（{L.BODY_SIZE:g}磅）")
            )
    if spacing:
        rule, value = spacing.most_common(1)[0][0].split(":")
        exact = rule == "exact" and value != "None" and abs(int(value) - L.LINE_PITCH) <= 10
        if not exact:
            said = f"固定值{int(value) / 20:g}磅" if rule == "exact" and value != "None" else "非固定值行距"
            slips.append(Slip("layout", "正文行距", said, f"固定值{L.LINE_PITCH / 20:g}磅（每页22行）"))
    return slips


def _page_numbers(document: Any, sections: list[Any]) -> list[Slip]:
    """A PAGE field in a footer of the body's sections."""
    for section in document.sections:
        for footer in (section.footer, section.even_page_footer, section.first_page_footer):
            try:
                if footer.is_linked_to_previous and section is not document.sections[0]:
                    continue
                xml = footer._element.xml
            except Exception:  # a footer part that cannot be read: no page number from it
                continue
            if "PAGE" in xml and ("fldSimple" in xml or "instrText" in xml):
                return []
    return [Slip("layout", "页码", "没有页码", "页脚插入页码，4号半角宋体阿拉伯数字，左右各放一条一字线（— 1 —）")]
