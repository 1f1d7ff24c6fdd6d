"""Which uses between units may be deferred: bound by the facade once every module is loaded.

A use may be deferred when it happens only inside a function body (call time) of a unit that
nothing runs while the module loads (see `analysis.execution`): the new module then gets that name
from the package facade once every module is loaded, instead of importing it at the top. Such uses
may point to a module loaded later, so they never make an import cycle; `pieces` builds on this.

`hot_uses` narrows what may run for some statements: a class runs its body and the methods that run
at import time (`classes.import_time`), not every method, so only those names make others hot.

A name that code run while loading would read only when called may also be deferred when the
module binds it after every statement that may run that code (`LoadOrder`): no call made while
the module loads can find it in the original either (attrs' `attrib`, run by `class _AndValidator`'s
body, calls `and_` for a list of validators; `and_` is defined after `_AndValidator`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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


def trigger_lines(graph: UnitGraph, analysis: ModuleAnalysis, hot_uses: HotUses | None = None) -> dict[int, int]:
    """Units whose code may run while the module loads (run directly, or reachable from such code),
    each with the line of the last top-level statement that may run it."""
    # The main guard runs after the package (and its late bindings) has loaded; TYPE_CHECKING never.
    running = [s for s in analysis.statements if s.kind not in (StatementKind.MAIN_GUARD, StatementKind.TYPE_CHECKING)]
    roots = sorted({(s.start, graph.definer[name]) for s in running for name in s.executes if name in graph.definer},
                   reverse=True)
    last: dict[int, int] = {}
    for line, root in roots:  # latest first: the first to reach a unit is its last trigger
        if root in last:
            continue
        last[root] = line
        todo = [root]
        while todo:
            unit = todo.pop()
            names = _running_names(graph, unit, hot_uses)
            for used in graph.graph.successors(unit):
                if used not in last and (names is None or graph.graph[unit][used]["names"] & names):
                    last[used] = line
                    todo.append(used)
    return last


#: A statement that may run a unit while the module loads: its line and its unit (None outside units).
Trigger = tuple[int, int | None]


def triggers(graph: UnitGraph, analysis: ModuleAnalysis, hot_uses: HotUses | None = None
             ) -> dict[int, frozenset[Trigger]]:
    """For each unit whose code may run while the module loads (those of `trigger_lines`), every
    top-level statement that may run it, directly or through code it runs."""
    unit_of = {i: unit for unit, members in graph.units.items() for i in members}
    reach: dict[int, set[int]] = {}

    def reached(root: int) -> set[int]:
        if root not in reach:
            found, todo = {root}, [root]
            while todo:
                unit = todo.pop()
                names = _running_names(graph, unit, hot_uses)
                for used in graph.graph.successors(unit):
                    if used not in found and (names is None or graph.graph[unit][used]["names"] & names):
                        found.add(used)
                        todo.append(used)
            reach[root] = found
        return reach[root]

    found: dict[int, set[Trigger]] = {}
    for s in analysis.statements:
        if s.kind in (StatementKind.MAIN_GUARD, StatementKind.TYPE_CHECKING):
            continue
        for name in s.executes:
            for unit in reached(graph.definer[name]) if name in graph.definer else ():
                found.setdefault(unit, set()).add((s.start, unit_of.get(s.index)))
    return {unit: frozenset(ts) for unit, ts in found.items()}


def hot_units(graph: UnitGraph, analysis: ModuleAnalysis, hot_uses: HotUses | None = None) -> set[int]:
    """Units whose code may run while the module loads: run directly, or reachable from such code."""
    return set(trigger_lines(graph, analysis, hot_uses))


@dataclass(frozen=True, slots=True)
class LoadOrder:
    """When code run while the module loads may run (`trigger_lines`) and where each name is first
    bound; None for names the order says nothing about (rebound with `global`, or a module whose
    code reads or hands out its namespace, which may bind any name at any time)."""

    last_trigger: Mapping[int, int]
    first_bound: Mapping[str, int] | None

    def unbound_when_run(self, unit: int, name: str) -> bool:
        """Whether `name` is bound only after every statement that may run `unit`'s code."""
        first = self.first_bound.get(name) if self.first_bound is not None else None
        return first is not None and unit in self.last_trigger and self.last_trigger[unit] < first


def load_order(graph: UnitGraph, analysis: ModuleAnalysis, hot_uses: HotUses | None = None) -> LoadOrder:
    statements = analysis.statements
    if any(s.reads_globals or s.hands_out_module for s in statements):
        return LoadOrder(trigger_lines(graph, analysis, hot_uses), None)
    rebound = {n for s in statements for n in s.rebinds}
    first = {name: min(statements[i].start for i in binders) for name, binders in analysis.defined.items()
             if name not in rebound}
    return LoadOrder(trigger_lines(graph, analysis, hot_uses), first)


def deferrable(graph: UnitGraph, analysis: ModuleAnalysis, hot: set[int], u: int, v: int,
               hot_uses: HotUses | None = None, order: LoadOrder | None = None) -> bool:
    if LINK in graph.graph[u][v]["names"]:
        return False  # a class imports its part module while its body runs
    if u in hot:
        names = _running_names(graph, u, hot_uses)
        running = graph.graph[u][v]["names"] if names is None else graph.graph[u][v]["names"] & names
        if any(order is None or not order.unbound_when_run(u, n) for n in running):
            return False
    import_time = {n for i in graph.units[u] for n in analysis.statements[i].uses_import}
    return not (graph.graph[u][v]["names"] & import_time)

