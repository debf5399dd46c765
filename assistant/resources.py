"""Where the data folders prompts/ and templates/ are, installed or in a source checkout."""

from __future__ import annotations

import re
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

# the title of the `--demo` draft (made from examples/dept-overall.yaml): how it is found again
DEMO_TITLE = "示例：昆明市五华区总工会2025年度部门整体支出绩效自评"
COMMON_TEMPLATES = "_common"  # templates/_common: macros the kinds share (indicator analysis, drafts)


def data_dir(name: str) -> Path:
    """`prompts` or `templates`: inside the installed package (wheel) or at the repository top."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"找不到数据目录 {name}（安装不完整？）")


# a kind's id, as ReportKind.id declares it (models.py), and short: it names a file in prompts/
_KIND_ID = re.compile(r"[a-z][a-z0-9-]{0,63}")


def valid_kind_id(kind_id: str) -> bool:
    """Whether `kind_id` can be the id of a kind: never a path (../prompts/project, /tmp/x)."""
    return _KIND_ID.fullmatch(kind_id) is not None


def script_title(kind_id: str) -> str | None:
    """A kind's title read from the top of its question script without a YAML parser (the drafts
    list is drawn before YAML and pydantic are loaded): the first top-level `title:` line, if it
    is a plain scalar. None otherwise; a test holds it equal to the parsed title of every kind."""
    if not valid_kind_id(kind_id):  # (read from a draft file, which may be damaged)
        return None
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
