"""Globals rebound with `global` read, when a function runs, from the module they live in (`live_reads`)."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from refactor_tool.split.emit.source import read_through

CASES = [
    ("a function's read", "def f():\n    return DEBUG\n", "def f():\n    return _settings.DEBUG\n"),
    ("nested function, comprehension, lambda",
     "def f():\n    def g(): return DEBUG\n    return [DEBUG for _ in ()], lambda: DEBUG\n",
     "def f():\n    def g(): return _settings.DEBUG\n    return [_settings.DEBUG for _ in ()], lambda: _settings.DEBUG\n"),
    ("a method's read; the class body's stays (read while loading)",
     "class C:\n    strict = DEBUG\n    def m(self):\n        return DEBUG\n",
     "class C:\n    strict = DEBUG\n    def m(self):\n        return _settings.DEBUG\n"),
    ("a default value is read while loading", "def f(x=DEBUG):\n    return x\n", "def f(x=DEBUG):\n    return x\n"),
    ("a parameter of the same name shadows it", "def f(DEBUG=True):\n    return DEBUG\n",
     "def f(DEBUG=True):\n    return DEBUG\n"),
    ("a local of the same name shadows it", "def f():\n    DEBUG = 1\n    return DEBUG\n",
     "def f():\n    DEBUG = 1\n    return DEBUG\n"),
    ("attributes and keywords of that name are not the global",
     "def f(o):\n    return o.DEBUG, dict(DEBUG=1)\n", "def f(o):\n    return o.DEBUG, dict(DEBUG=1)\n"),
]


@pytest.mark.parametrize(("case", "before", "after"), CASES, ids=[c[0] for c in CASES])
def test_reads_when_called_go_through_the_home_module(case: str, before: str, after: str) -> None:
    assert read_through(cst.parse_module(before), {"DEBUG": "_settings"}).code == after


def test_the_rewritten_code_reads_the_current_value() -> None:
    settings = type("settings", (), {"DEBUG": False})
    code = read_through(cst.parse_module(textwrap.dedent("""
        def mode():
            return "on" if DEBUG else "off"
    """)), {"DEBUG": "_settings"}).code
    namespace = {"_settings": settings, "DEBUG": False}
    exec(code, namespace)
    settings.DEBUG = True
    assert namespace["mode"]() == "on"


def test_a_read_by_key_of_the_namespace_reads_the_facades() -> None:
    """typing's `globals()[self._name]`, moved out of `typing/__init__.py`, reads `vars(_typing())`."""
    from refactor_tool.split.emit.source import read_facade

    before = "class A:\n    def origin(self):\n        return globals()[self._name], globals().get('B')\n"
    assert read_facade(before, "_typing()") == (
        "class A:\n    def origin(self):\n        return vars(_typing())[self._name], vars(_typing()).get('B')\n")
    assert read_facade(before, None) == before
