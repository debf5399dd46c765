"""Answers files (YAML or JSON: question id → answer as typed), read without changing a figure.

Read within bounds, whatever the file holds: YAML anchors and aliases are refused before they
are expanded (an alias bomb runs for minutes and takes gigabytes; answers never need them),
nesting is bounded, a key given twice is refused (silently the last one won), `\\u` escapes of
any plane are read whole (json.dump writes 😀 as the pair \\ud83d\\ude00) and half a pair is
refused. UTF-8 with or without BOM and UTF-16 with BOM (Windows Notepad) are read; any other
encoding is named with how to save the file as UTF-8. Every message names the file and line.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import AnswerError, UserError, os_reason

if TYPE_CHECKING:
    from assistant.models import ReportKind

MAX_BYTES = 5 * 1024 * 1024  # a full report's answers take some 50 KB
MAX_DEPTH = 5  # the mapping, a list of rows, a row, its cells (and room to say what is wrong)


class AnswersFileError(UserError):
    """An answers file that cannot be read; the message names the file and the line."""


class AnswersFile(dict[str, Any]):
    """The answers of a file, with the line where each question id is written."""

    def __init__(self, data: Mapping[str, Any], lines: Mapping[str, int]) -> None:
        super().__init__(data)
        self.lines = dict(lines)


class _Refused(Exception):
    """What the loader refuses, at a line (0-based, as YAML marks count)."""

    def __init__(self, line: int, why: str) -> None:
        super().__init__(why)
        self.line, self.why = line, why


_SURROGATE = re.compile("[\ud800-\udfff]")
_SAVE_AS_UTF8 = ("请另存为UTF-8：在记事本中选“文件→另存为”，“编码”选“UTF-8”；"
                 "在WPS或Word中选“另存为→纯文本”，编码选“UTF-8”。")  # fmt: skip


def _answers_loader(base: type | None = None) -> type:
    """A YAML loader that keeps numbers, dates and times as the text written: 8.005 must not
    become a binary float (8.00499…), 012 an octal 10, 1:30 the number 90, or 1e-9 "1e-09".
    It refuses anchors, aliases, merge keys, duplicate keys and deep nesting while composing,
    before anything is expanded."""
    import yaml
    from yaml.events import AliasEvent, CollectionStartEvent

    class AnswersLoader(base or yaml.SafeLoader):  # type: ignore[misc,valid-type]
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            line = event.start_mark.line
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
                raise _Refused(line, "用了YAML的锚点或别名（&名称、*名称），答案文件不支持，请把内容直接写出")
            if not isinstance(event, CollectionStartEvent):
                return super().compose_node(parent, index)
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _Refused(line, f"嵌套超过{MAX_DEPTH}层。答案文件只需“问题编号: 答案”，"
                                     "列表的每一项是一个答案或表格的一行")  # fmt: skip
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                line = key_node.start_mark.line
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(line, "用了YAML的合并键（<<），答案文件不支持，请把内容直接写出")
                key = self.construct_object(key_node, deep=deep)
                if not isinstance(key, str | int | float | bool | type(None)):
                    raise _Refused(line, "键应是问题编号或栏目名称，不能是列表或映射")
                if key in seen:
                    twice = f"“{_printable(key)}”写了两次（第{seen[key] + 1}行和第{line + 1}行）"
                    raise _Refused(line, f"{twice}，请只保留一个")
                seen[key] = line
            return super().construct_mapping(node, deep=deep)

        def whole_characters(self, node: Any) -> str:
            value = str(self.construct_scalar(node))
            if not _SURROGATE.search(value):
                return value
            try:  # a pair of \u escapes is one character of a higher plane
                return value.encode("utf-16", "surrogatepass").decode("utf-16")
            except UnicodeDecodeError:
                raise _Refused(node.start_mark.line, "有一个不完整的字符（\\u转义只写了代理对的一半），"
                                                     "请检查这段文字是否完整") from None  # fmt: skip

    def as_written(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
        return str(loader.construct_scalar(node))

    for tag in ("int", "float", "timestamp"):
        AnswersLoader.add_constructor(f"tag:yaml.org,2002:{tag}", as_written)
    AnswersLoader.add_constructor("tag:yaml.org,2002:str", AnswersLoader.whole_characters)
    return AnswersLoader


@functools.cache
def _loaders() -> tuple[type | None, type]:
    """The answers loader whose scanner and parser are libyaml's (C), when PyYAML has libyaml,
    with PyYAML's own composer (in Python: where anchors, aliases and deep nesting are refused):
    the same events some six times faster (about a fifth of a report's time in `batch`); and
    PyYAML's own, which reads whatever the first does not (libyaml refuses the \\u escapes of a
    pair of surrogates that json.dump writes for 😀) and words every error as it always has."""
    import yaml

    python = _answers_loader()
    if not getattr(yaml, "__with_libyaml__", False):
        return None, python
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.cyaml import CParser
    from yaml.resolver import Resolver

    class LibyamlSafeLoader(Composer, CParser, SafeConstructor, Resolver):  # Composer's compose_node first
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    return _answers_loader(LibyamlSafeLoader), python


def _printable(key: Any) -> str:
    """A key of the file as it may be shown on a terminal: short, without control characters."""
    text = str(key)
    return text if text.isprintable() and len(text) <= 40 else repr(text[:40])


def _read_text(path: Path) -> str:
    """The file's text: UTF-8 (a BOM or not) or UTF-16 with a BOM; anything else is named."""
    return decode_text(read_bytes(path, "答案文件"), path, "答案文件")


def read_bytes(path: Path, what: str, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a file the user named (`what`: 答案文件, 表格文件), within `limit`."""
    try:
        with path.open("rb") as file:
            data = file.read(limit + 1)
    except FileNotFoundError:
        raise AnswersFileError(f"找不到{what}：{path}") from None
    except OSError as err:
        reason = "没有读取权限" if err.errno in (errno.EACCES, errno.EPERM) else os_reason(err)
        raise AnswersFileError(f"无法读取{what} {path}：{reason}。") from None
    if len(data) > limit:
        raise AnswersFileError(f"{what} {path.name} 超过{limit // 1024 // 1024}MB，不像是{what}，请核对。")
    return data


def decode_text(data: bytes, path: Path, what: str) -> str:
    """Text as Windows Notepad and WPS write it: UTF-8 (a BOM or not) or UTF-16 with a BOM;
    anything else is named with how to save the file as UTF-8 (AnswersFileError)."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE starts both
        raise AnswersFileError(f"{what} {path.name} 是UTF-32编码，无法读取。{_SAVE_AS_UTF8}")
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        if data.count(b"\x00") * 4 > len(data):  # every other byte: UTF-16 without its BOM
            raise AnswersFileError(f"{what} {path.name} 像是没有BOM的UTF-16编码，无法读取。{_SAVE_AS_UTF8}")
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise AnswersFileError(
            f"{what} {path.name} 不是UTF-8编码（可能是GBK：旧版WPS和记事本的默认编码），无法读取。{_SAVE_AS_UTF8}"
        ) from None


def answers_file(path: Path) -> AnswersFile:
    """A YAML or JSON mapping of question ids to answers."""
    import yaml

    text = _read_text(path)
    fast, python = _loaders()
    node = data = None
    # what libyaml does not read is left to PyYAML's loader below; so is any text with a tab,
    # which libyaml takes in places PyYAML refuses (a line indented with one: said as such)
    if fast is not None and "\t" not in text:
        with contextlib.suppress(yaml.YAMLError):
            node, data = _compose(fast, text, path)
    if node is None:
        try:
            node, data = _compose(python, text, path)
        except yaml.reader.ReaderError as err:  # a control character the YAML reader refuses
            line = text.count("\n", 0, err.position) + 1
            raise AnswersFileError(
                f"答案文件 {path.name}第{line}行有不能出现在文本中的控制字符（#x{err.character:04x}），请删去。"
            ) from None
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f"第{mark.line + 1}行" if mark else ""
            tab = "'\\t'" in str(getattr(err, "problem", ""))  # indented with a tab, as editors may do
            hint = "（这一行用了制表符Tab缩进，YAML只能用空格缩进）" if tab else ""
            raise AnswersFileError(f"答案文件 {path.name}{where}格式错误{hint}，应为 YAML 或 JSON。") from None
    lines = {str(key): key_node.start_mark.line + 1 for (key_node, _), key in zip(node.value, data, strict=True)}
    return AnswersFile({str(k): v for k, v in data.items()}, lines)


def _compose(loader_class: type, text: str, path: Path) -> tuple[Any, dict[Any, Any]]:
    """The file's top node and its mapping; AnswersFileError for what the loader refuses or a
    document that is not a mapping, yaml.YAMLError for text that is not YAML."""
    import yaml

    loader = loader_class(text)  # (its reader checks the characters at once)
    try:
        node = loader.get_single_node()
        if node is None or not isinstance(node, yaml.MappingNode):
            raise AnswersFileError(f"答案文件 {path.name} 应为“问题编号: 答案”的映射。")
        return node, loader.construct_document(node)
    except _Refused as err:
        raise AnswersFileError(f"答案文件 {path.name}第{err.line + 1}行{err.why}。") from None
    finally:
        loader.dispose()


def typed_answers(kind: ReportKind, data: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    """A file's answers as the text a user would have typed, and a line for each one that cannot
    be used: an id the kind has no question for, or a value of the wrong shape (a list where one
    value belongs), with the line it is written on."""
    from assistant.answers import answer_from_file

    lines: Mapping[str, int] = getattr(data, "lines", {})
    raw: dict[str, str] = {}
    problems: list[str] = []
    for qid, value in data.items():
        line = f"第{lines[qid]}行" if qid in lines else ""
        try:
            q = kind.question(qid)
        except KeyError:
            see = f"{line}；" if line else ""
            problems.append(f"  {_printable(qid)}：没有这个问题编号（{see}见 report-assistant questions {kind.id}）")
            continue
        try:
            raw[qid] = answer_from_file(value, q)
        except AnswerError as err:
            problems.append(f"  {qid}（{q.label}）：{line}{'，' if line else ''}{err.message}")
    return raw, problems
