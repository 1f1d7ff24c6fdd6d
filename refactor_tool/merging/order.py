"""Put definitions before their uses at import time: whole modules in dependency order when possible.

Modules are ordered as units (a networkx DAG sorted with the given order as tie-break); only when the
modules depend on each other both ways at import time do we interleave single statements, and a true
cycle between statements is refused with the names involved.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import networkx as nx

from refactor_tool.errors import PlanError
from refactor_tool.merging.parts import BodyStatement

#: (module index, statement index): one top-level statement of one input module.
Position = tuple[int, int]


def _needs(statement: BodyStatement, by_name: Mapping[str, Sequence[BodyStatement]], *,
           follow: bool = True) -> set[str]:
    """Names the statement needs at import time, following functions it calls while importing (with
    `follow`; a class it instantiates counts as calling every method, which may see a cycle where
    the methods that actually run see none)."""
    needed = set(statement.facts.uses_import)
    pending = [n for n in statement.facts.executes if n in by_name] if follow else []
    followed: set[str] = set()
    while pending:
        name = pending.pop()
        if name in followed:
            continue
        followed.add(name)
        for definition in by_name[name]:
            needed |= definition.facts.uses_when_called
            pending.extend(n for n in definition.facts.uses_when_called if n in by_name)
    return needed


def merge_order(bodies: Sequence[Sequence[BodyStatement]], *, follow: bool = True,
                ) -> tuple[tuple[Position, ...], ...]:
    """Runs of statements to emit in order; one run per module unless modules must interleave.

    When following calls made while importing finds a cycle between statements, what each statement
    reads itself while the module runs decides (the order the split's modules loaded in meets it).
    """
    definer: dict[str, int] = {}
    by_name: dict[str, list[BodyStatement]] = {}
    positions: dict[str, list[Position]] = {}
    for index, body in enumerate(bodies):
        for number, statement in enumerate(body):
            for name in statement.facts.binds:
                definer.setdefault(name, index)
                by_name.setdefault(name, []).append(statement)
                positions.setdefault(name, []).append((index, number))
    needs = [[_needs(s, by_name, follow=follow) & definer.keys() for s in body] for body in bodies]
    for index, body in enumerate(bodies):
        # `__all__.extend(n for n in dir() ...)` saw what preceded it: every other module goes first.
        for number, statement in enumerate(body):
            if statement.facts.introspects:
                needs[index][number] |= {n for n, i in definer.items() if i != index}
    modules = nx.DiGraph()
    modules.add_nodes_from(range(len(bodies)))
    for index, body_needs in enumerate(needs):
        for names in body_needs:
            modules.add_edges_from((definer[n], index) for n in names if definer[n] != index)
    if nx.is_directed_acyclic_graph(modules):
        order = nx.lexicographical_topological_sort(modules)
        return tuple(tuple((i, n) for n in range(len(bodies[i]))) for i in order if bodies[i])
    try:
        return _interleaved(bodies, needs, positions)
    except PlanError:
        if not follow:
            raise
        return merge_order(bodies, follow=False)


def _interleaved(
    bodies: Sequence[Sequence[BodyStatement]],
    needs: Sequence[Sequence[set[str]]],
    positions: Mapping[str, Sequence[Position]],
) -> tuple[tuple[Position, ...], ...]:
    graph = nx.DiGraph()
    for index, body in enumerate(bodies):
        nodes = [(index, n) for n in range(len(body))]
        graph.add_nodes_from(nodes)
        graph.add_edges_from(itertools.pairwise(nodes))
        for number, names in enumerate(needs[index]):
            for name in names:
                graph.add_edges_from((p, (index, number)) for p in positions[name] if p[0] != index)
    try:
        flat = list(nx.lexicographical_topological_sort(graph))
    except nx.NetworkXUnfeasible:
        cycle = nx.find_cycle(graph)
        names = sorted({n for edge in cycle for n in bodies[edge[0][0]][edge[0][1]].facts.binds})
        raise PlanError(
            f"the modules need each other's names at import time in a cycle: {', '.join(names)}"
        ) from None
    runs: list[list[Position]] = []
    for position in flat:
        if runs and runs[-1][-1][0] == position[0]:
            runs[-1].append(position)
        else:
            runs.append([position])
    return tuple(tuple(run) for run in runs)
