"""Which uses between units may be deferred: bound by the facade once every module is loaded.

A use may be deferred when it happens only inside a function body (call time) of a unit that
nothing runs while the module loads (see `analysis.execution`): the new module then gets that name
from the package facade once every module is loaded, instead of importing it at the top. Such uses
may point to a module loaded later, so they never make an import cycle; `pieces` builds on this.
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
