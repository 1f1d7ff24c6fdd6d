from __future__ import annotations

from refactor_tool.check.cycles import components, find_cycles, has_cycle


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
