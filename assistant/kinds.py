"""Loading a report kind: prompts/<kind>.yaml validated into a ReportKind, with its templates."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import TemplateSyntaxError
from pydantic import ValidationError

from assistant.errors import KindError
from assistant.models import ReportKind
from assistant.resources import data_dir

_FIELD_NAMES = {"type": "类型", "id": "编号", "text": "问题", "help": "帮助", "example": "示例"}


def prompts_dir() -> Path:
    return data_dir("prompts")


def templates_dir() -> Path:
    return data_dir("templates")


def kind_ids() -> list[str]:
    return sorted(p.stem for p in prompts_dir().glob("*.yaml"))


@cache
def load_kind(kind_id: str) -> ReportKind:
    path = prompts_dir() / f"{kind_id}.yaml"
    if not path.is_file():
        known = "、".join(kind_ids()) or "（无）"
        raise KindError(f"没有名为“{kind_id}”的报告类型。可用的类型：{known}")
    return load_kind_file(path)


def load_kind_file(path: Path, templates: Path | None = None) -> ReportKind:
    """Parse and validate one question script; every problem names the file and question."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else ""
        raise KindError(f"{path.name}{where}：YAML 格式错误（{getattr(err, 'problem', err)}）") from None
    except (OSError, UnicodeDecodeError) as err:
        raise KindError(f"{path.name}：无法读取（{err}）") from None
    if not isinstance(data, dict):
        raise KindError(f"{path.name}：文件内容应为一个映射（id、title、sections、questions …）")
    try:
        kind = ReportKind.model_validate(data)
    except ValidationError as err:
        raise KindError(_describe(path, data, err)) from None
    problems = _cross_check(kind)
    if kind.id != path.stem:
        problems.insert(0, f"id“{kind.id}”应与文件名“{path.stem}”一致")
    if problems:
        raise KindError(f"{path.name}：" + "；".join(problems))
    _check_templates(kind, templates or templates_dir() / kind.id, path)
    return kind


def _describe(path: Path, data: dict[str, Any], err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        loc = list(e["loc"])
        where = ""
        if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
            questions = data.get("questions") or []
            item = questions[loc[1]] if loc[1] < len(questions) else {}
            qid = item.get("id", "?") if isinstance(item, dict) else "?"
            field = ".".join(str(x) for x in loc[2:])
            where = f"问题 {qid}（第{loc[1] + 1}个问题）" + (
                f" 的 {field}{'（' + _FIELD_NAMES[field] + '）' if field in _FIELD_NAMES else ''}"
                if field
                else ""
            )
        else:
            where = ".".join(str(x) for x in loc) or "顶层"
        lines.append(f"{where}：{_message(e)}")
    return f"{path.name}：问题脚本无效——" + "；".join(lines)


def _message(e: Any) -> str:
    kind = e["type"]
    if kind == "missing":
        return "缺少必填项"
    if kind == "literal_error":
        return f"取值“{e.get('input')}”无效，应为 {e['ctx']['expected']}"
    if kind == "extra_forbidden":
        return "未知的字段（拼写错误？）"
    if kind == "string_pattern_mismatch":
        return f"“{e.get('input')}”格式不对，应为小写英文字母、数字和下划线"
    return str(e["msg"]).removeprefix("Value error, ")


def _cross_check(kind: ReportKind) -> list[str]:
    problems: list[str] = []
    section_ids = {s.id for s in kind.sections}
    seen: set[str] = set()
    for q in kind.questions:
        if q.id in seen:
            problems.append(f"问题编号 {q.id} 重复")
        seen.add(q.id)
        if q.section not in section_ids:
            problems.append(f"问题 {q.id} 的 section“{q.section}”不存在")
    figure_ids = {f.id for f in kind.figures}
    for f in kind.figures:
        for arg in f.args:
            if arg not in seen and arg not in figure_ids:
                problems.append(f"派生数字 {f.id} 引用了不存在的问题“{arg}”")
    for c in kind.checks:
        for arg in c.args:
            if arg not in seen and arg not in figure_ids:
                problems.append(f"检查 {c.type} 引用了不存在的问题“{arg}”")
    s = kind.scoring
    for name in ("budget", "spent", "indicators", "items"):
        ref = getattr(s, name)
        if ref is not None and ref not in seen:
            problems.append(f"评分设置 {name} 引用了不存在的问题“{ref}”")
    if s.mode == "indicators" and s.indicators and kind.question(s.indicators).type != "indicators":
        problems.append(f"评分设置 indicators 引用的问题 {s.indicators} 不是指标表（indicators）")
    return problems


def _check_templates(kind: ReportKind, folder: Path, script: Path) -> None:
    from assistant.compose import template_environment  # compose imports kinds' models only

    if not (folder / "report.md.j2").is_file():
        raise KindError(f"{script.name}：缺少模板 {folder.name}/report.md.j2")
    env = template_environment(folder)
    for template in sorted(folder.glob("*.j2")):
        try:
            env.get_template(template.name)
        except TemplateSyntaxError as err:
            raise KindError(f"模板 {folder.name}/{template.name} 第{err.lineno}行：{err.message}") from None
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
