"""When a statement needs a name (import time, call time, annotations) and what it binds: the facts
merge orders a merged module by, read by the same analysis split plans with."""

from __future__ import annotations

import ast

import pytest

from refactor_tool.syntax.facts import analyze_module, module_bindings

FUTURE = "from __future__ import annotations\n"

NEEDS = [
    # (source, names needed at import time, names read only when a function runs)
    # parameters and assigned locals are not free names; `global` ones are
    (
        "def f(week):\n    global G\n    G = day = 1\n    return week + day + G + OTHER\n",
        set(),
        {"G", "OTHER"},
    ),
    ("def f(x=DEFAULT):\n    return helper(x)\n", {"DEFAULT"}, {"helper"}),
    ("@deco\ndef f():\n    pass\n", {"deco"}, set()),
    (
        "class C(Base, metaclass=Meta):\n    attr = VALUE\n    def m(self):\n        return OTHER\n",
        {"Base", "Meta", "VALUE"},
        {"OTHER"},
    ),
    ("def f(x: Ann) -> Ret:\n    pass\n", {"Ann", "Ret"}, set()),
    ("g = lambda y=D: y + Z\n", {"D"}, {"Z"}),
    # the comprehension's variable is its own, not a module global
    ("TABLE = [f(i) for i in range(N)]\n", {"f", "range", "N"}, set()),
    # a class body reading what it bound itself before reads no global (pickle's `_Unpickler`:
    # `def load_x(self): ...` then `dispatch[X] = load_x`)
    (
        "class U:\n    dispatch = {}\n    def load_x(self):\n        return OTHER\n"
        "    dispatch[X] = load_x\n    from os import path\n    where = path\n",
        {"X"},
        {"OTHER"},
    ),
    # ... but it does before the binding, where the binding may not run, and after a `del`
    ("class C:\n    x = x\n", {"x"}, set()),
    ("class C:\n    if FLAG:\n        y = 1\n    z = y\n", {"FLAG", "y"}, set()),
    ("class C:\n    w = 1\n    del w\n    v = w\n", {"w"}, set()),
    ("class C:\n    v = w\n    w = 1\n    u = w\n", {"w"}, set()),
]


@pytest.mark.parametrize(("source", "now", "later"), NEEDS)
def test_import_time_and_call_time_uses(source: str, now: set[str], later: set[str]) -> None:
    (statement,) = analyze_module(source, "m.py").statements
    assert statement.uses_import == now
    assert statement.uses_call == later


@pytest.mark.parametrize(
    ("source", "now", "annotations"),
    [("def f(x: Ann) -> Ret:\n    pass\n", set(), {"Ann", "Ret"}), ("x: Ann = value\n", {"value"}, {"Ann"})],
)
def test_postponed_annotations_are_not_import_time_uses(
    source: str, now: set[str], annotations: set[str]
) -> None:
    statement = analyze_module(FUTURE + source, "m.py").statements[1]
    assert statement.uses_import == now
    assert statement.uses_annotation == annotations


def test_names_read_both_at_import_time_and_when_called_are_uses_when_called() -> None:
    """`del sys` at the end of the module would break `f()`, though `sys` is also an import-time use."""
    (statement,) = analyze_module("def f(a=sys.maxsize):\n    return sys.path\n", "m.py").statements
    assert "sys" in statement.uses_import and "sys" not in statement.uses_call
    assert statement.uses_when_called == {"sys"}


BINDS = [
    ("a, (b, c) = 1, (2, 3)\n", {"a", "b", "c"}),
    ("for i in range(3):\n    total = i\n", {"i", "total"}),
    ("try:\n    import json\nexcept ImportError:\n    json = None\n", {"json"}),
    ("if FLAG:\n    def f(): pass\nelse:\n    class f: pass\n", {"f"}),
    ("squares = [k * k for k in range(3)]\n", {"squares"}),
    ("def outer():\n    inner = 1\n", {"outer"}),
    ("with open(p) as handle:\n    data = handle.read()\n", {"handle", "data"}),
    ("if FLAG:\n    del stale\n", {"stale"}),
]


@pytest.mark.parametrize(("source", "binds"), BINDS)
def test_binds_only_module_level_names(source: str, binds: set[str]) -> None:
    (statement,) = analyze_module(source, "m.py").statements
    assert statement.binds == binds
    assert module_bindings(ast.parse(source)) == binds


def test_module_bindings_leave_out_plain_import_lines() -> None:
    tree = ast.parse("import os\nfrom x import y\ntry:\n    import json\nexcept ImportError:\n    json = None\n")
    assert module_bindings(tree) == {"json"}


def test_names_run_at_import_time_are_calls_decorators_and_what_they_are_given() -> None:
    statements = analyze_module(
        "@register\ndef f():\n    return g()\nX = build(part)\nY = f\n", "m.py"
    ).statements
    assert [s.executes for s in statements] == [{"register"}, {"build", "part"}, set()]


def test_what_is_stored_into_an_imported_module_may_run_while_loading() -> None:
    """typing_extensions' `typing._collect_parameters = _collect_parameters`: typing calls it for every
    generic class defined after it, so the function counts as run; stored into the module's own names, not."""
    statements = analyze_module(
        "import typing\n"
        "try:\n    import json as codec\nexcept ImportError:\n    codec = None\n"
        "def collect(args):\n    return helper(args)\n"
        "typing._collect_parameters = collect\n"
        "codec.table['x'] = collect\n"
        "class Local:\n    pass\n"
        "Local.hook = collect\n"
        "alias = collect\n",
        "m.py",
    ).statements
    assert [s.executes for s in statements[3:]] == [{"typing", "collect"}, {"codec", "collect"}, set(), {"Local"}, set()]
