"""Units and the uses between them, read from `refactor_tool.syntax.facts` (its one public function).

`import_uses` links a unit to the units it needs while the module loads (base classes, decorators,
default values, module-level calls and everything those calls reach); `call_uses` to the units its
functions need only when they run (and names used in postponed annotations).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import networkx as nx

from refactor_tool.syntax.facts import analyze_module

from .model import Unit


@dataclass(frozen=True, slots=True)
class UnitGraph:
    source: str
    units: dict[int, Unit]
    import_uses: nx.DiGraph
    call_uses: nx.DiGraph
    direct_uses: nx.DiGraph  # what each unit's own code names, `eager` when it runs at import time
    statement_of_unit: dict[int, tuple[int, ...]]
    analysis: object  # refactor_tool.syntax.facts.ModuleAnalysis

    def movable(self) -> list[int]:
        return [key for key, unit in self.units.items() if not unit.pinned]


def _dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def read_units(source: str, path: str) -> UnitGraph:
    analysis = analyze_module(source, path)
    code = [s for s in analysis.statements if s.kind.name == "CODE"]
    parent = {s.index: s.index for s in code}

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    definers: dict[str, list[int]] = {}
    for statement in code:
        for name in statement.defines:
            definers.setdefault(name, []).append(statement.index)
    for same in definers.values():
        for other in same[1:]:
            union(same[0], other)
    for statement in code:
        for name in (*statement.mutates, *statement.deletes, *statement.rebinds):
            if name in definers:
                union(statement.index, definers[name][0])
    members: dict[int, list[int]] = {}
    for statement in code:
        members.setdefault(find(statement.index), []).append(statement.index)
    by_index = {s.index: s for s in analysis.statements}
    units: dict[int, Unit] = {}
    for key, indexes in members.items():
        statements = [by_index[i] for i in indexes]
        names = tuple(dict.fromkeys(n for s in statements for n in s.defines))
        kinds = {s.definition for s in statements if s.definition}
        kind = "class" if "class" in kinds else "function" if kinds else "data" if names else "code"
        units[key] = Unit(key=key, statements=tuple(indexes), names=names,
                          lines=sum(s.span for s in statements), first_line=statements[0].start, kind=kind,
                          pinned=bool(names) and all(_dunder(n) for n in names))
    unit_of = {name: find(found[0]) for name, found in definers.items()}
    import_uses, call_uses = nx.DiGraph(), nx.DiGraph()
    import_uses.add_nodes_from(units)
    call_uses.add_nodes_from(units)
    calls = {s.index: s.uses for s in code}
    direct = nx.DiGraph()
    direct.add_nodes_from(units)
    for statement in code:
        unit = find(statement.index)
        eager = set(statement.uses_import)
        if not analysis.future_annotations:
            eager |= statement.uses_annotation
        for name in statement.uses:
            target = unit_of.get(name)
            if target is not None and target != unit:
                was = direct.edges[unit, target]["eager"] if direct.has_edge(unit, target) else False
                direct.add_edge(unit, target, eager=was or name in eager)
        pending, seen = list(statement.executes), set()
        while pending:  # what runs while the module loads needs everything it calls, transitively
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            eager.add(name)
            for definer in definers.get(name, ()):
                pending.extend(calls[definer])
        for name in eager:
            target = unit_of.get(name)
            if target is not None and target != unit:
                import_uses.add_edge(unit, target)
        for name in statement.uses - eager:
            target = unit_of.get(name)
            if target is not None and target != unit:
                call_uses.add_edge(unit, target)
    call_uses.remove_edges_from([e for e in call_uses.edges if import_uses.has_edge(*e)])
    for key, unit in list(units.items()):  # metadata that moved code reads moves with it
        users = {*import_uses.predecessors(key), *call_uses.predecessors(key)}
        if unit.pinned and any(not units[u].pinned for u in users):
            units[key] = replace(unit, pinned=False)
    return UnitGraph(source=source, units=units, import_uses=import_uses, call_uses=call_uses,
                     direct_uses=direct,
                     statement_of_unit={k: u.statements for k, u in units.items()}, analysis=analysis)
