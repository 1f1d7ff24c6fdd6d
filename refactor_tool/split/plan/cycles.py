"""Break groups of definitions that use each other, when together they are over the line limit.

Inside such a group, a use may be deferred when it happens only inside a function body (call time)
of a unit that nothing runs while the module loads (see `analysis.execution`): the new module then
gets that name from the package facade once every module is loaded, instead of importing it at
the top, which would be an import cycle. Groups under the limit are left whole.
"""

from __future__ import annotations

import networkx as nx

from refactor_tool.split.plan.units import UnitGraph
from refactor_tool.syntax.facts.model import ModuleAnalysis, StatementKind


def hot_units(graph: UnitGraph, analysis: ModuleAnalysis) -> set[int]:
    """Units whose code may run while the module loads: run directly, or reachable from such code."""
    # The main guard runs after the package (and its late bindings) has loaded; TYPE_CHECKING never.
    running = [s for s in analysis.statements if s.kind not in (StatementKind.MAIN_GUARD, StatementKind.TYPE_CHECKING)]
    hot = {graph.definer[name] for s in running for name in s.executes if name in graph.definer}
    for unit in list(hot):
        hot |= nx.descendants(graph.graph, unit)
    return hot


def deferrable(graph: UnitGraph, analysis: ModuleAnalysis, hot: set[int], u: int, v: int) -> bool:
    if u in hot:
        return False
    import_time = {n for i in graph.units[u] for n in analysis.statements[i].uses_import}
    return not (graph.graph[u][v]["names"] & import_time)


def groups(graph: UnitGraph, analysis: ModuleAnalysis, movable: nx.DiGraph,
           max_lines: int | None) -> tuple[list[set[int]], set[tuple[int, int]]]:
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
        hot = hot if hot is not None else hot_units(graph, analysis)
        inner = movable.subgraph(component)
        dropped = {(u, v) for u, v in inner.edges if deferrable(graph, analysis, hot, u, v)}
        eager = nx.DiGraph()
        eager.add_nodes_from(component)
        eager.add_edges_from(e for e in inner.edges if e not in dropped)
        pieces = [set(p) for p in nx.strongly_connected_components(eager)]
        result.extend(pieces)
        piece_of = {u: n for n, p in enumerate(pieces) for u in p}
        late |= {(u, v) for u, v in dropped if piece_of[u] != piece_of[v]}
    return result, late
