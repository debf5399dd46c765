"""The compiled templates kept between runs are an optimisation only: an entry cut short or
damaged, or one that cannot be written, changes nothing but time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jinja2 import bccache

from assistant import kinds, templating
from assistant.answer_files import answers_file
from assistant.commands import compose_answers
from tests.support.disk import full_disk_at

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "project.yaml"


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("REPORT_ASSISTANT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def restart() -> None:
    """As a new process: no expression compiled in memory."""
    for cached in (templating._expression_cache, templating._expression, templating._template):
        cached.cache_clear()


def report_of_fresh_kind() -> dict[str, Any]:
    """The example's report by a kind loaded from its files (not the process's or the kind cache's:
    its templates and expressions are loaded through the bytecode cache again)."""
    restart()
    kind = kinds.load_kind_file(kinds.prompts_dir() / "project.yaml", kinds.templates_dir() / "project")
    return compose_answers(kind, answers_file(EXAMPLE), EXAMPLE.name)[2].model_dump()


def template_entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("jinja-*/__jinja2_*.cache"))


def test_a_damaged_entry_is_compiled_again(cache: Path) -> None:
    expected = report_of_fresh_kind()
    entries = template_entries(cache)
    assert entries, "the templates were kept"
    good = entries[0].read_bytes()
    # after Jinja's header the checksum is a pickle, which Jinja reads without catching its errors
    for damage in (bccache.bc_magic + b"not a pickle", bccache.bc_magic, good[: len(good) // 2], b"", b"\x00" * 64):
        for entry in entries:
            entry.write_bytes(damage)
        assert report_of_fresh_kind() == expected, damage[:20]
    assert all(entry.read_bytes() != damage for entry in entries), "written again"


def test_an_entry_damaged_but_still_loadable_is_not_run(cache: Path) -> None:
    """A bit flipped inside a string of the compiled code: Jinja's own check (of the template's
    source) passes and the code still runs, one character of the report changed."""
    expected = report_of_fresh_kind()
    entries = template_entries(cache)
    flipped = 0
    for entry in entries:
        data = entry.read_bytes()
        # every 项 one bit off (a continuation byte: still UTF-8, 顸 instead)
        damaged = data.replace("项".encode(), bytes([0xE9, 0xA1, 0xB8]))
        if damaged != data:
            entry.write_bytes(damaged)
            flipped += 1
    assert flipped, "some template has 项 in its text"
    assert report_of_fresh_kind() == expected
    assert report_of_fresh_kind() == expected  # and the entries written again are good


def test_an_entry_that_cannot_be_written_is_not_kept(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = report_of_fresh_kind()
    for entry in template_entries(cache):
        entry.unlink()
    full_disk_at(monkeypatch, "_write_temp")
    assert report_of_fresh_kind() == expected
    assert not template_entries(cache)
    assert not [p for p in cache.rglob("*") if p.is_file() and p.suffix != ".pickle"], "no temporary file left"


# --- `when` and `default` expressions: compiled once, then read from the cache ---------------


@pytest.fixture
def expressions(cache: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A fresh start of the expressions' cache (in the test's cache folder); each compilation of a
    source is listed."""
    compiled: list[str] = []
    real = templating._EXPRESSIONS.compile
    monkeypatch.setattr(
        templating._EXPRESSIONS, "compile", lambda source, *a: compiled.append(source) or real(source, *a)
    )
    restart()
    yield compiled
    restart()


def kinds_sources() -> tuple[list[str], list[str]]:
    whens, defaults = [], []
    for kind_id in kinds.kind_ids():
        for q in kinds.load_kind(kind_id).questions:
            whens += [q.when] if q.when else []
            defaults += [q.default] if q.default else []
    return whens, defaults


VALUES: list[dict[str, Any]] = [
    {},
    {"budget_final": Decimal("120.5"), "spend_total": Decimal("100"), "budget_initial": Decimal("100"),
     "balance_total": Decimal("3"), "balance_carried": Decimal("1"), "unit_name": "某市某局", "help_amount": 5,
     "has_grants": True, "eval_period_note": False, "balance_use": "部分结转、部分交回"},
]  # fmt: skip
ODD = ["a.x", "a.x == 1", "a.x is none", "a['x'] ~ 'y'", "a.items", "(1, 2)", "[a.x, 3] | length", "b.x"]
BAD_EXPRESSIONS = ["a.x ==", "a.x )", "a.x, a.y", "{{ a.x }}", "a.x if", "", "a.x %}", "a.x\n==\n", "'unclosed"]


def outcome(call: Callable[..., Any], *args: Any) -> tuple[str, Any]:
    """What `call(*args)` returns, or the type, message and line of what it raises."""
    try:
        return "value", call(*args)
    except Exception as err:
        return type(err).__name__, (str(err), getattr(err, "lineno", None))


def evaluated(compile_: Callable[[str], Any], source: str, values: dict[str, Any]) -> Any:
    return compile_(source)(a=templating.Values(values))


def rendered(compile_: Callable[[str], Any], source: str, values: dict[str, Any]) -> Any:
    return compile_(source).render(a=templating.Values(values), last=templating.Values(values))


def test_an_expression_from_the_cache_gives_what_jinja_compiles(expressions: list[str]) -> None:
    whens, defaults = kinds_sources()
    assert whens and defaults
    jinja = templating._EXPRESSIONS
    ours_compiled = 0
    for run in ("compiled", "from the cache"):
        for compile_ours, compile_jinja, use, sources in (
            (templating._expression, jinja.compile_expression, evaluated, whens + ODD),
            (templating._template, jinja.from_string, rendered, defaults),
        ):
            for source in sources:
                for values in VALUES:
                    theirs = outcome(use, compile_jinja, source, values)
                    before = len(expressions)
                    assert outcome(use, compile_ours, source, values) == theirs, (run, source)
                    ours_compiled += len(expressions) - before
        restart()
    assert ours_compiled == len(set(whens + ODD)) + len(set(defaults)), "each compiled once: the second run read them"


def test_a_bad_expression_fails_as_in_jinja(expressions: list[str], cache: Path) -> None:
    for source in BAD_EXPRESSIONS:
        ours = outcome(templating._expression, source)
        assert ours[0] == "TemplateSyntaxError", source
        assert ours == outcome(templating._EXPRESSIONS.compile_expression, source), source
    for source in ("{% if %}", "{{ a.x", "{% endif %}"):
        ours = outcome(templating._template, source)
        assert ours[0] == "TemplateSyntaxError", source
        assert ours == outcome(templating._EXPRESSIONS.from_string, source), source
    assert not template_entries(cache), "nothing kept of a source that does not compile"


def test_a_damaged_or_deleted_expression_entry_is_compiled_again(expressions: list[str], cache: Path) -> None:
    source = "a.budget_final and a.spend_total is not none and a.spend_total * 10 < a.budget_final * 9"
    values = templating.Values(VALUES[1])
    assert templating.condition_holds(source, VALUES[1]) is True
    (entry,) = template_entries(cache)
    good = entry.read_bytes()
    for damage in (bccache.bc_magic + b"not a pickle", good[: len(good) // 2], b"", None):
        if damage is None:
            entry.unlink()
        else:
            entry.write_bytes(damage)
        restart()
        assert templating._expression(source)(a=values) is True
    assert len(expressions) == 5
    restart()
    assert templating._expression(source)(a=values) is True
    assert len(expressions) == 5, "written again: the next start compiles nothing"
