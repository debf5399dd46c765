"""The words the program writes into a report from Python (the placeholder for what is not
answered yet, the words of change, table headings and captions), read once from
templates/_common/words.yaml: a change of wording is a change of that file, not of the code.

Read on first use, not at import: the store imports the models, which name the placeholder's
pattern, and needs neither YAML nor this file."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any, cast

import orjson

from assistant.resources import COMMON_TEMPLATES, data_dir

WORDS_FILE = "words.yaml"


@cache
def words() -> dict[str, Any]:
    path = data_dir("templates") / COMMON_TEMPLATES / WORDS_FILE
    raw = path.read_bytes()
    cached = _cache_file(raw)
    try:
        data = orjson.loads(cached.read_bytes())
        if isinstance(data, dict):
            return data
    except (OSError, orjson.JSONDecodeError):  # none yet, cut short or damaged: read the YAML
        pass
    import yaml  # (only here: see the module's docstring)

    data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    _keep(cached, data)
    return cast(dict[str, Any], data)


def _cache_file(raw: bytes) -> Path:
    """Where the words read from this content of words.yaml are kept as JSON: YAML is not
    imported for them (a megabyte in the TUI, which needs the grade's note at every start). Like
    the kinds' cache, an optimisation only: deleting it changes nothing but time."""
    from assistant.kind_cache import cache_root

    return cache_root() / f"words-{hashlib.sha256(raw).hexdigest()[:24]}.json"


def _keep(path: Path, data: Any) -> None:
    from store.atomic import PRIVATE, write_atomic

    try:
        as_json = orjson.dumps(data)
        if orjson.loads(as_json) != data:  # a value JSON does not keep as it is (a date …): not kept
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, as_json, durable=False, mode=PRIVATE)
    except (OSError, TypeError):  # a cache folder that cannot be written, a key that is no string
        return


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
