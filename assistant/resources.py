"""Where the data folders prompts/ and templates/ are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

# the title of the `--demo` draft (made from examples/dept-overall.yaml): how it is found again
DEMO_TITLE = "示例：昆明市五华区总工会2025年度部门整体支出绩效自评"


def data_dir(name: str) -> Path:
    """`prompts` or `templates`: inside the installed package (wheel) or at the repository top."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"找不到数据目录 {name}（安装不完整？）")


def script_title(kind_id: str) -> str | None:
    """A kind's title read from the top of its question script without a YAML parser (the drafts
    list is drawn before YAML and pydantic are loaded): the first top-level `title:` line, if it
    is a plain scalar. None otherwise; a test holds it equal to the parsed title of every kind."""
    try:
        with open(data_dir("prompts") / f"{kind_id}.yaml", encoding="utf-8") as script:
            for line in script:
                if line.startswith("title:"):
                    value = line[len("title:") :].strip()
                    plain = value and value[0] not in "'\"|>&*!%@`{[" and " #" not in value
                    return value if plain else None
    except OSError:
        return None
    return None
