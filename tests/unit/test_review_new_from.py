"""`report-assistant new KIND --from 报告`: last year's report read back into a draft for the next
year. The program's own export of each example gives the answers it was made from; sample 3 of
the reference, as a Word file, gives its unit, its 3 内设机构, its indicators and its income and
spending as last year's figures; the interview asks each imported answer to be confirmed."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from assistant.answer_files import answers_file, typed_answers
from assistant.cli import main
from assistant.kinds import load_kind
from assistant.pipeline import evaluate
from assistant.review.document import read_document
from assistant.review.last_year import INDICATORS_NOTE, read_last_year
from assistant.review.new_from import new_from_report
from assistant.workspace import Workspace, carry_maps, open_store
from tests.support.common import ROOT
from tests.support.examples import export_example

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))

SAMPLE = ROOT.parent / "shared" / "reference" / "000_4b2e7f41540610e8.txt"  # beside the repository
SAMPLE_3_START, SAMPLE_3_END = "一、单位概况", "中学生期末综合素质评价"


def _originals(example: Path) -> dict[str, str]:
    kind = load_kind(example.stem.removesuffix("-2"))
    raw, _ = typed_answers(kind, answers_file(example))
    return raw


def _indicator_keys(value: object) -> list[tuple[str, str, str, str, str]]:
    """An indicator table without this year's values: what carries to next year."""
    return [(i.level1, i.level2, i.level3, i.target_text, str(i.points)) for i in value]  # type: ignore[attr-defined]


@pytest.mark.parametrize("seed", [None, 0, 7], ids=["as-fill", "seed0", "seed7"])  # each phrasing of a part
@pytest.mark.parametrize("suffix", [".docx", ".md", ".txt"])
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_the_programs_own_export_gives_back_the_answers_it_was_made_from(
    example: Path, suffix: str, seed: int | None, tmp_path: Path
) -> None:
    kind = load_kind(example.stem.removesuffix("-2"))
    report = tmp_path / f"last{suffix}"
    export_example(example, report, seed)
    read = read_last_year(read_document(report), kind)
    original = evaluate(kind, _originals(example)).values
    got = evaluate(kind, read.answers)
    assert read.answers, "nothing read"
    assert got.invalid == {}
    for qid in read.answers:
        if qid == "indicators":
            assert got.values[qid] == original[qid]  # read whole, actual values too
        else:
            assert got.values[qid] == original[qid], qid
    # what the example answers and the draft takes is read, not listed as missing; but for the
    # 考核细则 of an itemised report, which the report does not print (listed as not read)
    wanted_and_answered = [q for q in original if kind.question(q).label in read.missing]
    assert wanted_and_answered == (["criteria"] if kind.id in ("target-mgmt", "comprehensive") else [])
    assert read.year == original["year"]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_the_new_draft_takes_last_years_figures_as_its_shang_nian_shu(example: Path, tmp_path: Path) -> None:
    kind = load_kind(example.stem.removesuffix("-2"))
    report = tmp_path / "last.docx"
    export_example(example, report)
    store = open_store(tmp_path / "home")
    seeded = new_from_report(store, kind.id, report)
    draft = store.load(seeded.draft_id)
    original = evaluate(kind, _originals(example)).values
    now = evaluate(kind, draft.answers).values
    carry, last_year = carry_maps(kind)
    assert draft.year == original["year"] + 1
    for new, old in last_year.items():  # 上年总收入 = last year's 总收入; 总收入 itself is not answered
        if old in seeded.last_year.answers:
            assert now[new] == original[old], new
            assert old not in draft.answers or old in carry
    for qid in carry:
        if qid in seeded.last_year.answers:
            assert now[qid] == original[qid], qid
    if "indicators" in draft.answers:  # the table without last year's values
        rows = draft.answers["indicators"].split("\n")
        assert all(row.split("｜")[4] == "" for row in rows)
        assert draft.imported["indicators"] == INDICATORS_NOTE
    assert set(draft.imported) == set(draft.answers) - {"year"}  # every answer read is to be confirmed


def sample3_docx(out: Path) -> Path:
    """Sample 3 of the reference as someone has it in Word: its lines as paragraphs."""
    text = SAMPLE.read_text(encoding="utf-8")
    body = text[text.index(SAMPLE_3_START) : text.index(SAMPLE_3_END)]
    document = docx.Document()
    for line in body.splitlines():
        document.add_paragraph(line)
    document.save(str(out))
    return out


@pytest.mark.skipif(not SAMPLE.exists(), reason="the reference samples are not on this machine")
def test_sample_3_as_a_word_file(tmp_path: Path) -> None:
    store = open_store(tmp_path / "home")
    seeded = new_from_report(store, "dept-overall", sample3_docx(tmp_path / "s3.docx"), year=2026)
    draft = store.load(seeded.draft_id)
    values = evaluate(load_kind("dept-overall"), draft.answers).values
    assert draft.unit == values["unit_name"] == "昆明市五华区总工会"
    assert values["offices"] == ["综合办公室", "组织宣传网络室", "法律劳保服务室"]
    assert str(values["income_total_last"]) == "228.63" and str(values["spend_total_last"]) == "228.25"
    assert "income_total" not in draft.answers and "spend_total" not in draft.answers  # not this year's
    rows = draft.answers["indicators"].split("\n")
    names = [row.split("｜")[2] for row in rows]
    assert "基层单位厂务公开次数" in names and "职工维权满意率" in names and len(rows) >= 15
    assert "职工维权满意率｜≥80%" in draft.answers["indicators"]
    assert seeded.last_year.missing == ["编制人数", "主管部门", "“三公”经费合计"]


def test_the_interview_shows_each_imported_answer_and_asks_to_confirm_it(tmp_path: Path) -> None:
    report = tmp_path / "last.docx"
    export_example(ROOT / "examples" / "dept-overall.yaml", report)
    home = tmp_path / "home"
    seeded = new_from_report(open_store(home), "dept-overall", report)
    workspace = Workspace(home)
    session = workspace.open(seeded.draft_id).session
    turns = session.ask_next()
    assert session.current is not None and session.current.id == "unit_name"
    assert any(t.text.startswith("从上年报告中读到：昆明市五华区总工会") for t in turns)
    step = session.submit("")  # as it is: confirmed
    session.save(step.change)
    session.saved(step.change)
    assert "unit_name" not in workspace.load(seeded.draft_id).imported
    session.ask_next()
    assert session.current is not None and session.current.id != "unit_name"
    workspace.close()
    # opened again, the confirmed answer is not asked again, the others are
    session = Workspace(home).open(seeded.draft_id).session
    session.ask_next()
    assert session.current is not None and session.current.id not in ("unit_name", "year")


def test_new_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "last.md"
    export_example(ROOT / "examples" / "project.yaml", report)
    home = str(tmp_path / "home")
    assert main(["--home", home, "new", "project", "--from", str(report)]) == 0
    out = capsys.readouterr().out
    assert "已新建2026年度草稿" in out and "上年全年执行数" in out
    assert main(["--home", home, "new", "dept-overall", "--from", str(report)]) == 0
    assert "看起来是“项目支出绩效自评报告”" in capsys.readouterr().out
    assert main(["--home", home, "new", "project", "--from", str(report), "--year", "2099"]) == 2
    assert "评价年度不能晚于今年" in capsys.readouterr().err
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert main(["--home", home, "new", "project", "--from", str(tmp_path / "old.doc")]) == 2
    assert "另存为" in capsys.readouterr().err
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert main(["--home", home, "new", "project", "--from", str(tmp_path / "empty.txt")]) == 2
    assert "没有文字" in capsys.readouterr().err


def test_a_unit_name_typed_in_the_dialog_is_not_marked_as_read_from_the_report(tmp_path: Path) -> None:
    from assistant.review.new_from import read_for
    from assistant.workspace import new_draft

    kind = load_kind("dept-overall")
    report = tmp_path / "last.docx"
    export_example(ROOT / "examples" / "dept-overall.yaml", report)
    last_year, _ = read_for(kind, report)
    store = open_store(tmp_path / "home")
    typed = new_draft(store, kind.id, "新草稿", unit="五华区总工会（新名称）", year=2026, last_year=last_year)
    read = new_draft(store, kind.id, "新草稿2", unit=last_year.answers["unit_name"], year=2026, last_year=last_year)
    assert store.load(typed).answers["unit_name"] == "五华区总工会（新名称）"
    assert "unit_name" not in store.load(typed).imported  # typed by the user: nothing to confirm
    assert "unit_name" in store.load(read).imported  # the name read from the report: to confirm
