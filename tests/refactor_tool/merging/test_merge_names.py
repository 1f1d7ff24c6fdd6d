"""What a top-level statement binds and needs at import time versus call time."""

from __future__ import annotations

import pytest

from refactor_tool.merging.names import statement_names

NEEDS = [
    # parameters and assigned locals are not free names; `global` ones are
    (
        "def f(week):\n    global G\n    G = day = 1\n    return week + day + G + OTHER\n",
        False,
        set(),
        {"G", "OTHER"},
    ),
    # (source, lazy annotations, names needed at import time, names needed only when called)
    ("def f(x=DEFAULT):\n    return helper(x)\n", False, {"DEFAULT"}, {"helper"}),
    ("@deco\ndef f():\n    pass\n", False, {"deco"}, set()),
    (
        "class C(Base, metaclass=Meta):\n    attr = VALUE\n    def m(self):\n        return OTHER\n",
        False,
        {"Base", "Meta", "VALUE"},
        {"OTHER"},
    ),
    ("def f(x: Ann) -> Ret:\n    pass\n", False, {"Ann", "Ret"}, set()),
    ("def f(x: Ann) -> Ret:\n    pass\n", True, set(), {"Ann", "Ret"}),
    ("x: Ann = value\n", True, {"value"}, {"Ann"}),
    ("g = lambda y=D: y + Z\n", False, {"D"}, {"Z"}),
    ("TABLE = [f(i) for i in range(N)]\n", False, {"f", "i", "range", "N"}, set()),
]


@pytest.mark.parametrize(("source", "lazy", "now", "later"), NEEDS)
def test_import_time_and_call_time_uses(
    source: str, lazy: bool, now: set[str], later: set[str]
) -> None:
    names = statement_names(source, lazy_annotations=lazy)
    assert names.import_time == now
    assert names.call_time == later


BINDS = [
    ("a, (b, c) = 1, (2, 3)\n", {"a", "b", "c"}),
    ("for i in range(3):\n    total = i\n", {"i", "total"}),
    ("try:\n    import json\nexcept ImportError:\n    json = None\n", {"json"}),
    ("if FLAG:\n    def f(): pass\nelse:\n    class f: pass\n", {"f"}),
    ("squares = [k * k for k in range(3)]\n", {"squares"}),
    ("def outer():\n    inner = 1\n", {"outer"}),
    ("with open(p) as handle:\n    data = handle.read()\n", {"handle", "data"}),
]


@pytest.mark.parametrize(("source", "binds"), BINDS)
def test_binds_only_module_level_names(source: str, binds: set[str]) -> None:
    assert statement_names(source, lazy_annotations=False).binds == binds


def test_called_names_are_calls_and_decorators_at_import_time_only() -> None:
    names = statement_names(
        "@register\ndef f():\n    return g()\nX = build()\n", lazy_annotations=False
    )
    assert names.called == {"register", "build"}
