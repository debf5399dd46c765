"""The one Jinja2 environment factory: sandboxed, strict, with the report's filters.

Used for phrase templates (compose), `when` conditions and `default` values of questions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from assistant.formatting import FILTERS


def make_environment(folder: Path | None = None) -> SandboxedEnvironment:
    loader: BaseLoader | None = FileSystemLoader(str(folder)) if folder else None
    env = SandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    return env


_EXPRESSIONS = make_environment()


class Values(Mapping[str, Any]):
    """Answers for `when` and `default`: an unanswered question is None (never an error)."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._values.get(key)

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        return self._values.get(key)

    def __iter__(self) -> Any:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def condition_holds(expression: str, values: Mapping[str, Any]) -> bool:
    return bool(_EXPRESSIONS.compile_expression(expression)(a=Values(values)))


def render_default(source: str, values: Mapping[str, Any]) -> str:
    try:
        return _EXPRESSIONS.from_string(source).render(a=Values(values)).strip()
    except Exception:  # a default that cannot be filled in yet is simply not offered
        return ""


def variant_chooser(seed: int) -> Any:
    """variant(key, n): a phrasing number in 0..n-1, fixed for a draft, varying between drafts."""

    def variant(key: str, n: int = 2) -> int:
        digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
        return int.from_bytes(digest[:4], "big") % n

    return variant


def seed_from(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
