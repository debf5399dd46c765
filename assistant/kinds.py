"""Loading a report kind: prompts/<kind>.yaml validated into a ReportKind, with its templates."""

from __future__ import annotations

import errno
import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment
from pydantic import ValidationError

from assistant import kind_cache
from assistant.answers import CELL_TYPES, PARSERS
from assistant.checks import CHECKS
from assistant.errors import KindError, os_reason
from assistant.figures import OPERATIONS
from assistant.models import ReportKind, records_column
from assistant.numbers import MONEY_UNITS
from assistant.resources import data_dir, valid_kind_id
from assistant.templating import make_environment

_FIELD_NAMES = {"type": "类型", "id": "编号", "text": "问题", "help": "帮助", "example": "示例"}


def prompts_dir() -> Path:
    return data_dir("prompts")


def templates_dir() -> Path:
    return data_dir("templates")


def kind_ids() -> list[str]:
    return sorted(p.stem for p in prompts_dir().glob("*.yaml"))


@cache
def load_kind(kind_id: str) -> ReportKind:
    if not valid_kind_id(kind_id):  # never joined onto a path: ../prompts/project, /tmp/x
        shown = kind_id if len(kind_id) <= 40 and kind_id.isprintable() else repr(kind_id[:40]) + "…"
        raise KindError(f"报告类型编号“{shown}”无效：编号只含小写英文字母、数字和连字符。可用的类型：{_known()}")
    path = prompts_dir() / f"{kind_id}.yaml"
    if not path.is_file():
        raise KindError(f"没有名为“{kind_id}”的报告类型。可用的类型：{_known()}")
    # as loaded and checked before, when none of the files it follows from has changed
    cached, key = kind_cache.load(kind_id, prompts_dir(), templates_dir())
    if cached is not None:
        return cached
    kind = load_kind_file(path, templates_dir() / kind_id)
    if key is not None:
        kind_cache.store(kind, key)
    return kind


def _known() -> str:
    return "、".join(kind_ids()) or "（无）"


def load_kind_file(path: Path, templates: Path | None = None) -> ReportKind:
    """Parse and validate one question script; every problem names the file and question."""
    import yaml  # here: a kind loaded from its cache needs none of it (a megabyte in the TUI)

    # libyaml's loader when it is there: eight times faster than the pure-Python one, same result
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else ""
        raise KindError(
            f"{path.name}{where}：YAML 格式错误，请检查这一行及上一行的缩进、冒号和引号"
            f"（{getattr(err, 'problem', None) or err}）"
        ) from None
    except UnicodeDecodeError:
        raise KindError(f"{path.name}：无法读取（不是UTF-8编码），请另存为UTF-8") from None
    except OSError as err:
        reason = "没有读取权限" if err.errno in (errno.EACCES, errno.EPERM) else os_reason(err)
        raise KindError(f"{path.name}：无法读取（{reason}）") from None
    if not isinstance(data, dict):
        raise KindError(f"{path.name}：文件内容应为一个映射（id、title、sections、questions …）")
    kind = _validated(path, data)
    problems = _cross_check(kind)
    if kind.id != path.stem:
        problems.insert(0, f"id“{kind.id}”应与文件名“{path.stem}”一致")
    if problems:
        raise KindError(f"{path.name}：" + "；".join(problems))
    folder = templates or templates_dir() / kind.id
    # the kind carries its templates, checked here and rendered by compose with this environment
    kind._templates, kind._environment = folder, _check_templates(kind, folder, path)
    return kind


def _validated(path: Path, data: dict[str, Any]) -> ReportKind:
    """The script as a ReportKind, or every field that is wrong in one message: pydantic's
    findings and the names no registry declares (a question type, a figure operation, a check)."""
    unknown = _unknown_names(data)
    try:
        kind = ReportKind.model_validate(data)
    except ValidationError as err:
        reported = {e["loc"] for e in unknown}  # a name that is not even a string: said once
        errors = [*unknown, *(e for e in err.errors() if tuple(e["loc"]) not in reported)]
        raise KindError(_describe(path, data, errors)) from None
    if unknown:
        raise KindError(_describe(path, data, unknown))
    return kind


def _unknown_names(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Each question type, column type, figure operation and check type of the script that its
    registry does not declare, as an error in pydantic's form: its place, the name, the names."""
    cells = [n for n in PARSERS.names() if n in CELL_TYPES]
    out: list[dict[str, Any]] = []

    def check(loc: tuple[Any, ...], item: Any, field: str, names: list[str]) -> None:
        if isinstance(item, dict) and field in item and item[field] not in names:
            out.append({"loc": (*loc, field), "type": "unknown_name", "input": item[field], "names": names})

    for part, field, names in (("questions", "type", PARSERS.names()), ("figures", "op", OPERATIONS.names()),
                               ("checks", "type", CHECKS.names())):  # fmt: skip
        items = data.get(part)
        for i, item in enumerate(items if isinstance(items, list) else []):
            check((part, i), item, field, names)
            columns = item.get("columns") if part == "questions" and isinstance(item, dict) else None
            for j, column in enumerate(columns if isinstance(columns, list) else []):
                check((part, i, "columns", j), column, "type", cells)
    return out


def _describe(path: Path, data: dict[str, Any], errors: list[Any]) -> str:
    lines = []
    for e in errors:
        loc = list(e["loc"])
        where = ""
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            questions = data.get("questions") or []
            item = questions[loc[1]] if loc[1] < len(questions) else {}
            qid = item.get("id", "?") if isinstance(item, dict) else "?"
            field = ".".join(str(x) for x in loc[2:])
            where = f"问题 {qid}（第{loc[1] + 1}个问题）" + (
                f" 的 {field}{'（' + _FIELD_NAMES[field] + '）' if field in _FIELD_NAMES else ''}" if field else ""
            )
        else:
            where = ".".join(str(x) for x in loc) or "顶层"
        lines.append(f"{where}：{_message(e)}")
    return f"{path.name}：问题脚本无效——" + "；".join(lines)


def _message(e: Any) -> str:
    kind = e["type"]
    if kind == "missing":
        return "缺少必填项"
    if kind == "literal_error":  # pydantic's expected: 'a', 'b' or 'c'
        return _invalid(e.get("input"), re.split(r", | or ", e["ctx"]["expected"]))
    if kind == "unknown_name":
        return _invalid(e.get("input"), [repr(name) for name in e["names"]])
    if kind == "extra_forbidden":
        return "未知的字段（拼写错误？）"
    if kind == "string_pattern_mismatch":
        return f"“{e.get('input')}”格式不对，应为小写英文字母、数字和下划线"
    return str(e["msg"]).removeprefix("Value error, ")


def _invalid(value: Any, expected: list[str]) -> str:
    return f"取值“{value}”无效，应为 {'、'.join(expected)}"


def _arity(what: str, args: list[str], limits: tuple[int, int | None]) -> str | None:
    """Whether a figure or a check has as many args as its registry entry says it takes."""
    low, high = limits
    if low <= len(args) and (high is None or len(args) <= high):
        return None
    expected = f"{low}个" if low == high else f"至少{low}个" if high is None else f"{low}至{high}个"
    return f"{what} 应有{expected}参数 args，实际{len(args)}个"


def _cross_check(kind: ReportKind) -> list[str]:
    problems: list[str] = []
    section_ids: set[str] = set()
    for sec in kind.sections:
        if sec.id in section_ids:
            problems.append(f"部分编号 {sec.id} 重复")
        section_ids.add(sec.id)
    seen: set[str] = set()
    for q in kind.questions:
        if q.id in seen:
            problems.append(f"问题编号 {q.id} 重复")
        if q.section not in section_ids:
            problems.append(f"问题 {q.id} 的 section“{q.section}”不存在（已有：{'、'.join(section_ids)}）")
        if q.min_why and q.min is None:
            problems.append(f"问题 {q.id} 写了 min_why，却没有 min")
        if q.type == "money" and q.unit not in MONEY_UNITS:
            problems.append(f"问题 {q.id} 的金额单位“{q.unit}”无法识别，应为元、万元或亿元")
        for label, source in (("when", q.when), ("default", q.default)):
            if source:
                problems += _references(q.id, label, source, before=seen)
        seen.add(q.id)
    figure_ids: set[str] = set()
    for f in kind.figures:
        if problem := _arity(f"派生数字 {f.id}（{f.op}）", f.args, OPERATIONS.entry(f.op).args):
            problems.append(problem)
        for arg in f.args:
            if arg not in seen and arg not in figure_ids:
                problems.append(f"派生数字 {f.id} 引用了不存在的问题“{arg}”")
        figure_ids.add(f.id)
    for c in kind.checks:
        check = CHECKS.entry(c.type)
        if problem := _arity(f"检查 {c.type}", c.args, check.args):
            problems.append(problem)
        for arg in c.args:
            if arg not in seen and arg not in figure_ids:
                problems.append(f"检查 {c.type} 引用了不存在的问题“{arg}”")
        if problem := _table_columns(kind, c.type, c.args, check.columns):
            problems.append(problem)
    s = kind.scoring
    refs = [(name, getattr(s, name)) for name in ("initial", "budget", "spent", "indicators", "items", "criteria")]
    refs += [(f"sources（{src.label}）", ref) for src in s.sources for ref in (src.initial, src.budget, src.spent)]
    for name, ref in refs:
        if ref is not None and ref not in seen:
            problems.append(f"评分设置 {name} 引用了不存在的问题“{ref}”")
    if s.mode == "indicators" and s.indicators in seen and kind.question(s.indicators).type != "indicators":
        problems.append(f"评分设置 indicators 引用的问题 {s.indicators} 不是指标表（indicators）")
    return problems


def _table_columns(kind: ReportKind, check: str, args: list[str], columns: tuple[str, ...]) -> str | None:
    """A check that reads columns of its first argument's table (progress: each quarter's spent,
    schedule, reason) is given a table question that has them."""
    if not columns or not args or args[0] not in {q.id for q in kind.questions}:
        return None  # (an unknown question is said above)
    by_id = {q.id: q for q in kind.questions}
    for column in columns:
        try:
            records_column(by_id, args[0], column, [], f"检查 {check}")
        except ValueError as err:
            return str(err)
    return None


def _references(qid: str, label: str, source: str, *, before: set[str]) -> list[str]:
    """A `when` or `default` may use only `a.<id>` of questions asked before this one: a later
    or unknown id would be None for ever and the question silently never (or always) asked."""
    env = make_environment()
    try:
        tree = env.parse("{{ " + source + " }}" if label == "when" else source)
    except TemplateSyntaxError as err:
        return [f"问题 {qid} 的 {label} 写法有误：{err.message}"]
    problems = []
    stored = {n.name for n in tree.find_all(nodes.Name) if n.ctx != "load"}
    stored |= {m.name for m in tree.find_all(nodes.Macro)}  # a macro the default defines for itself
    allowed = {"a", "last"} if label == "default" else {"a"}  # last: last year's answers (a default only)
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name not in allowed and node.name not in stored:
            problems.append(f"问题 {qid} 的 {label} 中“{node.name}”未定义，应写成 a.问题编号")
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if not (isinstance(node.node, nodes.Name) and node.node.name == "a"):
            continue
        ref = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if ref == qid:
            problems.append(f"问题 {qid} 的 {label} 引用了它自己")
        elif ref not in before:
            problems.append(f"问题 {qid} 的 {label} 引用了“{ref}”，它不是排在这个问题之前的问题编号")
    return problems


def _check_templates(kind: ReportKind, folder: Path, script: Path) -> SandboxedEnvironment:
    """The environment of the kind's templates, once each of them compiles and the macros its
    questions name are there."""
    if not (folder / "report.md.j2").is_file():
        raise KindError(f"{script.name}：缺少模板 {folder.name}/report.md.j2")
    env = make_environment(folder)
    for template in sorted(folder.glob("*.j2")):
        try:
            env.get_template(template.name)
        except TemplateSyntaxError as err:
            raise KindError(f"模板 {folder.name}/{template.name} 第{err.lineno}行：{err.message}") from None
    drafts = {q.draft: q.id for q in kind.questions if q.draft}
    if drafts:
        try:
            module = env.get_template("sentences.j2").module  # a macro's name only: no answers needed
        except Exception as err:
            raise KindError(
                f"{script.name}：问题 {next(iter(drafts.values()))} 的 draft 需要模板 {folder.name}/sentences.j2：{err}"
            ) from None
        for macro, qid in drafts.items():
            if not hasattr(module, macro):
                raise KindError(
                    f"{script.name}：问题 {qid} 的 draft“{macro}”在 {folder.name}/sentences.j2 中没有这个宏"
                )
    for q in kind.questions:
        for label, source in (("when", q.when), ("default", q.default)):
            if not source:
                continue
            try:
                if label == "when":
                    env.compile_expression(source)
                else:
                    env.from_string(source)
            except TemplateSyntaxError as err:
                raise KindError(f"{script.name}：问题 {q.id} 的 {label} 写法有误：{err.message}") from None
    return env


def available_kinds() -> tuple[list[ReportKind], list[str]]:
    """Every kind that loads, and a message for each one that does not (one broken script must
    not keep the others from being used)."""
    kinds: list[ReportKind] = []
    problems: list[str] = []
    for kid in kind_ids():
        try:
            kinds.append(load_kind(kid))
        except KindError as err:
            problems.append(err.message)
    return sorted(kinds, key=lambda k: (k.order, k.id)), problems
