"""Repairs of a partition with the smallest moves: acyclic hard uses, the line limit, the file budget."""

from __future__ import annotations

import networkx as nx

from refactor_tool.split.plan.moves import break_cycles, fold_small, peel
from refactor_tool.split.plan.repair import (
    Sizer,
    fit_budget,
    make_acyclic,
    module_graph,
    oversized,
    split_module,
)


def _links(*edges: tuple[int, int, float]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_weighted_edges_from(edges)
    for _, _, data in graph.edges(data=True):
        data["signals"] = {"uses": data["weight"]}
    return graph


def _acyclic(partition: dict[int, int], uses: nx.DiGraph) -> bool:
    return nx.is_directed_acyclic_graph(module_graph(partition, uses))


# Units 0-2 and 3-5 are two tight families; 2 needs 3 and 4 needs 1 while loading (a cycle between them).
USES = nx.DiGraph([(2, 3), (4, 1)])
LINKS = _links((0, 1, 3.0), (1, 2, 3.0), (0, 2, 3.0), (3, 4, 3.0), (4, 5, 3.0), (3, 5, 3.0), (2, 3, 0.5),
               (4, 1, 0.5))
LINES = dict.fromkeys(range(6), 10)
SIZER = Sizer.summing(LINES)  # modules as long as their units: the planner's `Pieces.bound` adds the heads
FAMILIES = {0: 0, 1: 0, 2: 0, 3: 1, 4: 1, 5: 1}


def test_a_cycle_is_broken_by_moving_the_fewest_least_attached_units() -> None:
    assert not _acyclic(FAMILIES, USES)
    fixed = break_cycles(FAMILIES, USES, LINKS, SIZER, cap=100)
    assert _acyclic(fixed, USES)
    assert sum(fixed[u] != FAMILIES[u] for u in fixed) == 1  # one unit moved, the families stay
    ranked = make_acyclic(FAMILIES, USES, LINKS, SIZER, cap=100)
    assert _acyclic(ranked, USES)


def test_the_budget_merges_the_most_attached_modules_without_a_cycle() -> None:
    singles = {u: u for u in range(6)}
    merged = fit_budget(singles, nx.DiGraph(), LINKS, SIZER, cap=100, budget=2)
    assert len(set(merged.values())) == 2
    assert {frozenset(u for u in merged if merged[u] == m) for m in set(merged.values())} == {
        frozenset({0, 1, 2}), frozenset({3, 4, 5})}


def test_modules_over_the_limit_are_peeled_or_cut_where_they_are_least_attached() -> None:
    together = dict.fromkeys(range(6), 0)
    assert oversized(together, SIZER, cap=35) == [0]
    halves = split_module(together, 0, LINKS)
    assert {frozenset(u for u in halves if halves[u] == m) for m in set(halves.values())} == {
        frozenset({0, 1, 2}), frozenset({3, 4, 5})}
    crowded = {0: 0, 1: 0, 2: 0, 3: 0, 4: 1, 5: 1}  # 40 lines in module 0, limit 35
    peeled = peel(crowded, nx.DiGraph(), LINKS, SIZER, cap=35)
    assert peeled[3] == 1 and not oversized(peeled, SIZER, cap=35)


def test_folding_moves_small_modules_home_within_the_limits() -> None:
    tiny = {0: 0, 1: 0, 2: 0, 3: 1, 4: 1, 5: 2}  # module 2 holds 10 lines
    folded = fold_small(tiny, nx.DiGraph(), LINKS, SIZER, cap=100, smallest=20)
    assert folded[5] == folded[3] and len(set(folded.values())) == 2
    assert fold_small(tiny, nx.DiGraph(), LINKS, SIZER, cap=100)[5] == 2  # 10 lines are a module to keep


def test_the_budget_merges_the_pair_whose_links_join_them_most_not_any_small_module() -> None:
    # Modules {0, 1} and {2, 3} of 100 lines each share 3 of their links; the 5-line {4} (a module
    # of exceptions, say) is linked a little to both. Merging it away would hide a seam the
    # modules' own links do not cross: the two large ones are merged.
    links = _links((0, 1, 10.0), (2, 3, 10.0), (1, 2, 3.0), (4, 0, 1.0), (4, 2, 1.0))
    sizer = Sizer.summing({0: 50, 1: 50, 2: 50, 3: 50, 4: 5})
    merged = fit_budget({0: 0, 1: 0, 2: 1, 3: 1, 4: 2}, nx.DiGraph(), links, sizer, cap=300, budget=2)
    assert merged[0] == merged[2] and merged[4] not in (merged[0], merged[2])
