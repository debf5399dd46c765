"""The words the program writes into a report from Python (the placeholder for what is not
answered yet, the words of change, table headings and captions), read once from
templates/_common/words.yaml: a change of wording is a change of that file, not of the code.

Read on first use, not at import: the store imports the models, which name the placeholder's
pattern, and needs neither YAML nor this file."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from assistant.resources import COMMON_TEMPLATES, data_dir

WORDS_FILE = "words.yaml"


@cache
def words() -> dict[str, Any]:
    import yaml  # (only here: see the module's docstring)

    path = data_dir("templates") / COMMON_TEMPLATES / WORDS_FILE
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def pending(what: Any = "") -> str:
    """The placeholder for what is not answered yet: 【待补充：单位名称】 naming it, or bare."""
    return words()["placeholder"].format(what) if what else words()["placeholder_bare"]


@cache
def placeholder_re() -> re.Pattern[str]:
    """Either form of the placeholder, wherever it is in a text (to mark it, or to tell that a
    sentence is not complete yet)."""
    before, after = words()["placeholder"].split("{}")
    bare = words()["placeholder_bare"]
    return re.compile(f"{re.escape(before)}[^{re.escape(after[:1])}]*{re.escape(after)}|{re.escape(bare)}")


def table_words() -> dict[str, Any]:
    return words()["tables"]
