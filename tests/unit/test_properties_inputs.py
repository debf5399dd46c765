"""Property tests of what comes from outside the interview: answers files (any bytes), the values
a YAML or JSON file can hold, titles and kind ids typed or read from a draft, and the numbers
the report writes in words. Any input gives a value or the project's own error, never another
exception."""

from __future__ import annotations

import codecs
import contextlib
import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from assistant import answer_files
from assistant.answer_files import AnswersFileError, answers_file
from assistant.answers import answer_from_file, parse_answer, stored_text
from assistant.errors import AnswerError, KindError
from assistant.formatting import cn_number
from assistant.kinds import kind_ids, load_kind
from assistant.models import Question
from assistant.numbers import chinese_to_int
from assistant.resources import script_title
from assistant.textclean import clean_title
from tests.support.common import ROOT
from tests.support.strategies import ANY_CHARACTER, PIECES, anything, pieces

QUESTIONS = [q for k in kind_ids() for q in load_kind(k).questions]


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def read(folder: Path, content: bytes) -> dict[str, Any] | None:
    """answers_file on `content`: its answers, or None when it says the file cannot be used."""
    path = folder / "answers.yaml"
    path.write_bytes(content)
    try:
        data = answers_file(path)
    except AnswersFileError as err:
        assert "answers.yaml" in err.message or str(path) in err.message
        return None
    assert isinstance(data, dict) and all(isinstance(k, str) for k in data)
    assert set(data.lines) == set(data)
    return data


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "gbk", "gb18030", "latin-1"]


@st.composite
def yaml_text(draw: Any) -> str:
    """Lines of an answers file as people write them, with YAML's sharp edges mixed in."""
    keys = ["unit_name", "year", "staff_quota", "indicators", "duties", "a", "<<", "? ", "- ", "&a ", "*a", "!!binary"]
    values = [*PIECES, "[12, 13]", "{a: 1}", "|", ">", "&x 1", "*x", "- 甲", "  - 乙", "'", '"', "\\ud83d", "---",
              "!!set {a}", "!!python/object:os.system", "[" * 50, "{" * 30, "%YAML 1.1", "@", "`"]  # fmt: skip
    indents, colons = ["", " ", "  ", "\t"], [": ", ":", " "]
    lines = [
        draw(st.sampled_from(indents)) + draw(st.sampled_from(keys)) + draw(st.sampled_from(colons))
        + draw(st.one_of(st.sampled_from(values), pieces(max_size=3)))
        for _ in range(draw(st.integers(0, 8)))
    ]  # fmt: skip
    return "\n".join(lines)


@given(content=st.one_of(
    st.binary(max_size=300),
    st.builds(lambda t, e: t.encode(e, "replace"), yaml_text(), st.sampled_from(ENCODINGS)),
    st.builds(lambda t, b: b + t.encode("utf-8", "surrogatepass"), yaml_text(),
              st.sampled_from([b"", codecs.BOM_UTF8])),
))  # fmt: skip
@example(content=b"a: &a [1,1]\nb: &b [*a,*a]\nunit_name: *b\n")
@example(content=b"unit_name: " + b"[" * 10_000)
@example(content="unit_name: 甲\nunit_name: 乙\n".encode("gbk"))
@example(content=codecs.BOM_UTF32_LE + "a: 1".encode("utf-32-le"))
@example(content=b'{"unit_name": "\\udc00\\ud800"}')
@example(content=b"<<: {unit_name: x}\n")
@example(content=b"? [a]\n: 1\n")
def test_any_bytes_give_answers_or_an_answers_file_error(folder: Path, content: bytes) -> None:
    read(folder, content)


JSON_KEYS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12)
JSON_STRINGS = st.text(alphabet=ANY_CHARACTER, max_size=12)
JSON_VALUES = st.one_of(JSON_STRINGS, st.lists(JSON_STRINGS, max_size=3))


def _whole(value: Any) -> bool:
    """No half of a surrogate pair anywhere (what a JSON file cannot mean as text)."""
    texts = [value] if isinstance(value, str) else value
    return not any(re.search("[\ud800-\udfff]", t) for t in texts)


@given(data=st.dictionaries(JSON_KEYS, JSON_VALUES, max_size=5), indent=st.sampled_from([None, 1]))
@example(data={"unit_name": "😀𠮷\U0010ffff"}, indent=None)
def test_json_as_json_dump_writes_it_reads_back_the_same(folder: Path, data: dict[str, Any],
                                                         indent: int | None) -> None:  # fmt: skip
    """json.dump escapes every character outside ASCII, those of higher planes as surrogate
    pairs: read back whole; a lone half is refused (it was dropped, or crashed later)."""
    back = read(folder, json.dumps(data, indent=indent).encode("ascii"))
    if all(_whole(v) for v in data.values()):
        assert back == data
    else:
        assert back is None


@given(data=st.dictionaries(JSON_KEYS, JSON_VALUES, max_size=5))
def test_json_written_as_utf8_reads_back_the_same_or_is_refused(folder: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False)
    if not all(_whole(v) for v in data.values()) or re.search("[\x85\u2028\u2029]", text):
        return  # (YAML reads NEL, LS and PS inside quotes as line breaks: folded, as clean_text would)
    back = read(folder, text.encode("utf-8"))
    assert back is None or back == data  # refused: a character YAML does not allow in a file (\x00)


FILE_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=10**300), st.floats(), st.text(),
              st.sampled_from(PIECES), st.binary(max_size=3), st.dates()),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=3), children, max_size=3)),
    max_leaves=12,
)  # fmt: skip


@given(q=st.sampled_from(QUESTIONS), value=FILE_VALUES)
@example(q=next(q for q in QUESTIONS if q.id == "staff_quota"), value=[12, 13])
@example(q=next(q for q in QUESTIONS if q.id == "staff_quota"), value={"a": 12})
@example(q=next(q for q in QUESTIONS if q.id == "unit_name"), value=10**5000)
def test_any_file_value_gives_text_or_an_answer_error(q: Question, value: Any) -> None:
    """answer_from_file on whatever a YAML or JSON file may hold (None, bool, huge ints, floats,
    nested lists and mappings): typed text, or an AnswerError; never digits glued together."""
    try:
        text = answer_from_file(value, q)
    except AnswerError:
        return
    assert isinstance(text, str)
    if q.type not in ("paragraph", "list", "indicators", "records"):
        assert not isinstance(value, list | dict)  # one value where one value belongs
    with contextlib.suppress(AnswerError):
        parse_answer(q, text)


@given(value=FILE_VALUES)
def test_any_stored_value_gives_text_or_an_answer_error(value: Any) -> None:
    try:
        assert isinstance(stored_text(value), str)
    except AnswerError as err:
        assert "草稿中保存的" in err.message or "数字过大" in err.message or "无法识别" in err.message


TITLE_PIECES = ["\x1b[31m", "\x1b[0m", "\x1b]0;窗口\x07", "\x1b[2J", "\x1b", "\x07", "\x00", "\n", "\r", "\t",
                "\u2028", "\x85", "\x9b", "\u200b", "\ufeff", "  ", "报告", "（初稿）"]  # fmt: skip


@given(text=st.one_of(anything(), st.lists(st.sampled_from(TITLE_PIECES) | st.text(max_size=3)).map("".join)))
def test_titles_have_no_terminal_codes_or_control_characters(text: str) -> None:
    title = clean_title(text)
    assert not re.search("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]", title), repr(title)
    assert title == title.strip() and clean_title(title) == title


@given(kind_id=st.one_of(st.text(), st.sampled_from(["../prompts/project", "/etc/passwd", "prompts/project",
                                                     "project/", "project\x00", "x" * 5000, "PROJECT", "-", ""]),
                         st.sampled_from(kind_ids())))  # fmt: skip
def test_any_kind_id_gives_a_kind_or_a_kind_error(kind_id: str) -> None:
    try:
        kind = load_kind(kind_id)
    except KindError as err:
        assert "报告类型" in err.message
        assert kind_id not in kind_ids()
        return
    assert kind.id == kind_id
    title = script_title(kind_id)
    assert title is None or title == kind.title


@given(kind_id=st.text())
def test_script_title_of_any_kind_id_from_a_draft(kind_id: str) -> None:
    assert script_title(kind_id) is None or kind_id in kind_ids()


@given(n=st.one_of(st.integers(0, 10_000), st.integers(0, 10**20)))
def test_cn_number_reads_back_as_the_same_number(n: int) -> None:
    words = cn_number(n)
    assert chinese_to_int(words) == n, words
    assert not words.startswith("一十")


def _outcome(folder: Path, text: str) -> object:
    path = folder / "answers.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        data = answers_file(path)
    except AnswersFileError as err:
        return err.message
    return dict(data), data.lines


@settings(max_examples=max(50, settings.default.max_examples))
@given(text=st.one_of(yaml_text(), st.dictionaries(JSON_KEYS, JSON_VALUES, max_size=5).map(json.dumps),
                      st.dictionaries(JSON_KEYS, JSON_VALUES, max_size=5).map(yaml.safe_dump)))  # fmt: skip
@example(text='{"unit_name": "\\ud83d\\ude00"}')  # the escapes json.dump writes for 😀: libyaml refuses them
@example(text="unit_name: " + "[" * 2000 + "]" * 2000)  # libyaml's own bound on nesting before ours
@example(text="unit_name: 甲\n\tyear: 2025\n")  # a tab: PyYAML's wording of the error is what is said
def test_libyaml_reads_every_answers_file_as_pyyaml_does(folder: Path, text: str) -> None:
    """The answers, their lines and every message: the same through libyaml's parser as through
    PyYAML's alone."""
    with_libyaml = _outcome(folder, text)
    python_only = answer_files._loaders()[-1]
    with mock.patch.object(answer_files, "_loaders", lambda: (None, python_only)):
        assert _outcome(folder, text) == with_libyaml


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
def test_the_examples_read_the_same_through_libyaml(folder: Path, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    with_libyaml = _outcome(folder, text)
    assert isinstance(with_libyaml, tuple), with_libyaml
    python_only = answer_files._loaders()[-1]
    with mock.patch.object(answer_files, "_loaders", lambda: (None, python_only)):
        assert _outcome(folder, text) == with_libyaml
