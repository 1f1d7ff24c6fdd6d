"""Which uses between units may be deferred: bound by the facade once every module is loaded.

A use may be deferred when it happens only inside a function body (call time) of a unit that
nothing runs while the module loads (see `analysis.execution`): the new module then gets that name
from the package facade once every module is loaded, instead of importing it at the top. Such uses
may point to a module loaded later, so they never make an import cycle; `pieces` builds on this.

`hot_uses` narrows what may run for some statements: a class runs its body and the methods that run
at import time (`classes.import_time`), not every method, so only those names make others hot.
"""

from __future__ import annotations

from collections.abc import Mapping

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

