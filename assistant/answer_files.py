"""Answers files (YAML or JSON: question id → answer as typed), read without changing a figure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.errors import UserError


class AnswersFileError(UserError):
    """An answers file that cannot be read; the message names the file and the line."""


def _answers_loader() -> type:
    """A YAML loader that keeps numbers, dates and times as the text written: 8.005 must not
    become a binary float (8.00499…), 012 an octal 10, 1:30 the number 90, or 1e-9 "1e-09"."""
    import yaml

    class AnswersLoader(yaml.SafeLoader):
        pass

    def as_written(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
        return str(loader.construct_scalar(node))

    for tag in ("int", "float", "timestamp"):
        AnswersLoader.add_constructor(f"tag:yaml.org,2002:{tag}", as_written)
    return AnswersLoader


def answers_file(path: Path) -> dict[str, Any]:
    """A YAML or JSON mapping of question ids to answers."""
    import yaml

    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_answers_loader())  # a SafeLoader
    except FileNotFoundError:
        raise AnswersFileError(f"找不到答案文件：{path}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise AnswersFileError(f"无法读取答案文件 {path}：{err}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else ""
        raise AnswersFileError(f"答案文件 {path.name}{where}格式错误，应为 YAML 或 JSON。") from None
    if not isinstance(data, dict):
        raise AnswersFileError(f"答案文件 {path.name} 应为“问题编号: 答案”的映射。")
    return {str(k): v for k, v in data.items()}
