"""Rows pasted from Excel or WPS into the indicators answer, and a workbook's path given as the
answer: read with or without the header row, merged cells carried down, shown as a small table
first and taken when given again; what cannot be read is said and nothing changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from assistant.answer_files import answers_file, typed_answers
from assistant.answers import clean_answer, parse_answer
from assistant.errors import AnswerError
from assistant.importing.paste import echo_table, read_pasted
from assistant.importing.workbook import table_path
from assistant.indicators import parse_indicators
from assistant.interview import Interview
from assistant.kinds import load_kind
from assistant.session import Session
from assistant.workspace import Workspace, new_draft

ROOT = Path(__file__).resolve().parents[2]
HEADER = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施"
BODY = [
    "产出指标\t数量指标\t培训人次\t≥500人次\t520人次\t50\t50\t",
    "\t质量指标\t合格率\t≥95%\t98%\t20\t20\t",
    "效益指标\t社会效益指标\t群众认可度\t明显提升\t部分达成年度指标并具有一定效果\t10\t7\t宣传不足，下年加强",
    "满意度指标\t服务对象满意度指标\t满意度\t≥90%\t92%\t10\t10\t",
]
TYPED = """产出指标｜数量指标｜培训人次｜≥500人次｜520人次｜50
产出指标｜质量指标｜合格率｜≥95%｜98%｜20
效益指标｜社会效益指标｜群众认可度｜明显提升｜部分达成（7分）｜10｜宣传不足，下年加强
满意度指标｜服务对象满意度指标｜满意度｜≥90%｜92%｜10"""


@pytest.fixture(scope="module")
def question():  # type: ignore[no-untyped-def]
    return load_kind("project").question("indicators")


def test_pasted_with_the_header_row(question) -> None:  # type: ignore[no-untyped-def]
    pasted = "\n".join([HEADER, *BODY])
    assert parse_answer(question, pasted) == parse_indicators(TYPED)
    # stored as the rows the question takes: groups written out, the header and 得分 gone
    assert parse_indicators(clean_answer(question, pasted)) == parse_indicators(TYPED)
    assert clean_answer(question, pasted).splitlines()[1].startswith("产出指标｜质量指标｜合格率")


def test_pasted_in_the_forms_eight_columns_without_a_header(question) -> None:  # type: ignore[no-untyped-def]
    assert parse_answer(question, "\n".join(BODY)) == parse_indicators(TYPED)


def test_pasted_in_the_questions_seven_columns_as_typed(question) -> None:  # type: ignore[no-untyped-def]
    """An empty 一级 cell (a merged cell copied) repeats the row above, as in typed rows."""
    seven = "\n".join(line.replace("\t", "｜") for line in TYPED.splitlines()).replace("｜", "\t")
    seven = seven.replace("产出指标\t质量指标", "\t质量指标")
    assert read_pasted(clean_answer(question, seven)) is None  # the typed rows' own parser reads it
    assert parse_answer(question, seven) == parse_indicators(TYPED)


def test_a_header_in_other_words_and_another_order(question) -> None:  # type: ignore[no-untyped-def]
    header = "三级指标\t一级指标\t二级指标\t指标值\t完成值\t权重"
    rows = ["培训人次\t产出指标\t数量指标\t≥500人次\t520人次\t100"]
    assert parse_answer(question, "\n".join([header, *rows])) == parse_indicators(
        "产出指标｜数量指标｜培训人次｜≥500人次｜520人次｜100"
    )


def test_a_pasted_row_that_cannot_be_read_is_named_by_line_and_column(question) -> None:  # type: ignore[no-untyped-def]
    pasted = "\n".join([HEADER, BODY[0], BODY[1].replace("98%", "很好")])
    with pytest.raises(AnswerError) as err:
        parse_answer(question, pasted)
    assert err.value.message.startswith("粘贴的表格第3行第5栏“实际完成值”应为数字")
    with pytest.raises(AnswerError) as err:
        parse_answer(question, "\n".join([BODY[0], BODY[1].replace("20\t20", "二十\t20")]))
    assert err.value.message.startswith("粘贴的表格第2行第6栏“分值”应为正数")


def test_the_echo_is_a_small_table_with_groups_said_once() -> None:
    lines = echo_table(parse_indicators(TYPED)).splitlines()
    assert lines[0].split() == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"]
    assert lines[2].split()[:2] == ["2", "质量指标"]  # 产出指标 not repeated
    assert "部分达成（7分）" in lines[3]
    assert lines[4] == "   偏差原因：宣传不足，下年加强"  # under its row, not a column past the chat's width
    lines.pop(4)
    # columns aligned (a Chinese character two cells wide): each name starts under its heading
    names = ["三级指标", "培训人次", "合格率", "群众认可度", "满意度"]
    assert len({_cells_before(line, name) for line, name in zip(lines, names, strict=True)}) == 1


def _cells_before(line: str, text: str) -> int:
    at = line.index(f"  {text}  ") + 2  # (the cell, not 满意度 in 满意度指标)
    return sum(2 if ord(ch) > 127 else 1 for ch in line[:at])


# --- the interview: shown first, taken when given again --------------------------------------------


def _interview() -> Interview:
    kind = load_kind("project")
    raw, _ = typed_answers(kind, answers_file(ROOT / "examples" / "project.yaml"))
    raw.pop("indicators")
    return Interview(kind, raw)


def test_a_paste_is_shown_as_a_table_then_taken_when_given_again() -> None:
    interview = _interview()
    pasted = "\n".join([HEADER, *BODY])
    shown = interview.try_submit("indicators", pasted)
    assert not shown.accepted and shown.turns[0].kind == "finding"
    assert shown.turns[0].text.startswith("从粘贴的表格读到以下4个指标")
    assert "核对无误请再次提交" in shown.turns[0].text
    taken = interview.try_submit("indicators", pasted)
    assert taken.accepted
    assert parse_indicators(taken.store["indicators"] or "") == parse_indicators(TYPED)


def test_a_changed_paste_is_shown_again_and_typed_rows_are_taken_at_once() -> None:
    interview = _interview()
    interview.try_submit("indicators", "\n".join([HEADER, *BODY]))
    changed = "\n".join([HEADER, *BODY]).replace("520人次", "530人次")
    assert not interview.try_submit("indicators", changed).accepted
    assert interview.try_submit("indicators", TYPED).accepted


def test_a_paste_that_cannot_be_read_is_refused_with_why() -> None:
    outcome = _interview().try_submit("indicators", "\n".join([HEADER, BODY[0].replace("50\t50", "五十\t50")]))
    assert not outcome.accepted and outcome.turns[0].kind == "error"
    assert "粘贴的表格第2行第6栏“分值”" in outcome.turns[0].text


# --- the session: a workbook's path as the answer -----------------------------------------------------


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    workspace = Workspace(tmp_path / "home")
    draft_id = new_draft(workspace.store, "project", "示例", unit="某局", year=2025)
    session = workspace.open(draft_id).session
    session.current = session.interview.kind.question("indicators")
    yield session
    workspace.close()


def _workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    for line in [HEADER, *BODY]:
        wb.active.append(line.split("\t"))
    wb.save(path)
    return path


def test_a_workbooks_path_is_read_shown_then_taken(session: Session, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "指标 表.xlsx")
    typed = f"'{path}'"  # as a terminal drops a file with a space in its name
    step = session.submit(typed)
    assert step.change is None and "从表格文件 指标 表.xlsx 的工作表“Sheet”读到以下4个指标" in step.turns[0].text
    step = session.submit(typed)
    assert step.change is not None
    session.apply(step)
    saved = session.store.load(session.draft.id).answers["indicators"]
    assert parse_indicators(saved) == parse_indicators(TYPED)


def test_a_workbook_that_cannot_be_read_changes_nothing(session: Session, tmp_path: Path) -> None:
    (tmp_path / "旧表.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    step = session.submit(str(tmp_path / "旧表.xls"))
    assert step.change is None and step.turns[0].kind == "error"
    assert step.turns[0].text.startswith("表格文件 旧表.xls 是旧版Excel格式（.xls）")
    assert "indicators" not in session.store.load(session.draft.id).answers
    step = session.submit(str(tmp_path / "没有.xlsx"))
    assert step.turns[0].text == f"找不到表格文件：{tmp_path / '没有.xlsx'}"


@pytest.mark.parametrize(
    ("typed", "path"),
    [
        ("/home/u/指标.xlsx", "/home/u/指标.xlsx"),
        ('"/home/u/我的 指标.xlsx"', "/home/u/我的 指标.xlsx"),
        ("/home/u/我的\\ 指标.CSV", "/home/u/我的 指标.CSV"),
        ("file:///home/u/%E6%8C%87%E6%A0%87.xlsx", "/home/u/指标.xlsx"),
        ("/home/u/旧.xls", "/home/u/旧.xls"),
        ("产出指标｜数量指标｜x.xlsx｜≥1｜1｜5", None),
        ("说明.docx", None),
    ],
)
def test_table_path(typed: str, path: str | None) -> None:
    assert table_path(typed) == (Path(path) if path else None)
