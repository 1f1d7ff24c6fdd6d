"""The cohesion prototype on a small module whose right split is obvious, and its guarantees."""

from __future__ import annotations

import random
import textwrap

import networkx as nx
import pytest
from cohesion import Limits, plan_source, read_units
from plan_quality.metrics import adjusted_rand
from plan_quality.shuffle import shuffled

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


def _layout(groups) -> dict[str, str]:
    return {name: group.name for group in groups for name in group.names}


def test_three_themes_become_three_modules_named_after_them():
    groups = plan_source(THREE_THEMES, "stacks.py", Limits(max_lines=45, max_new_files=3))
    assert _layout(groups) == EXPECTED
    assert all(group.reason for group in groups)


def test_the_themes_are_found_without_comments_in_a_shuffled_order():
    bare = "\n".join(line for line in THREE_THEMES.splitlines() if not line.lstrip().startswith("#"))
    mixed = shuffled(bare, "stacks.py", seed=3)
    assert mixed.index("def html_report") < mixed.index("class EmptyStackError")  # really shuffled
    groups = plan_source(mixed, "stacks.py", Limits(max_lines=45, max_new_files=3))
    assert adjusted_rand(_layout(groups), EXPECTED) == pytest.approx(1.0)


@pytest.mark.parametrize("seed", range(4))
def test_plans_stay_acyclic_and_within_the_limits(seed):
    """Whatever the order, modules never import each other in a cycle (any use counts) and keep
    to the budget; each stays under the line limit unless one definition alone is over it."""
    source = shuffled(THREE_THEMES, "stacks.py", seed)
    limits = Limits(max_lines=30, max_new_files=4)
    graph = read_units(source, "stacks.py")
    groups = plan_source(source, "stacks.py", limits)
    assert len(groups) <= limits.max_new_files
    home = {unit: n for n, group in enumerate(groups) for unit in group.units}
    modules = nx.DiGraph()
    modules.add_nodes_from(range(len(groups)))
    for uses in (graph.import_uses, graph.call_uses):
        modules.add_edges_from((home[u], home[v]) for u, v in uses.edges
                               if u in home and v in home and home[u] != home[v])
    assert nx.is_directed_acyclic_graph(modules)
    for group in groups:
        assert group.lines < limits.max_lines or len(group.units) == 1


def test_shuffle_keeps_a_module_that_runs_and_defines_the_same_names():
    source = shuffled(THREE_THEMES, "stacks.py", seed=random.Random(0).randrange(100))
    before, after = {}, {}
    exec(compile(THREE_THEMES, "stacks.py", "exec"), before)
    exec(compile(source, "stacks.py", "exec"), after)
    assert set(before) == set(after)
    assert after["make_stack"]([1, 2]).pop() == 2
