"""`report-assistant check` on whole documents: the program's own exports are clean, a report with
planted slips gives each with its value (.md, .txt and a .docx made from them), bad files give a
Chinese message and exit 2."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Mm, Pt

from assistant.cli import main
from assistant.review.check import check_file
from assistant.review.document import ReadError, read_document
from tests.support.examples import export_example

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "review"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("seed", [None, 0, 7], ids=["as-fill", "seed0", "seed7"])  # other phrasings too
@pytest.mark.parametrize("suffix", [".docx", ".md", ".txt"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_every_example_the_program_exports_passes_check(
    example: Path, suffix: str, seed: int | None, tmp_path: Path
) -> None:
    out = tmp_path / f"report{suffix}"
    export_example(example, out, seed)
    _, slips = check_file(out)
    assert slips == []


def docx_from_markdown(md: Path, out: Path, *, gbt: bool = False) -> Path:
    """A .docx as someone writes it in Word: the Markdown's paragraphs and tables, Word's defaults
    (or the GB/T 9704 page, fonts and line spacing when `gbt`)."""
    from assistant.review.document import Para, _markdown_blocks

    document = docx.Document()
    for block in _markdown_blocks(md.read_text(encoding="utf-8")):
        if isinstance(block, Para):
            p = document.add_paragraph(block.text, style=f"Heading {block.heading}" if block.heading else None)
            if gbt and not block.heading:
                p.paragraph_format.line_spacing = Pt(28.95)
        else:
            table = document.add_table(rows=len(block.rows), cols=max(len(r) for r in block.rows))
            for r, row in enumerate(block.rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    if gbt:
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
            Mm(37),
            Mm(35),
            Mm(28),
            Mm(26),
        )
    document.save(str(out))
    return out


def text_from_markdown(md: Path, out: Path) -> Path:
    """The same report as plain text (Notepad, GB18030): tables with ` | ` between cells."""
    lines = []
    for line in md.read_text(encoding="utf-8").splitlines():
        if line.startswith("|---"):
            continue
        lines.append(
            " | ".join(c.strip() for c in line.strip("|").split("|")) if line.startswith("|") else line.lstrip("# ")
        )
    out.write_bytes("\r\n".join(lines).encode("gb18030"))
    return out


# each planted slip of slips-dept.md: (what it says, what it should say, begins with)
PLANTED = [
    ("share", "38.28%", "38.29%"),
    ("growth", "增长35.9%", "增长35.66%"),
    ("growth", "增长11.96%", "下降11.96%"),
    ("score", "得9分", "得8.62分"),
    ("grade", "优", "良"),
    ("blank", "某某", "实际内容"),
    ("rate", "86.6%", "86.55%"),
    ("score", "9.00", "8.65"),
    ("score", "28.00", "27.00"),
    ("total", "95.20", "96.20"),
    ("twice", "6741.88万元", "6714.88万元"),
    ("measure", "列出3个问题、1条改进措施", "至少3条改进措施"),
]


def _found(path: Path) -> list[tuple[str, str, str]]:
    _, slips = check_file(path)
    return [(s.code, s.says, s.should) for s in slips if s.code != "layout"]


def _assert_planted(found: list[tuple[str, str, str]]) -> None:
    assert len(found) == len(PLANTED), found
    for code, says, should in PLANTED:
        assert any(c == code and s == says and w.startswith(should) for c, s, w in found), (code, says, found)


def test_each_planted_slip_is_found_with_its_value_in_markdown() -> None:
    _assert_planted(_found(DATA / "slips-dept.md"))


def test_the_same_slips_in_a_word_document_and_in_plain_text(tmp_path: Path) -> None:
    _assert_planted(_found(docx_from_markdown(DATA / "slips-dept.md", tmp_path / "slips.docx")))
    _assert_planted(_found(text_from_markdown(DATA / "slips-dept.md", tmp_path / "slips.txt")))


def test_the_layout_of_a_word_document_with_words_defaults(tmp_path: Path) -> None:
    path = docx_from_markdown(DATA / "slips-dept.md", tmp_path / "letter.docx")
    _, slips = check_file(path)
    layout = {s.where: s for s in slips if s.code == "layout"}
    assert layout["版面：纸张"].says == "215.9毫米×279.4毫米"
    assert layout["版面：上边距"].says == "25.4毫米" and layout["版面：上边距"].should.startswith("37.0毫米")
    assert layout["版面：左边距"].says == "31.7毫米"
    assert "正文行距" in layout and "页码" in layout and "正文字号" in layout
    gbt = docx_from_markdown(DATA / "slips-dept.md", tmp_path / "a4.docx", gbt=True)
    _, slips = check_file(gbt)
    assert {s.where for s in slips if s.code == "layout"} == {"正文字体", "正文字号", "页码"}


def test_cli_exit_status_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(DATA / "slips-dept.md"), "--format", "json"]) == 3
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert {"code", "where", "says", "should"} <= findings[0].keys()
    clean = tmp_path / "clean.md"
    export_example(ROOT / "examples" / "project.yaml", clean)
    assert main(["check", str(clean)]) == 0
    assert "未发现问题" in capsys.readouterr().out


def _damaged(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.docx"
    export_example(ROOT / "examples" / "project.yaml", good)
    files = {
        "old.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "locked.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 64
        + "EncryptedPackage".encode("utf-16-le")
        + b"\0" * 64,
        "cut.docx": good.read_bytes()[:3000],
        "text.docx": "这不是Word文档".encode(),
    }
    out = {}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        out[name] = tmp_path / name
    broken = tmp_path / "broken.docx"  # a whole zip whose document part is not XML
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, b"<w:document" if item.filename == "word/document.xml" else src.read(item))
    out["broken.docx"] = broken
    empty = tmp_path / "empty.docx"
    docx.Document().save(str(empty))
    out["empty.docx"] = empty
    return out


@pytest.mark.parametrize(
    ("name", "words"),
    [("old.doc", "另存为"), ("locked.docx", "密码"), ("cut.docx", "损坏"), ("text.docx", "损坏"),
     ("broken.docx", "损坏"), ("empty.docx", "没有文字")],
)  # fmt: skip
def test_a_file_that_cannot_be_read_gets_a_chinese_message_and_exit_2(
    name: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _damaged(tmp_path)[name]
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert words in captured.err and "Traceback" not in captured.err + captured.out


def test_a_missing_file_and_an_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="找不到"):
        read_document(tmp_path / "none.docx")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(ReadError, match="只能读取"):
        read_document(tmp_path / "a.pdf")


REFERENCE = ROOT.parent / "shared" / "reference" / "000_4b2e7f41540610e8.txt"  # beside the repository


@pytest.mark.skipif(not REFERENCE.exists(), reason="the reference samples are not beside the repository")
def test_a_report_of_another_kind_is_checked_without_a_traceback(tmp_path: Path) -> None:
    """Sample 1 of the reference (target management, 20xx left in), as a Word file: its blanks and
    its growth of 9.4% beside 7.38% and 16.96% are found, its right figures are not."""
    lines = REFERENCE.read_text(encoding="utf-8").splitlines()[1:16]
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    sample = tmp_path / "sample1.docx"
    document.save(str(sample))
    _, slips = check_file(sample)
    slips = [s for s in slips if s.code != "layout"]
    assert {s.code for s in slips} == {"blank", "precision"}
    assert [s.says for s in slips if s.code == "precision"] == ["9.4%"]


def test_a_200_page_document_is_read_and_checked(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = (
        "全年总支出228.25万元，其中：基本支出220.25万元，占总支出的96.50%；项目支出8.00万元，占总支出的3.50%。" * 2
    )
    for _ in range(200 * 10):  # about ten such paragraphs a page
        document.add_paragraph(paragraph)
    path = tmp_path / "long.docx"
    document.save(str(path))
    _, slips = check_file(path)
    assert {s.code for s in slips} == {"layout"}


def test_a_file_that_cannot_be_opened_is_said_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long = tmp_path / ("报" * 200 + ".docx")  # longer than a file name may be
    assert main(["check", str(long)]) == 2
    err = capsys.readouterr().err
    assert "文件名太长" in err and not any(word in err for word in ("File name", "Errno", "Traceback"))
