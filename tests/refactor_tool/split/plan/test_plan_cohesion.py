"""The cohesion planner on a small module whose right split is obvious, and its guarantees."""

from __future__ import annotations

import random
import textwrap

import pytest

from refactor_tool.split.plan.cohesion import Group, order_modules, plan_groups
from refactor_tool.split.plan.pieces import Pieces, read_pieces
from refactor_tool.split.plan.units import build_units
from refactor_tool.syntax.facts import analyze_module

THREE_THEMES = textwrap.dedent('''
    """Stacks, the errors they raise, and reports about them."""

    import csv
    import io

    # ------------------------------------------------------------------ errors

    class StackError(Exception):
        """Base of the stack errors."""


    class EmptyStackError(StackError):
        """Popping from an empty stack."""


    class FullStackError(StackError):
        """Pushing onto a full stack."""

    # ------------------------------------------------------------------ stack

    class Stack:
        """A bounded stack of items."""

        def __init__(self, capacity):
            self.capacity = capacity
            self.items = []

        def push(self, item):
            if len(self.items) >= self.capacity:
                raise FullStackError(item)
            self.items.append(item)

        def pop(self):
            if not self.items:
                raise EmptyStackError()
            return self.items.pop()


    def make_stack(items, capacity=10):
        stack = Stack(capacity)
        push_all(stack, items)
        return stack


    def push_all(stack, items):
        for item in items:
            stack.push(item)

    # ------------------------------------------------------------------ reports

    def _format_row(cells):
        return " | ".join(str(cell) for cell in cells)


    def text_report(stack):
        """The stack's items as text rows."""
        return "\\n".join(_format_row([n, item]) for n, item in enumerate(stack.items))


    def csv_report(stack):
        """The stack's items as CSV rows."""
        out = io.StringIO()
        csv.writer(out).writerows(enumerate(stack.items))
        return out.getvalue()


    def html_report(stack):
        """The stack's items as HTML table rows."""
        rows = "".join(f"<tr><td>{_format_row([n, item])}</td></tr>" for n, item in enumerate(stack.items))
        return f"<table>{rows}</table>"
''')

EXPECTED = {"StackError": "errors", "EmptyStackError": "errors", "FullStackError": "errors",
            "Stack": "stack", "make_stack": "stack", "push_all": "stack",
            "_format_row": "reports", "text_report": "reports", "csv_report": "reports", "html_report": "reports"}


def _pieces(source: str) -> Pieces:
    analysis = analyze_module(source, "stacks.py")
    return read_pieces(build_units(analysis), analysis)


def _plan(source: str, budget: int) -> tuple[Group, ...]:
    """The plan given the expected module count and, as the benchmark does, a limit just above the
    largest expected module (the lines it takes as written, `Pieces.bound`)."""
    pieces = _pieces(source)
    by_name = {n: k for k, p in pieces.pieces.items() for n in p.names}
    modules = {m: {by_name[n] for n in EXPECTED if EXPECTED[n] == m} for m in EXPECTED.values()}
    cap = max(pieces.bound(keys) for keys in modules.values()) + 1
    return plan_groups(pieces, cap, budget, private=False)


def _layout(groups: tuple[Group, ...]) -> dict[str, str]:
    return {name: group.name for group in groups for name in group.names}


def _same_grouping(found: dict[str, str], expected: dict[str, str]) -> bool:
    """The same partition of the names, whatever the modules are called."""
    return {frozenset(n for n in found if found[n] == m) for m in found.values()} == \
        {frozenset(n for n in expected if expected[n] == m) for m in expected.values()}


def _shuffled(source: str, seed: int) -> str:
    """The top-level definitions of `source` in a random order, the imports first (each definition
    here only uses others when called, so any order runs)."""
    head, *blocks = textwrap.dedent(source).split("\n\n\n")
    random.Random(seed).shuffle(blocks)
    return "\n\n\n".join([head, *blocks]) + "\n"


def test_three_themes_become_three_modules_named_after_them() -> None:
    groups = _plan(THREE_THEMES, 3)
    assert _layout(groups) == EXPECTED
    assert all(group.reason for group in groups)


@pytest.mark.parametrize("seed", range(6))
def test_the_themes_are_found_without_comments_in_a_shuffled_order(seed: int) -> None:
    bare = "\n".join(line for line in THREE_THEMES.splitlines() if not line.lstrip().startswith("#"))
    mixed = _shuffled(bare, seed)
    assert mixed != _shuffled(bare, seed + 1)  # really shuffled
    assert _same_grouping(_layout(_plan(mixed, 3)), EXPECTED)


@pytest.mark.parametrize("seed", range(4))
def test_plans_keep_to_the_limits_and_load_in_an_order_that_runs(seed: int) -> None:
    """Whatever the order, each module comes after every module it needs while loading (hard uses);
    uses when called may point to a later module (bound late); the budget and the limit (the lines
    each module takes as written, `sizes.module_bound`) hold."""
    source = _shuffled(THREE_THEMES, seed)
    pieces = _pieces(source)
    groups = plan_groups(pieces, 45, 4, private=False)
    assert len(groups) <= 4
    position = {key: n for n, group in enumerate(groups) for key in group.pieces}
    assert all(position[u] >= position[v] for u, v in pieces.hard.edges)
    for group in groups:
        assert pieces.bound(group.pieces) <= 45 or len(group.pieces) == 1


def test_modules_load_after_what_they_need_with_few_names_bound_late() -> None:
    source = textwrap.dedent("""
        class Base:
            def render(self):
                return helper(self)


        class Child(Base):
            pass


        def helper(item):
            return repr(item)
    """)
    pieces = _pieces(source)
    by_name = {p.names[0]: k for k, p in pieces.pieces.items()}
    partition = {by_name["Base"]: 0, by_name["Child"]: 1, by_name["helper"]: 2}
    order = order_modules(partition, pieces)
    # Child needs Base while loading; Base needs helper only when called: helper first binds none late.
    assert order == [2, 0, 1]


_REGISTRATIONS = """
    _HANDLERS = {}


    def register(kind):
        def decorator(function):
            _HANDLERS[kind] = function
            return function
        return decorator


    ClassKind = type
    TypeKind = type


    @register(ClassKind)
    def describe_class(value):
        return formatted(value)


    def formatted(value):
        return repr(value)


    @register(SECOND)
    def describe_type(value):
        return formatted(value)
"""


@pytest.mark.parametrize(("second", "expected"), [("int", [0, 2, 1]), ("TypeKind", [0, 1, 2])])
def test_registrations_of_one_key_load_in_their_original_order(second: str, expected: list[int]) -> None:
    """`register(ClassKind)`, then `register(TypeKind)`: both register `type`, the last one wins, so the
    module holding the first loads first, though it uses the other's `formatted` (a name bound late)."""
    pieces = _pieces(textwrap.dedent(_REGISTRATIONS).replace("SECOND", second))
    by_name = {p.names[0]: k for k, p in pieces.pieces.items()}
    partition = {by_name["_HANDLERS"]: 0, by_name["register"]: 0, by_name["ClassKind"]: 0, by_name["TypeKind"]: 0,
                 by_name["describe_class"]: 1, by_name["formatted"]: 2, by_name["describe_type"]: 2}
    assert order_modules(partition, pieces) == expected
