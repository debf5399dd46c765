"""The one Jinja2 environment factory: sandboxed, strict, with the report's filters.

Used for phrase templates (compose), `when` conditions and `default` values of questions.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import types
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import (
    BaseLoader,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateSyntaxError,
    nodes,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.environment import TemplateExpression
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment
from platformdirs import user_cache_dir

from assistant.formatting import FILTERS
from assistant.resources import COMMON_TEMPLATES
from assistant.wording import placeholder_re


class _BytecodeCache(FileSystemBytecodeCache):
    """Jinja's, except that each entry carries the SHA-256 of its content and one that does not
    match it (damaged on disk: Jinja checks only that the template's source is unchanged, and
    would run damaged code that still loads, a character of a report changed), cannot be read or
    cannot be written (a full disk) costs only time: the template is compiled from its source."""

    def _entry(self, bucket: Bucket) -> Path:
        return Path(self.directory) / (self.pattern % (bucket.key,))

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = self._entry(bucket).read_bytes()
        except OSError:
            return
        digest, payload = data[:32], data[32:]
        if hashlib.sha256(payload).digest() != digest:
            return
        try:
            bucket.bytecode_from_string(payload)
        except Exception:  # of another Python: Jinja's own check of the entry resets the bucket too
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        from store.atomic import PRIVATE, write_atomic

        payload = bucket.bytecode_to_string()
        with contextlib.suppress(OSError):
            write_atomic(self._entry(bucket), hashlib.sha256(payload).digest() + payload, durable=False, mode=PRIVATE)


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between runs (Jinja checks each template's source checksum), so a
    start does not compile the kind's templates again; none when the cache folder is not writable.
    The compiled code also depends on the filters (how each is called, and before _at_render a
    filter's result) and on Jinja's code generator: a folder per version of each."""
    code = b"".join(Path(__file__).with_name(n).read_bytes() for n in ("templating.py", "formatting.py"))
    code += jinja2.__version__.encode() + b" entries with their SHA-256"
    folder = (
        Path(os.environ.get("REPORT_ASSISTANT_CACHE") or user_cache_dir("report-assistant"))
        / f"jinja-{hashlib.sha256(code).hexdigest()[:12]}"
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _BytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


# The objects whose attributes Jinja's sandbox checks one by one (is_internal_attribute)
_INTERNALS = (types.FunctionType, types.MethodType, type, types.CodeType, types.TracebackType, types.FrameType,
              types.GeneratorType, types.CoroutineType, types.AsyncGeneratorType)  # fmt: skip


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, its attribute check answered at once for the objects a report reads:
    for any object not of _INTERNALS Jinja's check comes to "no name beginning with _" after a
    chain of isinstance tests (about a tenth of building a report); the others go through it."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("_"):
            return False
        return not isinstance(obj, _INTERNALS) or super().is_safe_attribute(obj, attr, value)


def make_environment(folder: Path | None = None) -> SandboxedEnvironment:
    # a kind's own folder first, then the shared one beside it
    loader: BaseLoader | None = None
    if folder:
        loader = FileSystemLoader([str(folder), str(folder.parent / COMMON_TEMPLATES)])
    env = _Sandbox(
        loader=loader,
        bytecode_cache=_bytecode_cache() if folder else None,
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    # Jinja runs a filter of a constant ({{ "上年问题整改情况" | pending }}) once, when it compiles
    # the template, and the bytecode cache keeps the result, checked against the template's source
    # only: a change of templates/_common/words.yaml would not be seen. A filter that takes the
    # context is never run at compile time.
    env.filters.update({name: _at_render(func) for name, func in FILTERS.items()})
    return env


def _at_render(func: Any) -> Any:
    return pass_context(lambda _context, *args, **kwargs: func(*args, **kwargs))


_EXPRESSIONS = make_environment()


class Values:
    """Answers for `when` and `default`: an unanswered question is None (never an error).

    Not a Mapping on purpose: `a.items` or `a.values` must be the answers to questions of
    those names, not the methods of a dict."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def __getitem__(self, key: str) -> Any:
        return self._values.get(key)

    def __getattr__(self, key: str) -> Any:
        if key.startswith("_"):
            raise AttributeError(key)
        return self._values.get(key)


@cache
def _expression_cache() -> FileSystemBytecodeCache | None:
    """The compiled `when` and `default` sources kept between runs, beside the templates: compiling
    a kind's some twenty expressions again was a tenth of a `fill`."""
    return _bytecode_cache()


def _compiled(source: str, kind: str, tree: Callable[[str], nodes.Template | str]) -> Template:
    """`source` compiled as Jinja's from_string would (`tree`: what it parses into), the code
    taken from the bytecode cache when it is there; checked there against the source's checksum,
    under a key of the source itself (the file name `<kind>` keeps it apart from templates')."""
    cache = _expression_cache()
    bucket = cache.get_bucket(_EXPRESSIONS, source, f"<{kind}>", source) if cache else None
    code = bucket.code if bucket else None
    if code is None:
        code = _EXPRESSIONS.compile(tree(source))
        if cache is not None and bucket is not None:
            bucket.code = code
            cache.set_bucket(bucket)
    return _EXPRESSIONS.template_class.from_code(_EXPRESSIONS, code, _EXPRESSIONS.make_globals(None), None)


def _expression_tree(source: str) -> nodes.Template:
    """What Environment.compile_expression makes of `source` before compiling it (the same
    parsing, the same errors)."""
    parser = Parser(_EXPRESSIONS, source, state="variable")
    try:
        expr = parser.parse_expression()
        if not parser.stream.eos:
            raise TemplateSyntaxError("chunk after expression", parser.stream.current.lineno, None, None)
        expr.set_environment(_EXPRESSIONS)
    except TemplateSyntaxError:
        _EXPRESSIONS.handle_exception(source=source)
    return nodes.Template([nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)], lineno=1)


@lru_cache(maxsize=512)
def _expression(source: str) -> Any:
    """As _EXPRESSIONS.compile_expression(source)."""
    return TemplateExpression(_compiled(source, "expression", _expression_tree), True)


@lru_cache(maxsize=512)
def _template(source: str) -> Any:
    """As _EXPRESSIONS.from_string(source)."""
    return _compiled(source, "default", lambda text: text)


def condition_holds(expression: str, values: Mapping[str, Any]) -> bool:
    return bool(_expression(expression)(a=Values(values)))


def render_default(source: str, values: Mapping[str, Any], previous: Mapping[str, Any] | None = None) -> str:
    """A question's default filled in from earlier answers (`a`) and, in a draft made from last
    year's, last year's answers as stored (`last`); "" when it cannot be yet (an answer it needs
    is missing), so that no placeholder is ever offered as an answer."""
    try:
        text = _template(source).render(a=Values(values), last=Values(previous or {})).strip()
    except Exception:  # a default that cannot be filled in yet is simply not offered
        return ""
    return "" if placeholder_re().search(text) or text == "None" else text


def variant_chooser(seed: int) -> Any:
    """variant(key, n): a phrasing number in 0..n-1, fixed for a draft, varying between drafts."""

    def variant(key: str, n: int = 2) -> int:
        digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
        return int.from_bytes(digest[:4], "big") % n

    return variant


def seed_from(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big")
