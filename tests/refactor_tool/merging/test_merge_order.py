"""Ordering merged statements: modules as units when possible, single statements when they must interleave."""

from __future__ import annotations

import pytest

from refactor_tool.errors import PlanError
from refactor_tool.merging.order import merge_order
from refactor_tool.merging.parts import BodyStatement
from refactor_tool.syntax.facts import analyze_module


def _body(*sources: str) -> list[BodyStatement]:
    statements = [analyze_module(s, "m.py").statements[0] for s in sources]
    return [BodyStatement(None, s, f) for s, f in zip(sources, statements, strict=True)]  # type: ignore[arg-type]


def test_modules_keep_the_given_order_when_nothing_forces_another() -> None:
    bodies = [_body("A = 1\n"), _body("B = 2\n"), _body("C = 3\n")]
    assert merge_order(bodies) == (((0, 0),), ((1, 0),), ((2, 0),))


def test_a_module_moves_after_what_it_needs_at_import_time() -> None:
    bodies = [_body("class D(Base):\n    pass\n"), _body("class Base:\n    pass\n")]
    assert merge_order(bodies) == (((1, 0),), ((0, 0),))


def test_call_time_uses_do_not_reorder_but_import_time_calls_follow_the_callee() -> None:
    lazy = [_body("def f():\n    return LATER\n"), _body("LATER = 1\n")]
    assert merge_order(lazy) == (((0, 0),), ((1, 0),))
    eager = [_body("X = make()\n"), _body("def make():\n    return SEED\n", "SEED = 2\n")]
    assert merge_order(eager) == (((1, 0), (1, 1)), ((0, 0),))


def test_mutual_needs_interleave_single_statements() -> None:
    bodies = [
        _body("class Base:\n    pass\n", "R = helper()\n"),
        _body("def helper():\n    return 1\n", "class D(Base):\n    pass\n"),
    ]
    assert merge_order(bodies) == (((0, 0),), ((1, 0),), ((0, 1),), ((1, 1),))


def test_a_real_cycle_names_its_statements() -> None:
    with pytest.raises(PlanError, match=r"cycle: X, Y"):
        merge_order([_body("X = Y + 1\n"), _body("Y = X + 1\n")])


def test_a_statement_reading_the_namespace_comes_after_every_other_module() -> None:
    reader = _body("__all__ = [n for n in dir() if n.isupper()]\n")
    bodies = [reader, _body("MARK = b'('\n"), _body("STOP = b'.'\n")]
    assert merge_order(bodies) == (((1, 0),), ((2, 0),), ((0, 0),))
