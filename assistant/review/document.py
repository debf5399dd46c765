"""A report read for checking or importing: its paragraphs and tables in body order.

Reads .docx (this program's, Word's, WPS's), Markdown and plain text. A file that cannot be
read raises ReadError with a Chinese message that says what to do (save as .docx, remove the
password); nothing else escapes as a traceback.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import UserError, os_reason

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: .doc, .wps, or an encrypted .docx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
MAX_BYTES = 50 * 1024 * 1024  # far above a 200-page report with pictures; a bound on what is read


class ReadError(UserError):
    """A document that cannot be read: the message says why and what to do."""


@dataclass(frozen=True)
class Para:
    """One paragraph; `heading` is its outline level (1 for 一、, 2 for （一）…), 0 for body text."""

    text: str
    heading: int = 0
    style: str = ""


@dataclass(frozen=True)
class Table:
    """A table as rows of cell texts; a merged position repeats nothing (it is empty)."""

    rows: list[list[str]]
    number: int  # 1-based, in body order


Block = Para | Table


@dataclass
class Document:
    path: Path
    blocks: list[Block]
    docx: Any = None  # the python-docx Document of a .docx, for its layout
    problems: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[Para]:
        return [b for b in self.blocks if isinstance(b, Para)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def empty(self) -> bool:
        return not any((b.text.strip() if isinstance(b, Para) else any(any(r) for r in b.rows)) for b in self.blocks)


_HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
_HEADING_2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_HEADING_3 = re.compile(r"^\d+[.．、]")


def outline_level(text: str) -> int:
    """The level a line's own number gives it: 一、 1, （一） 2, 1. 3; 0 for none."""
    if _HEADING_1.match(text):
        return 1
    if _HEADING_2.match(text):
        return 2
    return 0


def read_document(path: str | Path) -> Document:
    p = Path(path).expanduser()
    try:
        if not p.is_file():
            raise ReadError(f"找不到文件 {path}。" if not p.exists() else f"{path} 不是文件。")
        if p.stat().st_size > MAX_BYTES:
            raise ReadError(f"文件 {path} 超过50MB，不像一份自评报告，没有读取。")
        data = p.read_bytes()
    except OSError as err:
        raise ReadError(f"无法读取 {path}：{os_reason(err)}。") from None
    suffix = p.suffix.lower()
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED in data:
            raise ReadError(f"{path} 设有打开密码，无法读取。请在 Word 或 WPS 中取消密码后另存为 .docx 再试。")
        raise ReadError(
            f"{path} 是旧版 Word（.doc）或 WPS 格式，无法直接读取。请在 Word 或 WPS 中“另存为” .docx 后再试。"
        )
    if suffix in (".docx", ".docm", ".dotx") or data.startswith(b"PK\x03\x04"):
        return _read_docx(p, data)
    if suffix in (".md", ".markdown", ".txt", ".text", ""):
        text = _decode(data, path)
        blocks = _markdown_blocks(text) if suffix in (".md", ".markdown") else _text_blocks(text)
        return Document(p, blocks)
    raise ReadError(f"无法读取 {path}：只能读取 .docx、.md 和 .txt 文件。")


def _decode(data: bytes, path: str | Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Notepad's “Unicode”), else GB18030 (WPS, old Notepad)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(f"{path} 不是可以识别的文本文件（编码无法识别）。")


def _read_docx(path: Path, data: bytes) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        body = document.element.body
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, EOFError, OSError) as err:
        raise ReadError(f"{path} 不是完整的 .docx 文件（文件已损坏，或不是 Word 文档），无法读取。") from err
    except Exception as err:  # lxml's XMLSyntaxError and the like: a damaged part inside the package
        if type(err).__module__.startswith(("lxml", "docx", "zipfile")):
            raise ReadError(
                f"{path} 内容已损坏（{type(err).__name__}），无法读取。请用 Word 或 WPS 打开后另存为 .docx 再试。"
            ) from err
        raise
    styles = _style_names(document)
    blocks: list[Block] = []
    for child in body.iterchildren():
        if child.tag == W + "p":
            text = _paragraph_text(child)
            style = styles.get(_para_style_id(child), "")
            blocks.append(Para(text, _docx_heading(style, text), style))
        elif child.tag == W + "tbl":
            blocks.append(Table(_table_rows(child), len([b for b in blocks if isinstance(b, Table)]) + 1))
        elif child.tag == W + "sdt":  # a content control (a cover page, a table of contents): its paragraphs
            for p in child.iter(W + "p"):
                blocks.append(Para(_paragraph_text(p)))
    return Document(path, blocks, docx=document)


def _style_names(document: Any) -> dict[str, str]:
    names: dict[str, str] = {}
    for style in document.styles.element.iter(W + "style"):
        name = style.find(W + "name")
        names[style.get(W + "styleId", "")] = name.get(W + "val", "") if name is not None else ""
    return names


def _para_style_id(p: Any) -> str:
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val", "") if style is not None else ""


def _docx_heading(style: str, text: str) -> int:
    match = re.match(r"(?i)heading\s*(\d)|标题\s*(\d)", style)
    if match:
        return int(match.group(1) or match.group(2))
    if style.lower() == "title":
        return 0
    return outline_level(text.strip())


def _paragraph_text(p: Any) -> str:
    """The paragraph's text: runs, tabs and breaks; deleted revisions and field codes left out."""
    out: list[str] = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "sym"):
        if el.tag == W + "t":
            if _deleted(el):
                continue
            out.append(el.text or "")
        elif el.tag == W + "tab":
            out.append("\t")
        elif el.tag in (W + "br", W + "cr"):
            out.append("\n")
    return "".join(out)


def _deleted(el: Any) -> bool:
    parent = el.getparent()
    while parent is not None and parent.tag != W + "p":
        if parent.tag == W + "del":
            return True
        parent = parent.getparent()
    return False


def _table_rows(tbl: Any) -> list[list[str]]:
    """Rows of cell texts by grid column: a cell spanning columns fills the first, the rest are
    empty; a vertically merged continuation is empty (as Markdown and the text export write it)."""
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(W + "tr"):
        row: list[str] = []
        for tc in tr.iterchildren(W + "tc", W + "sdt"):
            cells = [tc] if tc.tag == W + "tc" else list(tc.iter(W + "tc"))
            for cell in cells:
                props = cell.find(W + "tcPr")
                span, continued = 1, False
                if props is not None:
                    grid = props.find(W + "gridSpan")
                    if grid is not None and (grid.get(W + "val") or "1").isdigit():
                        span = max(1, int(grid.get(W + "val")))
                    merge = props.find(W + "vMerge")
                    continued = merge is not None and merge.get(W + "val", "continue") == "continue"
                paragraphs = [_paragraph_text(p) for p in cell.iterchildren(W + "p")]
                text = "" if continued else " ".join(t.strip() for t in paragraphs if t.strip())
                row += [text] + [""] * (span - 1)
        rows.append(row)
    return rows


# --- Markdown and text ---------------------------------------------------------------------

_MD_ESCAPE = re.compile(r"\\([\\`*_<>\[\]#>+\-=.)|])")
_TAG = re.compile(r"<[^>]+>")


def _md_inline(text: str) -> str:
    text = text.replace("**", "")
    text = re.sub(r"<br\s*/?>", "\n", text)
    text = _TAG.sub("", text)
    return html.unescape(_MD_ESCAPE.sub(r"\1", text)).strip()


def _markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            blocks.append(Table(list(rows), len([b for b in blocks if isinstance(b, Table)]) + 1))
            rows.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|"):
            if re.fullmatch(r"\|(\s*:?-{3,}:?\s*\|)+", line):
                continue
            cells = re.split(r"(?<!\\)\|", line.strip("|"))
            rows.append([_md_inline(c) for c in cells])
            continue
        flush()
        if not line or re.fullmatch(r"-{3,}|\*{3,}", line):
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)", line)
        if heading:
            body = _md_inline(heading.group(2))
            blocks.append(
                Para(
                    body,
                    max(outline_level(body), len(heading.group(1)) - 1) if len(heading.group(1)) > 1 else 0,
                    "heading",
                )
            )
            continue
        for part in _md_inline(line).split("\n"):
            if part.strip():
                blocks.append(Para(part.strip(), outline_level(part.strip())))
    flush()
    return blocks


def _text_blocks(text: str) -> list[Block]:
    """Plain text: one paragraph a line; consecutive lines with ` | ` between cells are a table
    (as the text export writes one), so are lines of tab-separated cells (pasted from Word)."""
    blocks: list[Block] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            blocks.append(Table(list(rows), len([b for b in blocks if isinstance(b, Table)]) + 1))
            rows.clear()

    continued = False  # the last row's last cell goes on over lines (a cell of several lines)
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if " | " in raw or line.count("\t") >= 2:  # split before stripping: a row may begin with an empty cell
            cells = [c.strip() for c in (raw.split(" | ") if " | " in raw else raw.split("\t"))]
            if continued:
                rows[-1][-1] += " " + cells[0]
                rows[-1] += cells[1:]
            else:
                rows.append(cells)
            continued = False
            continue
        if rows and line:
            rows[-1][-1] = f"{rows[-1][-1]} {line}".strip()
            continued = True
            continue
        continued = False
        flush()
        if line:
            blocks.append(Para(line, outline_level(line)))
    flush()
    return blocks
