"""Signature comparison from the call site's point of view: only calls that worked and now fail are breaks."""

from __future__ import annotations

import ast

import pytest

from refactor_tool.api.params import compare_signatures
from refactor_tool.api.signatures import function_signature


def _sig(header: str):
    node = ast.parse(f"def {header}: ...").body[0]
    assert isinstance(node, ast.FunctionDef)
    return function_signature(node)


@pytest.mark.parametrize(
    ("old", "new", "expected", "added"),
    [
        ("f(a, b)", "f(a, b)", [], []),
        ("f(a, /)", "f(x, /)", [], []),  # positional-only names are not part of the API
        ("f(a, /)", "f(a)", [], []),  # widening: keyword calls become possible
        ("f(*, a)", "f(a)", [], []),  # widening: keyword calls still work
        ("f(a)", "f(a, /)", ["parameter-kind-changed"], []),
        ("f(a)", "f(*, a)", ["parameter-kind-changed"], []),
        ("f(a)", "f(x, /)", ["parameter-kind-changed"], []),
        ("f(*, a)", "f(**kw)", [], ["kw"]),  # keyword callers land in **kwargs
        ("f(a)", "f(**kw)", ["parameter-removed"], ["kw"]),
        ("f(*args)", "f()", ["parameter-removed"], []),
        ("f(a, b)", "f(a, c, b)", ["required-parameter-added", "parameter-moved"], []),
        ("f(a, b)", "f(a, c=1, b=2)", ["parameter-moved"], ["c"]),
        ("f(a, b=1)", "f(a, b=1, *, c=2)", [], ["c"]),
        ("f(a, b=1)", "f(a, x)", ["parameter-renamed", "default-removed"], []),
        ("f(a) -> int", "f(a)", ["return-annotation-changed"], []),
        ("f(a)", "f(a) -> int", [], []),  # adding an annotation breaks nobody
        ("f(a, *args)", "f(a, *rest)", [], []),  # *args may be renamed
    ],
)
def test_compare_signatures(old: str, new: str, expected: list[str], added: list[str]) -> None:
    changes, additions = compare_signatures(_sig(old), _sig(new))
    assert sorted(kind.slug for kind, _ in changes) == sorted(expected)
    assert additions == added
