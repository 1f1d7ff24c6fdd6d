"""Carry out an explicit `PlanSpec`: listed symbols go where the plan says, unlisted ones are placed.

An unlisted atom whose users all sit in one planned module joins it (a class keeps its private
helpers); the rest form automatic modules, split into those below the planned modules (they import
none) and those above (nothing planned imports them), so no import cycle can come from our choices.
A plan that names unknown symbols, separates what must stay together, or makes a cycle is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import networkx as nx

from refactor_tool.errors import PlanError
from refactor_tool.split.model import PlanSpec
from refactor_tool.split.plan.partition import Atom, order_atoms, segment
from refactor_tool.split.plan.toml_plan import symbol_line

if TYPE_CHECKING:
    from refactor_tool.split.plan import Draft
    from refactor_tool.split.plan.locations import Locations
    from refactor_tool.split.plan.units import UnitGraph
    from refactor_tool.syntax.facts.model import ModuleAnalysis


def _assign_listed(spec: PlanSpec, analysis: ModuleAnalysis, graph: UnitGraph, atom_of: dict[int, int],
                   ) -> dict[int, int]:
    where: dict[int, int] = {}
    named: dict[int, str] = {}
    imports = {n for s in analysis.statements if s.index not in graph.moved_kinds for n in s.defines}
    for number, module in enumerate(spec.modules):
        for symbol in module.symbols:
            line = symbol_line(spec, symbol) or module.line
            unit = graph.definer.get(symbol)
            if unit is None:
                why = "is an import, copied where used" if symbol in imports else \
                    f"is not defined at the top level of {analysis.path}"
                raise PlanError(f"unknown symbol {symbol!r} in plan: it {why}", path=spec.source, line=line)
            if unit in graph.pinned:
                raise PlanError(f"{symbol!r} stays in the module users import (it defines the module's own API)",
                                path=spec.source, line=line)
            atom = atom_of[unit]
            if where.get(atom, number) != number:
                raise PlanError(
                    f"{named[atom]!r} and {symbol!r} must stay in one module (they use each other or rebind "
                    f"the same names), but the plan puts them in {spec.modules[where[atom]].path!r} and "
                    f"{module.path!r}", path=spec.source, line=line)
            where[atom] = number
            named.setdefault(atom, symbol)
    return where


def _follow_users(where: dict[int, int], atoms: dict[int, Atom], deps: nx.DiGraph) -> None:
    """Unlisted atoms whose users all live in one planned module join it (users first); unused ones
    (entry points such as `build()`) join the one planned module they depend on, if there is one."""
    order = order_atoms(atoms, deps)
    for atom in reversed(order):
        if atom in where:
            continue
        homes = {where.get(user) for user in deps.predecessors(atom)}
        if len(homes) == 1 and None not in homes:
            where[atom] = homes.pop()
    for atom in order:
        if atom in where or any(True for _ in deps.predecessors(atom)):
            continue
        homes = {where.get(dep) for dep in deps.successors(atom)} - {None}
        if len(homes) == 1:
            where[atom] = homes.pop()


def place_explicit(spec: PlanSpec, analysis: ModuleAnalysis, graph: UnitGraph, atoms: dict[int, Atom],
                   deps: nx.DiGraph, atom_of: dict[int, int], locations: Locations, budget: int,
                   max_new_files: int, taken: set[str], parts: Mapping[int, tuple[int, str]] | None = None,
                   ) -> list[Draft]:
    """Drafts for `spec`; part modules of split classes go next to their class, just before it."""
    from refactor_tool.split.plan import Draft, fixed_lines, name_drafts

    part_atoms = {atom_of[i] for i in parts or {}}
    atoms = {key: atom for key, atom in atoms.items() if key not in part_atoms}
    deps = deps.subgraph(atoms)
    where = _assign_listed(spec, analysis, graph, atom_of)
    _follow_users(where, atoms, deps)
    planned = set(where)
    leftovers = [a for a in atoms if a not in planned]
    reaches_planned = {a for a in leftovers if nx.descendants(deps, a) & planned}
    reached_by_planned = set().union(*(nx.descendants(deps, a) for a in planned)) if planned else set()
    sandwiched = reaches_planned & reached_by_planned
    for atom in reversed(order_atoms(atoms, deps)):
        # Used by planned code and using planned code: it joins a module that uses it (the cycle
        # check below refuses the plan if that cannot work).
        if atom in sandwiched:
            homes = sorted(where[u] for u in deps.predecessors(atom) if u in where)
            if homes:
                where[atom] = homes[0]
    stuck = sorted(a for a in sandwiched if a not in where)
    if stuck:
        names = ", ".join(graph.label(u, analysis) for a in stuck[:5] for u in atoms[a].units[:1])
        raise PlanError(f"unlisted {names} both use and are used by planned modules; list them in the plan",
                        path=spec.source, line=spec.modules[0].line)
    planned = set(where)
    leftovers = [a for a in atoms if a not in planned]
    reaches_planned = {a for a in leftovers if nx.descendants(deps, a) & planned}
    drafts = [Draft(relpath=m.path, units=(), planned_line=m.line) for m in spec.modules]
    units_of: list[list[int]] = [[] for _ in spec.modules]
    for atom, number in where.items():
        units_of[number].extend(atoms[atom].units)
    drafts = [Draft(relpath=d.relpath, units=tuple(sorted(u)), planned_line=d.planned_line)
              for d, u in zip(drafts, units_of, strict=True)]
    # Modules load in draft order and a module defined later is bound late (used only when called), so
    # the automatic modules below the planned ones (which planned code may use while it loads) come first.
    below: list[Draft] = []
    for group, goes_below in (([a for a in leftovers if a not in reaches_planned], True),
                              ([a for a in leftovers if a in reaches_planned], False)):
        if not group:
            continue
        sub = {a: atoms[a] for a in group}
        order = order_atoms(sub, deps.subgraph(group))
        room = max(1, max_new_files - len(drafts) - len(below))
        segments = segment(order, sub, deps.subgraph(group), budget, room, fixed_lines(analysis)) or segment(
            order, sub, deps.subgraph(group), budget, len(order), fixed_lines(analysis)) or [order]
        named = name_drafts(segments, False, sub, graph, analysis, locations,
                            taken | {d.relpath for d in [*below, *drafts]})
        if goes_below:
            below += named
        else:
            drafts += named
    drafts = [*below, *drafts]
    drafts = _with_parts(drafts, parts or {}, atom_of, locations)
    _refuse_cycles(drafts, graph, analysis, spec, frozenset(parts or ()))
    return drafts


def _with_parts(drafts: list[Draft], parts: Mapping[int, tuple[int, str]], atom_of: dict[int, int],
                locations: Locations) -> list[Draft]:
    """Each part module in a draft of its own, in its class's folder, right before the class's module."""
    from refactor_tool.split.plan import Draft

    result = list(drafts)
    for part, (owner, name) in parts.items():
        home = next(n for n, d in enumerate(result) if atom_of[owner] in {atom_of[u] for u in d.units})
        folder = PurePosixPath(result[home].relpath).parent if result[home].relpath.endswith(".py") else \
            PurePosixPath(result[home].relpath.replace(".", "/")).parent
        relpath = str(folder / f"{name}.py") if str(folder) != "." else locations.auto_relpath(name)
        result.insert(home, Draft(relpath=relpath, units=(part,)))
    return result


def _refuse_cycles(drafts: list[Draft], graph: UnitGraph, analysis: ModuleAnalysis, spec: PlanSpec,
                   late: frozenset[int] = frozenset()) -> None:
    """`late`: units whose uses are all bound late (part modules of split classes), never a cycle."""
    home = {unit: number for number, d in enumerate(drafts) for unit in d.units}
    modules = nx.DiGraph()
    example: dict[tuple[int, int], tuple[str, str]] = {}
    for u, v, data in graph.graph.edges(data=True):
        if u in home and v in home and home[u] != home[v] and u not in late:
            modules.add_edge(home[u], home[v])
            example.setdefault((home[u], home[v]), (graph.label(u, analysis), sorted(data["names"])[0]))
    try:
        cycle = nx.find_cycle(modules)
    except nx.NetworkXNoCycle:
        return
    steps = [f"{drafts[a].relpath} ({example[(a, b)][0]} uses {example[(a, b)][1]})" for a, b in cycle]
    raise PlanError("plan creates an import cycle: " + " -> ".join(steps), path=spec.source,
                    line=drafts[cycle[0][0]].planned_line)
