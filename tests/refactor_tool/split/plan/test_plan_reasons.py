"""One line per module saying why its definitions belong together, read off the affinity signals."""

from __future__ import annotations

import networkx as nx

from refactor_tool.split.plan.pieces import Piece
from refactor_tool.split.plan.reasons import reason


def _pieces(*names: str) -> list[Piece]:
    return [Piece(key=n, units=(n,), statements=(n,), names=(name,), lines=10, first_line=n * 10, kind="class")
            for n, name in enumerate(names)]


def _links(*edges: tuple[int, int, str, float]) -> nx.Graph:
    graph = nx.Graph()
    for a, b, signal, weight in edges:
        graph.add_edge(a, b, weight=weight, signals={signal: weight})
    return graph


def test_the_hub_of_the_strongest_link_is_named() -> None:
    members = _pieces("Stack", "make_stack", "push_all")
    line = reason(members, _links((0, 1, "uses", 2.0), (0, 2, "uses", 2.0)), "Stack and what it uses")
    assert line == "Stack and what it uses; Stack uses or is used by 2 of the other 2"


def test_a_class_hierarchy_the_author_s_order_and_shared_words_each_read_as_such() -> None:
    members = _pieces("StackError", "EmptyStackError", "FullStackError")
    hierarchy = _links((0, 1, "inheritance", 2.0), (0, 2, "inheritance", 2.0), (1, 2, "words", 0.3))
    assert reason(members, hierarchy, "3 exception classes").endswith(
        "StackError shares a class hierarchy with 2 of the other 2")
    order = _links((0, 1, "order", 2.0), (1, 2, "order", 2.0))
    assert reason(members, order, "under 'errors'") == "under 'errors'; written together in the source"
    words = _links((0, 1, "docstrings", 1.0), (1, 2, "docstrings", 1.0))
    assert reason(members, words, "x") == "x; they share docstring vocabulary"


def test_a_module_of_one_definition_or_of_unlinked_ones_says_only_how_it_was_named() -> None:
    assert reason(_pieces("Big"), nx.Graph(), "Big (300 of 300 lines)") == "Big (300 of 300 lines)"
    loose = reason(_pieces("a", "b"), nx.Graph([(0, 9)]), "constants")
    assert loose == "constants; the rest is linked to nothing else"
