"""The report's Jinja sandbox (templating._Sandbox) allows and refuses exactly the attributes
Jinja's own sandbox does, and a template's `a.<id>` / `f.<id>` (compose.Namespace) gives the
answer, a placeholder for one not given, and an error for a name the kind does not declare."""

from __future__ import annotations

import sys
import types
from decimal import Decimal
from typing import Any

import pytest
from jinja2.exceptions import SecurityError
from jinja2.sandbox import (
    UNSAFE_ASYNC_GENERATOR_ATTRIBUTES,
    UNSAFE_COROUTINE_ATTRIBUTES,
    UNSAFE_FUNCTION_ATTRIBUTES,
    UNSAFE_GENERATOR_ATTRIBUTES,
    UNSAFE_METHOD_ATTRIBUTES,
    SandboxedEnvironment,
)

from assistant.compose import Namespace
from assistant.formatting import Missing
from assistant.templating import make_environment


def _objects() -> list[Any]:
    def function() -> None: ...

    def generator() -> Any:
        yield 1

    async def coroutine() -> None: ...

    async def agen() -> Any:
        yield 1

    try:
        raise ValueError
    except ValueError:
        trace = sys.exc_info()[2]
    co = coroutine()
    co.close()
    return [function, "文字".upper, Decimal("1.5").quantize, str, type, function.__code__, trace,
            sys._getframe(), generator(), co, agen(), Decimal("228.63"), "文字", {"a": 1}, [1], object(),
            Missing("单位名称"), Namespace({"x": 1}, {"x": "X", "y": "Y"}), types.SimpleNamespace(x=1)]  # fmt: skip


NAMES = sorted({"mro", "upper", "x", "y", "label", "items", "real", "_x", "__class__", "__globals__", "__code__",
                *UNSAFE_FUNCTION_ATTRIBUTES, *UNSAFE_METHOD_ATTRIBUTES, *UNSAFE_GENERATOR_ATTRIBUTES,
                *UNSAFE_COROUTINE_ATTRIBUTES, *UNSAFE_ASYNC_GENERATOR_ATTRIBUTES, "gi_frame", "cr_frame", "ag_code",
                "f_globals", "tb_frame", "co_code"})  # fmt: skip


def test_the_report_sandbox_checks_attributes_as_jinja_does() -> None:
    ours, jinja = make_environment(), SandboxedEnvironment()
    refused = set()  # names without an underscore Jinja refuses on some object: the cases that matter
    for obj in _objects():
        for name in NAMES:
            value = getattr(obj, name, None)
            safe = jinja.is_safe_attribute(obj, name, value)
            assert ours.is_safe_attribute(obj, name, value) == safe, (obj, name)
            if not safe and not name.startswith("_"):
                refused.add(name)
    assert {"mro", "gi_frame", "cr_frame", "ag_code", "f_globals", "tb_frame", "co_code"} <= refused
    # and in a template: a function's globals stay out of reach
    for name in ("__globals__", "__code__"):
        with pytest.raises(SecurityError):
            ours.from_string(f"{{{{ f.{name} }}}}").render(f=_objects()[0])
    with pytest.raises(SecurityError):
        ours.from_string("{{ t.mro }}").render(t=str)


def test_a_namespace_gives_answers_placeholders_and_refuses_undeclared_names() -> None:
    labels = {"unit_name": "单位名称", "year": "年度", "staff": "编制"}
    ns = Namespace({"unit_name": "泾县植保站", "year": None}, labels)
    assert ns.unit_name == ns["unit_name"] == "泾县植保站"
    assert isinstance(ns.year, Missing) and ns.year.label == "年度"  # answered None: not given
    assert isinstance(ns.staff, Missing) and ns["staff"].label == "编制"
    for name in ("unit_nme", "_labels", "__dict__x"):
        with pytest.raises(AttributeError):
            ns[name]
    with pytest.raises(AttributeError):
        _ = ns.unit_nme
    env = make_environment()
    assert env.from_string("{{ a.unit_name }}").render(a=ns) == "泾县植保站"
    with pytest.raises(AttributeError):
        env.from_string("{{ a.unit_nme }}").render(a=ns)  # a typo in a template does not pass
