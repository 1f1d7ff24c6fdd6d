"""Plan a split by cohesion, then satisfy the constraints: a prototype of the planner for issue 11.

`plan(read_units(source, path), Limits(max_lines, max_new_files))` -> `tuple[Group, ...]`: a weighted
graph of the module's top-level definitions (`affinity`), its communities (`communities`), repaired
for the limits with the smallest moves (`repair`, `moves`), and named (`naming`). Pure functions of
the source; meant to move into the split's planning package as it is.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from .affinity import Weights, affinity, exception_classes
from .communities import communities
from .features import Features, read_features
from .model import Group, Limits, Unit
from .moves import break_cycles, fold_small, peel, refine
from .naming import candidates, reason, unique, vocabulary
from .repair import Partition, fit_budget, oversized, split_module
from .units import UnitGraph, read_units

__all__ = ["Group", "Limits", "Unit", "UnitGraph", "Weights", "plan", "plan_source", "read_units"]

#: Lines a new module needs besides the statements it receives (header, imports), per module.
OVERHEAD = 6
_CLI = frozenset({"argparse", "optparse", "click", "ArgumentParser"})


def _join_loose(partition: Partition, parts: list[set[int]], graph: UnitGraph) -> Partition:
    """Units linked to nothing join the module of the unit before them in the source."""
    ordered = sorted(partition, key=lambda k: graph.units[k].first_line)
    result = dict(partition)
    alone = {next(iter(p)) for p in parts if len(p) == 1}
    previous = None
    for key in ordered:
        if key in alone and previous is not None:
            result[key] = result[previous]
        previous = key
    return result


def _lines(graph: UnitGraph, keys: list[int]) -> dict[int, int]:
    return {k: graph.units[k].lines for k in keys}


def constraint_uses(graph: UnitGraph, keys: list[int], lines: dict[int, int], cap: int,
                    acyclic_calls: bool) -> nx.DiGraph:
    """The uses that must not form cycles between modules: import-time ones, and call-time ones
    too unless they sit inside a group of units that use each other and exceed the limit together
    (as the split does, such uses are then deferred: bound once every module is loaded)."""
    eager = graph.import_uses.subgraph(keys)
    if not acyclic_calls:
        return eager
    every = nx.compose(graph.import_uses, graph.call_uses).subgraph(keys)
    big = {u for component in nx.strongly_connected_components(every)
           if len(component) > 1 and sum(lines[u] for u in component) > cap for u in component}
    result = nx.DiGraph(every)
    result.remove_edges_from([(u, v) for u, v in graph.call_uses.edges
                              if u in big and v in big and not eager.has_edge(u, v)])
    return result


def plan(graph: UnitGraph, limits: Limits, weights: Weights | None = None) -> tuple[Group, ...]:
    weights = weights or Weights()
    keys = graph.movable()
    if not keys:
        return ()
    features = read_features(graph)
    links = affinity(graph, features, keys, weights)
    lines = _lines(graph, keys)
    cap = max(1, limits.max_lines - 1 - OVERHEAD)
    uses = constraint_uses(graph, keys, lines, cap, limits.acyclic_calls)
    parts = communities(links, limits.max_new_files)
    partition = _join_loose({u: n for n, p in enumerate(parts) for u in p}, parts, graph)
    partition = fit_budget(partition, uses, links, lines, cap, limits.max_new_files, keep_acyclic=False)
    partition = break_cycles(partition, uses, links, lines, cap)
    for _ in range(2 * limits.max_new_files):
        partition = peel(partition, uses, links, lines, cap)
        over = oversized(partition, lines, cap)
        if not over:
            break
        partition = split_module(partition, over[0], links)
        partition = break_cycles(partition, uses, links, lines, cap)
        partition = fit_budget(partition, uses, links, lines, cap, limits.max_new_files)
    partition = refine(partition, uses, links, lines, cap)
    partition = fold_small(partition, uses, links, lines, cap)
    return _groups(partition, graph, features, links)


def _groups(partition: Partition, graph: UnitGraph, features: dict[int, Features],
            links: nx.Graph) -> tuple[Group, ...]:
    members: dict[int, list[Unit]] = defaultdict(list)
    for key, module in sorted(partition.items()):
        members[module].append(graph.units[key])
    ordered = sorted(members.values(), key=lambda us: min(u.first_line for u in us))
    locality = links.graph.get("locality", 0.0)
    statements = {s.index: s for s in graph.analysis.statements}
    taken: set[str] = set()
    known = vocabulary(graph.source)
    errors = exception_classes(graph, features, list(partition))
    groups = []
    for units in ordered:
        titles: Counter[str] = Counter()
        if locality >= 0.3:
            for unit in units:
                if features[unit.key].section_title:
                    titles[features[unit.key].section_title] += unit.lines
        used = {n for u in units for i in u.statements for n in statements[i].uses}
        options = candidates(units, titles, bool(used & _CLI), sum(u.key in errors for u in units), known)
        name, how = unique(options, taken)
        taken.add(name)
        groups.append(Group(name=name, names=tuple(n for u in units for n in u.names),
                            units=tuple(u.key for u in units), lines=sum(u.lines for u in units),
                            reason=reason(units, links, how)))
    return tuple(groups)


def plan_source(source: str, path: str, limits: Limits, weights: Weights | None = None) -> tuple[Group, ...]:
    return plan(read_units(source, path), limits, weights)
