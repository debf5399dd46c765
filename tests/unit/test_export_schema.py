"""Every .docx the program writes passes the Office schema (tests/support/office_schema.py): each
example through `fill`, drafts full of 【待补充】 through `export`, and the largest documents
(the benchmark's report, a 288-row indicator table, a target-management table as long as an
answer may be). Reports from random answers: test_export_schema_random.py. First, that the
check finds what Word would call damage, and says where."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from assistant.answer_files import answers_file
from assistant.answers import answer_from_file
from assistant.cli import main
from assistant.compose import compose
from assistant.export.docx import write_docx
from assistant.kinds import kind_ids, load_kind
from assistant.pipeline import evaluate
from assistant.workspace import open_store
from tests.support.common import ROOT
from tests.support.office_schema import assert_valid_office_file, office_violations
from tests.support.report import W, long_report, sample_report

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
KINDS = sorted(kind_ids())


def kind_of(example: Path) -> str:
    """dept-overall-2.yaml is a second example of dept-overall."""
    return re.sub(r"-\d+$", "", example.stem)


def _example(kind_id: str) -> dict[str, str]:
    return {k: answer_from_file(v) for k, v in answers_file(ROOT / "examples" / f"{kind_id}.yaml").items()}


def _document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _text(path: Path) -> str:
    return "".join(t.text or "" for t in _document_xml(path).iter(f"{W}t"))


# --- the check catches what it must, and names the part, the path and the element -----------


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_docx(sample_report(), tmp_path_factory.mktemp("schema") / "valid.docx")


def _altered(src: Path, dst: Path, part: str, old: str, new: str) -> Path:
    """A copy of `src` with the first `old` in `part` replaced by `new`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == part:
                text = data.decode()
                assert old in text, (part, old)
                data = text.replace(old, new, 1).encode()
            zout.writestr(info, data)
    return dst


def _placeholder_style_index(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        styles = etree.fromstring(z.read("word/styles.xml")).findall(f"{W}style")
    return next(i for i, s in enumerate(styles, 1) if s.get(f"{W}styleId") == "Placeholder")


def test_the_exported_file_passes(valid: Path) -> None:
    assert office_violations(valid) == []


def test_a_highlight_in_a_style_is_reported_with_part_path_and_element(valid: Path, tmp_path: Path) -> None:
    """The violation every export had until the 待补充 style lost its w:highlight."""
    highlighted = '<w:rPr><w:b/><w:bCs/><w:highlight w:val="yellow"/></w:rPr>'
    bad = _altered(valid, tmp_path / "bad.docx", "word/styles.xml", "<w:rPr><w:b/><w:bCs/></w:rPr>", highlighted)
    n = _placeholder_style_index(valid)
    with pytest.raises(AssertionError) as failure:
        assert_valid_office_file(bad)
    message = str(failure.value)
    assert "1 Office schema violation" in message
    assert f"/word/styles.xml /styles[1]/style[{n}]/rPr[1] <highlight>: Unexpected element 'highlight'" in message


# (part, text, replaced by, the part, path and element reported)
BROKEN = {
    "pPr children out of order": (
        "word/document.xml", '<w:pPr><w:keepNext/>', '<w:pPr><w:jc w:val="left"/><w:keepNext/>',
        ("/word/document.xml", "/pPr[1]", "keepNext"),
    ),
    "a value the schema does not allow": (
        "word/document.xml", '<w:jc w:val="right"/>', '<w:jc w:val="middle"/>',
        ("/word/document.xml", "/pPr[1]/jc[1]", "val"),
    ),
    "an element that does not exist": (
        "word/document.xml", "<w:tblHeader/>", "<w:tblHeader/><w:repeatHeader/>",
        ("/word/document.xml", "/trPr[1]", "repeatHeader"),
    ),
    "a table cell's properties out of order": (
        "word/document.xml", '<w:gridSpan w:val="', '<w:vAlign w:val="center"/><w:gridSpan w:val="',
        ("/word/document.xml", "/tcPr[1]", "gridSpan"),
    ),
    "a style that is not defined": (
        "word/document.xml", '<w:pStyle w:val="Title"/>', '<w:pStyle w:val="Titel"/>',
        ("/word/document.xml", "", "pStyle"),
    ),
    "a footer paragraph's properties out of order": (
        "word/footer1.xml", "<w:jc ", '<w:ind w:left="0"/><w:jc ',
        ("/word/footer1.xml", "/ftr[1]/p[1]/pPr[1]", "ind"),
    ),
    "the font table out of order": (
        "word/fontTable.xml", '<w:charset w:val="86"/>', '<w:family w:val="auto"/><w:charset w:val="86"/>',
        ("/word/fontTable.xml", "/fonts[1]/font[1]", "charset"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", BROKEN)
def test_other_damage_is_reported_where_it_is(valid: Path, tmp_path: Path, case: str) -> None:
    part, old, new, (where, path_end, node) = BROKEN[case]
    found = office_violations(_altered(valid, tmp_path / "bad.docx", part, old, new))
    assert found, case
    assert any(v.part == where and v.path.endswith(path_end) and v.node == node for v in found), found


# --- each example through `fill` ----------------------------------------------------------


def test_every_kind_has_an_example() -> None:
    assert sorted({kind_of(p) for p in EXAMPLES}) == KINDS


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_through_fill_passes(example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"{example.stem}.docx"
    assert main(["fill", kind_of(example), "--answers", str(example), "--out", str(out)]) == 0
    capsys.readouterr()
    assert_valid_office_file(out)


# --- drafts full of 【待补充】, through `export` ---------------------------------------------


FEW = ("unit_name", "year")  # a draft just begun: who and which year


@pytest.mark.parametrize("given", ["no answers", "a few answers"])
@pytest.mark.parametrize("kind_id", KINDS)
def test_a_draft_full_of_placeholders_passes(
    kind_id: str, given: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = {k: v for k, v in _example(kind_id).items() if k in FEW} if given == "a few answers" else {}
    store = open_store(tmp_path / "home")
    draft_id = store.create(kind_id, "草稿")
    if answers:
        store.save_answers(draft_id, answers)
    store.close()
    out = tmp_path / "draft.docx"
    assert main(["--home", str(tmp_path / "home"), "export", draft_id, "--out", str(out)]) == 0
    capsys.readouterr()
    text = _text(out)
    assert text.count("【待补充") >= 5
    assert all(v in text for v in answers.values())
    assert_valid_office_file(out)


# --- the largest documents ------------------------------------------------------------------


def test_the_benchmark_and_rendering_reports_pass(tmp_path: Path) -> None:
    assert_valid_office_file(write_docx(sample_report(), tmp_path / "sample.docx"))  # bench_export.py
    assert_valid_office_file(write_docx(long_report(paragraphs=120), tmp_path / "long.docx"))  # ~60 pages


_GROUPS = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标"),
           ("产出指标", "成本指标"), ("效益指标", "社会效益指标"), ("效益指标", "可持续影响指标"),
           ("满意度指标", "服务对象满意度指标")]  # fmt: skip


def test_a_288_row_indicator_table_passes(tmp_path: Path) -> None:
    """As many indicators as the answer's 10,000 characters hold, each row with its reason."""
    kind = load_kind("dept-overall")
    lines = []
    for i in range(288):
        level1, level2 = _GROUPS[i * len(_GROUPS) // 288]
        lines.append(f"{level1}｜{level2}｜第{i + 1}项指标｜≥{i + 10}次｜{i + 9}次｜0.3")
    raw = {**_example("dept-overall"), "indicators": "\n".join(lines)}
    ev = evaluate(kind, raw)
    assert ev.invalid == {}
    out = write_docx(compose(ev, seed=1), tmp_path / "big.docx")
    rows = max(len(t.findall(f"{W}tr")) for t in _document_xml(out).iter(f"{W}tbl"))
    assert rows > 288
    assert_valid_office_file(out)


_ITEM = "第{n}项考核｜5｜4.5｜1｜完成全年任务的{n}0%，差额部分结转下年｜统计表第{n}号｜产值｜万元｜{n}0.5｜{n}1.25"


def _items(count: int | None) -> list[str]:
    """`count` items, or (None) as many as the answer's limit holds (about 230)."""
    limit = load_kind("target-mgmt").question("items").max_length
    lines: list[str] = []
    while len(lines) != count and len("\n".join([*lines, _ITEM.format(n=len(lines) + 1)])) <= limit:
        lines.append(_ITEM.format(n=len(lines) + 1))
    return lines


@pytest.mark.parametrize("count", [99, None], ids=["99 items", "as many as the answer holds"])
def test_a_long_target_management_table_passes(count: int | None, tmp_path: Path) -> None:
    kind = load_kind("target-mgmt")
    lines = _items(count)
    ev = evaluate(kind, {**_example("target-mgmt"), "items": "\n".join(lines)})
    assert ev.invalid == {} and len(ev.values["items"]) == len(lines) >= 99
    assert_valid_office_file(write_docx(compose(ev, seed=1), tmp_path / "items.docx"))
