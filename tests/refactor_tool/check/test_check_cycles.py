from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from refactor_tool.check.cycles import components, find_cycles, has_cycle, shortest_cycle


def test_an_acyclic_graph_has_no_component() -> None:
    graph = {"a": {"b": 1}, "b": {"c": 1}}
    assert not has_cycle(graph) and components(graph) == []


def test_a_cycle_absent_from_the_base_is_new_and_shown_through_the_new_import() -> None:
    base = {"a": {"b": 1}, "b": {"c": 2}, "c": {}}
    head = {"a": {"b": 1}, "b": {"c": 2}, "c": {"a": 7}}
    report = find_cycles(head, head, base)
    (cycle,) = report.new
    assert report.existing == () and cycle.modules == {"a", "b", "c"}
    assert cycle.path == ("c", "a", "b", "c") and cycle.closing == ("c", 7)


def test_a_cycle_the_base_had_is_existing_even_when_it_shrank() -> None:
    base = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}}
    head = {"a": {"b": 1}, "b": {"a": 3}}
    report = find_cycles(head, head, base)
    assert report.new == () and [c.modules for c in report.existing] == [{"a", "b"}]


def test_a_cycle_that_grew_a_module_is_new() -> None:
    base = {"a": {"b": 1}, "b": {"a": 1}}
    head = {"a": {"b": 1}, "b": {"a": 1, "c": 2}, "c": {"a": 4}}
    (cycle,) = find_cycles(head, head, base).new
    assert cycle.modules == {"a", "b", "c"} and cycle.closing in {("b", 2), ("c", 4)}


def test_without_a_base_every_cycle_is_listed_not_failed() -> None:
    head = {"a": {"b": 1}, "b": {"a": 1}}
    report = find_cycles(head, head, None)
    assert report.new == () and len(report.existing) == 1


def test_cycles_closed_only_by_deferred_imports_are_apart() -> None:
    loading = {"a": {"b": 1}}
    everything = {"a": {"b": 1}, "b": {"a": 9}}
    report = find_cycles(loading, everything, {})
    assert report.new == () and report.existing == ()
    assert [c.path for c in report.deferred] == [("a", "b", "a")] or [c.path for c in report.deferred] == [("b", "a", "b")]


graphs = st.dictionaries(st.sampled_from("abcdefghij"),
                         st.dictionaries(st.sampled_from("abcdefghij"), st.integers(1, 9), max_size=4), max_size=10)


@settings(max_examples=300, deadline=None)
@given(graphs)
def test_components_and_shortest_cycles_agree_with_networkx(graph: dict[str, dict[str, int]]) -> None:
    graph = {a: {b: line for b, line in targets.items() if b != a} for a, targets in graph.items()}
    digraph = nx.DiGraph((a, b) for a, targets in graph.items() for b in targets)
    expected = {frozenset(c) for c in nx.strongly_connected_components(digraph) if len(c) > 1}
    found = components(graph)
    assert set(found) == expected and len(found) == len(expected)
    assert [len(c) for c in found] == sorted((len(c) for c in found), reverse=True)
    for component in found:
        cycle = shortest_cycle(graph, component)
        inside = digraph.subgraph(component)
        shortest = min(len(nx.shortest_path(inside, b, a)) + 1 for a, b in inside.edges)
        assert len(cycle.path) == shortest and cycle.path[0] == cycle.path[-1]
        assert all(b in graph[a] for a, b in zip(cycle.path, cycle.path[1:], strict=False))
        assert cycle.closing == (cycle.path[0], graph[cycle.path[0]][cycle.path[1]])
