"""MoJo, MoJoFM and the adjusted Rand index on layouts small enough to work out by hand; the shuffle
of merged cases keeps a module that runs."""

from __future__ import annotations

import textwrap

import pytest
from plan_quality.metrics import adjusted_rand, mojo, mojofm, names_right, normalised
from plan_quality.shuffle import shuffled


def layout(*modules: str) -> dict[str, str]:
    """`layout("ab", "cd")`: objects a, b in module m0 and c, d in m1."""
    return {obj: f"m{number}" for number, members in enumerate(modules) for obj in members}


@pytest.mark.parametrize(
    ("planned", "truth", "moves_and_joins", "fm"),
    [
        # A1 = abc holds c of B2: one move; each A has its own B: no join. max = 5 - 2.
        (("abc", "de"), ("ab", "cde"), 1, 100 * (1 - 1 / 3)),
        # a and b both belong with B1: one join; max = 4 - 2.
        (("a", "b", "cd"), ("ab", "cd"), 1, 50.0),
        # every planned module is half of each human one: two moves; only a matching finds two
        # groups (a greedy choice of tags gives both B1 and a third operation).
        (("ab", "cd"), ("ac", "bd"), 2, 0.0),
        (("ab", "cd"), ("ab", "cd"), 0, 100.0),
        # singletons against one module: joins only, l - g = 3.
        (("a", "b", "c", "d"), ("abcd",), 3, 0.0),
    ],
)
def test_mojo_and_mojofm_match_hand_computation(planned, truth, moves_and_joins, fm):
    assert mojo(layout(*planned), layout(*truth)) == moves_and_joins
    assert mojofm(layout(*planned), layout(*truth)) == pytest.approx(fm)


def test_mojofm_counts_only_objects_both_layouts_place():
    planned = layout("abc", "de") | {"z": "m9"}
    truth = layout("ab", "cde") | {"y": "m0"}
    assert mojofm(planned, truth) == pytest.approx(100 * (1 - 1 / 3))


def test_adjusted_rand_matches_hand_computation():
    # Contingency [[2, 1, 0], [0, 1, 2]]: index 2, rows 6, columns 3, pairs 15, expected 1.2.
    planned, truth = layout("abc", "def"), layout("ab", "cd", "ef")
    assert adjusted_rand(planned, truth) == pytest.approx((2 - 1.2) / (4.5 - 1.2))
    assert adjusted_rand(truth, planned) == pytest.approx(adjusted_rand(planned, truth))


def test_adjusted_rand_is_one_for_the_same_layout_and_near_zero_for_a_crossing_one():
    assert adjusted_rand(layout("abc", "def"), layout("fed", "cba")) == pytest.approx(1.0)
    # Every planned module takes one object of each human module: less than chance.
    assert adjusted_rand(layout("ad", "be", "cf"), layout("abc", "def")) < 0


def test_names_compare_the_module_holding_most_definitions_after_normalisation():
    planned = layout("abc", "de")
    truth = {"a": "pkg._exceptions", "b": "pkg._exceptions", "c": "pkg.core", "d": "pkg.core", "e": "pkg.util"}
    assert normalised("pkg._exceptions") == normalised("exception") == "exception"
    assert normalised("utilities") == "utility"
    assert names_right(planned, truth, {"m0": "exceptions", "m1": "core"}) == 1.0
    assert names_right(planned, truth, {"m0": "errors", "m1": "core"}) == 0.5


SOURCE = textwrap.dedent('''
    """Stacks."""

    import io


    class StackError(Exception):
        pass


    class EmptyStackError(StackError):
        pass


    class Stack:
        def __init__(self):
            self.items = []

        def push(self, item):
            self.items.append(item)

        def pop(self):
            if not self.items:
                raise EmptyStackError()
            return self.items.pop()


    DEFAULT = Stack()


    def make_stack(items):
        stack = Stack()
        for item in items:
            stack.push(item)
        return stack


    def dump(stack):
        out = io.StringIO()
        out.write(repr(stack.items))
        return out.getvalue()
''')


def test_shuffle_keeps_a_module_that_runs_and_defines_the_same_names() -> None:
    orders = set()
    for seed in range(6):
        source = shuffled(SOURCE, "stacks.py", seed)
        before, after = {}, {}
        exec(compile(SOURCE, "stacks.py", "exec"), before)
        exec(compile(source, "stacks.py", "exec"), after)
        assert set(before) == set(after)
        assert after["make_stack"]([1, 2]).pop() == 2
        assert source.index("class StackError") < source.index("class EmptyStackError")  # a base first
        assert source.index("class Stack:") < source.index("DEFAULT = Stack()")  # what runs, after
        orders.add(tuple(line for line in source.splitlines() if line.startswith(("class ", "def "))))
    assert len(orders) > 1  # really shuffled
