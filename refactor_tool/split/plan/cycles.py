"""Break groups of definitions that use each other, when together they are over the line limit.

Inside such a group, a use may be deferred when it happens only inside a function body (call time)
of a unit that nothing runs while the module loads (see `analysis.execution`): the new module then
gets that name from the package facade once every module is loaded, instead of importing it at
the top, which would be an import cycle. Groups under the limit are left whole.

`hot_uses` narrows what may run for some statements: a class runs its body and the methods that run
at import time (`classes.import_time`), not every method, so only those names make others hot.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from refactor_tool.split.plan.parts import LINK
from refactor_tool.split.plan.units import UnitGraph
from refactor_tool.syntax.facts.model import ModuleAnalysis, StatementKind

#: Statement index -> the names its code may use while the module loads (absent: all it uses).
HotUses = Mapping[int, frozenset[str]]


def _running_names(graph: UnitGraph, unit: int, hot_uses: HotUses | None) -> frozenset[str] | None:
    """What a unit may use while the module loads, or None when that is everything it uses."""
    if not hot_uses or any(i not in hot_uses for i in graph.units[unit]):
        return None
    return frozenset().union(*(hot_uses[i] for i in graph.units[unit]))


def hot_units(graph: UnitGraph, analysis: ModuleAnalysis, hot_uses: HotUses | None = None) -> set[int]:
    """Units whose code may run while the module loads: run directly, or reachable from such code."""
    # The main guard runs after the package (and its late bindings) has loaded; TYPE_CHECKING never.
    running = [s for s in analysis.statements if s.kind not in (StatementKind.MAIN_GUARD, StatementKind.TYPE_CHECKING)]
    hot = {graph.definer[name] for s in running for name in s.executes if name in graph.definer}
    todo = list(hot)
    while todo:
        unit = todo.pop()
        names = _running_names(graph, unit, hot_uses)
        for used in graph.graph.successors(unit):
            if used not in hot and (names is None or graph.graph[unit][used]["names"] & names):
                hot.add(used)
                todo.append(used)
    return hot


def deferrable(graph: UnitGraph, analysis: ModuleAnalysis, hot: set[int], u: int, v: int,
               hot_uses: HotUses | None = None) -> bool:
    if LINK in graph.graph[u][v]["names"]:
        return False  # a class imports its part module while its body runs
    if u in hot:
        names = _running_names(graph, u, hot_uses)
        if names is None or graph.graph[u][v]["names"] & names:
            return False
    import_time = {n for i in graph.units[u] for n in analysis.statements[i].uses_import}
    return not (graph.graph[u][v]["names"] & import_time)


def groups(graph: UnitGraph, analysis: ModuleAnalysis, movable: nx.DiGraph,
           max_lines: int | None, hot_uses: HotUses | None = None) -> tuple[list[set[int]], set[tuple[int, int]]]:
    """Strongly connected groups of units, with oversized ones refined; and the deferred edges."""
    components = [set(c) for c in nx.strongly_connected_components(movable)]
    if max_lines is None:
        return components, set()
    hot: set[int] | None = None
    result: list[set[int]] = []
    late: set[tuple[int, int]] = set()
    for component in components:
        if len(component) < 2 or sum(graph.lines[u] for u in component) <= max_lines:
            result.append(component)
            continue
        hot = hot if hot is not None else hot_units(graph, analysis, hot_uses)
        inner = movable.subgraph(component)
        dropped = {(u, v) for u, v in inner.edges if deferrable(graph, analysis, hot, u, v, hot_uses)}
        eager = nx.DiGraph()
        eager.add_nodes_from(component)
        eager.add_edges_from(e for e in inner.edges if e not in dropped)
        pieces = [set(p) for p in nx.strongly_connected_components(eager)]
        result.extend(pieces)
        piece_of = {u: n for n, p in enumerate(pieces) for u in p}
        late |= {(u, v) for u, v in dropped if piece_of[u] != piece_of[v]}
    return result, late
