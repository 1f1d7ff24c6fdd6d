"""Plan a split by cohesion, then satisfy the constraints: a prototype of the planner for issue 11.

`plan(read_units(source, path), Limits(max_lines, max_new_files))` -> `tuple[Group, ...]`: a weighted
graph of the module's top-level definitions (`affinity`), its communities (`communities`), repaired
for the limits with the smallest moves (`repair`), and named (`naming`). Pure functions of the
source; meant to move into the split's planning package as it is.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from .affinity import Weights, affinity
from .communities import communities
from .features import Features, read_features
from .model import Group, Limits, Unit
from .affinity import exception_classes
from .naming import candidates, reason, unique, vocabulary
from .moves import break_cycles, fold_small, peel, refine
from .repair import Partition, fit_budget, fit_lines
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


def plan(graph: UnitGraph, limits: Limits, weights: Weights = Weights()) -> tuple[Group, ...]:
    keys = graph.movable()
    if not keys:
        return ()
    features = read_features(graph)
    links = affinity(graph, features, keys, weights)
    uses = nx.compose(graph.import_uses, graph.call_uses) if limits.acyclic_calls else graph.import_uses
    uses = uses.subgraph(keys)
    lines = _lines(graph, keys)
    cap = max(1, limits.max_lines - 1 - OVERHEAD)
    parts = communities(links, limits.max_new_files)
    partition = _join_loose({u: n for n, p in enumerate(parts) for u in p}, parts, graph)
    partition = fit_budget(partition, uses, links, lines, cap, limits.max_new_files, keep_acyclic=False)
    partition = break_cycles(partition, uses, links, lines, cap)
    partition = peel(partition, uses, links, lines, cap)
    partition = fit_lines(partition, uses, links, lines, cap, limits.max_new_files)
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


def plan_source(source: str, path: str, limits: Limits, weights: Weights = Weights()) -> tuple[Group, ...]:
    return plan(read_units(source, path), limits, weights)
