"""Carry out an explicit `PlanSpec`: listed symbols go where the plan says, unlisted ones are placed.

An unlisted piece whose users all sit in one planned module joins it (a class keeps its private
helpers); the rest are planned by cohesion, apart from the planned modules: those below them (they
need none of them while loading) and those above (nothing planned needs them while loading), so no
import cycle can come from our choices. Planned modules may use each other when called, as the
automatic plan's modules do (the later module's names are bound late); a plan is refused when it
names unknown symbols, separates what must stay together, or makes modules need each other while
they load. The drafts come in load order: the plan's order where the uses allow it. Each part
module of a split class is a draft of its own in its class's folder, loaded before the class.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import networkx as nx

from refactor_tool.errors import PlanError
from refactor_tool.split.model import PlanSpec
from refactor_tool.split.plan.cohesion import plan_groups
from refactor_tool.split.plan.pieces import REGISTERS_AFTER
from refactor_tool.split.plan.toml_plan import symbol_line

if TYPE_CHECKING:
    from refactor_tool.split.plan import Draft
    from refactor_tool.split.plan.locations import Locations
    from refactor_tool.split.plan.pieces import Pieces


def _assign_listed(spec: PlanSpec, pieces: Pieces) -> dict[int, int]:
    graph, analysis = pieces.graph, pieces.analysis
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
            piece = pieces.piece_of[unit]
            if where.get(piece, number) != number:
                raise PlanError(
                    f"{named[piece]!r} and {symbol!r} must stay in one module (they need each other while the "
                    f"module loads, or rebind the same names), but the plan puts them in "
                    f"{spec.modules[where[piece]].path!r} and {module.path!r}", path=spec.source, line=line)
            where[piece] = number
            named.setdefault(piece, symbol)
    return where


def _follow_users(where: dict[int, int], pieces: Pieces) -> None:
    """Unlisted pieces whose users all live in one planned module join it (a group of pieces that
    use each other moves as one); unused ones (entry points such as `build()`) join the one planned
    module they depend on, if there is one. Statements that bind no name, which no plan can list,
    go where the automatic plan puts them (see `_join_most_used`)."""
    uses = pieces.uses()
    condensed = nx.condensation(uses)
    members = {node: condensed.nodes[node]["members"] for node in condensed}
    changed = True
    while changed:
        changed = False
        for node in nx.topological_sort(condensed):  # users first
            group = members[node]
            if any(p in where for p in group):
                continue
            users = {u for p in group for u in uses.predecessors(p)} - group
            homes = {where.get(u) for u in users}
            if len(homes) == 1 and None not in homes:
                where.update(dict.fromkeys(group, homes.pop()))
                changed = True
    previous = None
    for key in pieces.in_source_order():
        if key in where or any(True for _ in uses.predecessors(key)):
            previous = key if key in where else previous
            continue
        homes = {where.get(dep) for dep in uses.successors(key)} - {None}
        if len(homes) == 1:
            where[key] = homes.pop()
        elif homes and not pieces.pieces[key].names:
            _join_most_used(key, where, pieces)
        elif not pieces.pieces[key].names and not any(True for _ in uses.successors(key)) and previous is not None:
            where[key] = where[previous]  # a bare string between definitions stays after what it follows
        previous = key if key in where else previous


def _join_most_used(key: int, where: dict[int, int], pieces: Pieces) -> None:
    """A statement that binds no name (`Base.register(Impl)`), which no plan can list, joins the
    planned module it uses most names of (ties: the later in the plan) that does not make modules
    need each other while loading, as the automatic plan would have placed it: a written plan
    (`plan --write-plan`) then gives back the modules it was written from, not one more."""
    uses, hard = pieces.uses(), pieces.hard
    counts: dict[int, int] = {}
    for dep in uses.successors(key):
        if dep in where:
            counts[where[dep]] = counts.get(where[dep], 0) + (len(uses[key][dep].get("names", ())) or 1)
    loads = nx.DiGraph((where[u], where[v]) for u, v in hard.edges
                       if u in where and v in where and where[u] != where[v])
    needed = {where[d] for d in hard.successors(key) if d in where}

    def cycles(module: int) -> bool:
        return any(d != module and d in loads and module in loads and nx.has_path(loads, d, module) for d in needed)

    for module in sorted(counts, key=lambda m: (-counts[m], -m)):
        if not cycles(module):
            where[key] = module
            return


def _join_sandwiched(where: dict[int, int], pieces: Pieces, spec: PlanSpec) -> None:
    """Unlisted pieces that use planned code and are used by it join a module that uses them (one
    that needs them while loading, if any): a module of their own would sit between planned modules.
    Those needed while loading that need planned code while loading and have no planned user are
    refused; the cycle check refuses the plan if joining cannot work."""
    uses, hard = pieces.uses(), pieces.hard
    planned = set(where)
    leftovers = [p for p in pieces.in_source_order() if p not in planned]

    def between(graph: nx.DiGraph) -> set[int]:
        reaches = {p for p in leftovers if nx.descendants(graph, p) & planned}
        reached = set().union(*(nx.descendants(graph, p) for p in planned)) if planned else set()
        return reaches & reached

    sandwiched = between(uses)
    condensed = nx.condensation(uses)
    for node in nx.topological_sort(condensed):  # users first
        for piece in sorted(condensed.nodes[node]["members"] & sandwiched):
            users = sorted(uses.predecessors(piece), key=lambda u: (not hard.has_edge(u, piece), u))
            homes = [where[u] for u in users if u in where]
            if homes:
                where[piece] = homes[0]
    stuck = sorted(p for p in between(hard) if p not in where)
    if stuck:
        names = ", ".join(pieces.label(p) for p in stuck[:5])
        raise PlanError(f"unlisted {names} both use and are used by planned modules while they load; list "
                        "them in the plan", path=spec.source, line=spec.modules[0].line)


def load_order(drafts: list[Draft], pieces: Pieces) -> list[Draft]:
    """`drafts` after every draft they need while loading; otherwise in the order given."""
    home = {unit: number for number, d in enumerate(drafts) for unit in d.units}
    needs = nx.DiGraph()
    needs.add_nodes_from(range(len(drafts)))
    for u, v in pieces.hard.edges:
        a, b = home.get(pieces.pieces[u].units[0]), home.get(pieces.pieces[v].units[0])
        if a is not None and b is not None and a != b:
            needs.add_edge(b, a)
    return [drafts[n] for n in nx.lexicographical_topological_sort(needs)]


def place_explicit(spec: PlanSpec, pieces: Pieces, locations: Locations, cap: int,
                   taken: set[str], private: bool) -> list[Draft]:
    """Drafts for `spec`, in load order; `cap`: the most lines a module may take as written."""
    from refactor_tool.split.plan import Draft

    whole = pieces
    pieces = pieces.without_parts() if pieces.parts() else pieces
    where = _assign_listed(spec, pieces)
    _follow_users(where, pieces)
    _join_sandwiched(where, pieces, spec)
    planned = set(where)
    leftovers = [p for p in pieces.in_source_order() if p not in planned]
    reaches_planned = {p for p in leftovers if nx.descendants(pieces.hard, p) & planned}
    units_of: list[list[int]] = [[] for _ in spec.modules]
    for piece, number in where.items():
        units_of[number].extend(pieces.pieces[piece].units)
    source = spec.source or "the plan"
    drafts = [Draft(relpath=m.path, units=tuple(sorted(u)), planned_line=m.line, reason=f"as {source} says")
              for m, u in zip(spec.modules, units_of, strict=True)]
    taken = taken | {d.relpath.rpartition("/")[2].removesuffix(".py") for d in drafts}
    for group in ([p for p in leftovers if p not in reaches_planned], [p for p in leftovers if p in reaches_planned]):
        if not group:
            continue
        # The plan's author chose the modules; what they left unlisted takes as few new files as fit
        # under the limit (a roadmap's new-file budget counts them too), not a plan of its own.
        for found in plan_groups(pieces.restrict(group), cap, 1, taken=frozenset(taken), private=private):
            taken.add(found.name)
            units = tuple(sorted(u for p in found.pieces for u in pieces.pieces[p].units))
            drafts.append(Draft(relpath=locations.auto_relpath(found.name), units=units, reason=found.reason))
    drafts = _with_parts(drafts, whole, locations)
    _refuse_cycles(drafts, whole, spec)
    return load_order(drafts, whole)


def _with_parts(drafts: list[Draft], pieces: Pieces, locations: Locations) -> list[Draft]:
    """Each part module in a draft of its own, in its class's folder, right before the class's module."""
    from refactor_tool.split.plan import Draft

    result = list(drafts)
    for part, owner in sorted(pieces.parts().items()):
        # A class that stays in the facade: its part goes first, the facade loads every module.
        unit = pieces.pieces[owner].units[0] if owner is not None else None
        home = next((n for n, d in enumerate(result) if unit in d.units), 0)
        relpath = result[home].relpath if result else ""
        folder = PurePosixPath(relpath).parent if relpath.endswith(".py") else \
            PurePosixPath(relpath.replace(".", "/")).parent
        name = pieces.pieces[part].part or ""
        path = str(folder / f"{name}.py") if str(folder) != "." else locations.auto_relpath(name)
        result.insert(home, Draft(relpath=path, units=pieces.pieces[part].units,
                                  reason="methods moved out of their class's body"))
    return result


def _refuse_cycles(drafts: list[Draft], pieces: Pieces, spec: PlanSpec) -> None:
    """Modules may use each other when called, never while they load."""
    home = {unit: number for number, d in enumerate(drafts) for unit in d.units}
    modules = nx.DiGraph()
    example: dict[tuple[int, int], tuple[str, str]] = {}
    for u, v, data in pieces.hard.edges(data=True):
        a, b = home[pieces.pieces[u].units[0]], home[pieces.pieces[v].units[0]]
        if a != b:
            modules.add_edge(a, b)
            how = (f"registers the key of {pieces.label(v)} after it" if data["names"] == {REGISTERS_AFTER}
                   else f"uses {sorted(data['names'])[0]} while loading")
            example.setdefault((a, b), (pieces.label(u), how))
    try:
        cycle = nx.find_cycle(modules)
    except nx.NetworkXNoCycle:
        return
    steps = [f"{drafts[a].relpath} ({example[(a, b)][0]} {example[(a, b)][1]})" for a, b in cycle]
    raise PlanError("plan creates an import cycle: " + " -> ".join(steps), path=spec.source,
                    line=drafts[cycle[0][0]].planned_line)
