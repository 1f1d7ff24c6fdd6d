"""Plan a split: which statements go to which new module, automatically or from an explicit `PlanSpec`.

`plan_modules(analysis, locations, options, spec)` -> `Placement`; code generation turns it into files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from refactor_tool.split.model import Layout, PlanSpec, SplitWarning, WarningKind
from refactor_tool.split.plan import naming
from refactor_tool.split.plan.cycles import HotUses, groups
from refactor_tool.split.plan.locations import Locations
from refactor_tool.split.plan.partition import (
    Atom,
    merge_tiny,
    order_atoms,
    segment,
    with_common_module,
)
from refactor_tool.split.plan.parts import link_parts, part_module
from refactor_tool.split.plan.units import UnitGraph, build_units, name_setters
from refactor_tool.syntax.facts.model import ModuleAnalysis, StatementKind

__all__ = ["Draft", "Placement", "atoms_of", "plan_modules", "taken_names"]


@dataclass(frozen=True, slots=True)
class Draft:
    """A new module before code generation: its path relative to `Locations.base_dir` and its units."""

    relpath: str
    units: tuple[int, ...]
    planned_line: int | None = None


@dataclass(frozen=True, slots=True)
class Placement:
    drafts: tuple[Draft, ...]
    graph: UnitGraph
    warnings: tuple[SplitWarning, ...]


def atoms_of(graph: UnitGraph, analysis: ModuleAnalysis, max_lines: int | None = None,
             hot_uses: HotUses | None = None, parts: Mapping[int, tuple[int, str]] | None = None,
             ) -> tuple[dict[int, Atom], nx.DiGraph, dict[int, int]]:
    """Strongly connected groups of movable units (those over `max_lines` refined, see `cycles`),
    the use graph between them (deferred uses left out), and unit -> atom.

    What part modules of split classes use only when called is always bound late (`plan.parts`).
    """
    movable = graph.graph.subgraph(graph.movable())
    always_late = {(u, v) for u, v in movable.edges if u in (parts or {})
                   and not graph.graph[u][v]["names"] & analysis.statements[u].uses_import}
    eager = nx.restricted_view(movable, [], list(always_late)) if always_late else movable
    components, late = groups(graph, analysis, eager, max_lines, hot_uses)
    late |= always_late
    atoms: dict[int, Atom] = {}
    atom_of: dict[int, int] = {}
    import_of = {
        name: s.index for s in analysis.statements if s.kind is StatementKind.IMPORT
        and s.index not in graph.moved_kinds for name in s.defines
    }
    piece_of = {unit: min(members) for members in components for unit in members}
    for members in components:
        units = tuple(sorted(members))
        used = {import_of[n] for u in units for i in graph.units[u] for n in analysis.statements[i].uses
                if n in import_of}
        names = [n for u in units for i in graph.units[u] for n in analysis.statements[i].defines]
        deferred = [(v, graph.graph[u][v]["names"]) for u, v in late if u in members]
        atoms[units[0]] = Atom(key=units[0], units=units, lines=sum(graph.lines[u] for u in units),
                               imports=frozenset(used), private=bool(names) and all(n.startswith("_") for n in names),
                               late=frozenset().union(*(n for _, n in deferred)),
                               late_sources=frozenset(piece_of.get(v, v) for v, _ in deferred),
                               reads_file=any(analysis.statements[i].reads_file for u in units for i in graph.units[u]))
        for unit in units:
            atom_of[unit] = units[0]
    deps = nx.DiGraph()
    deps.add_nodes_from(atoms)
    for part in parts or {}:
        deps.nodes[atom_of[part]]["part"] = True  # see `plan.parts.apart`
    for u, v in movable.edges:
        if atom_of[u] != atom_of[v] and (u, v) not in late:
            names = graph.graph[u][v]["names"]
            if deps.has_edge(atom_of[u], atom_of[v]):
                deps[atom_of[u]][atom_of[v]]["names"] = deps[atom_of[u]][atom_of[v]]["names"] | names
            else:
                deps.add_edge(atom_of[u], atom_of[v], names=frozenset(names))
    return atoms, deps, atom_of


def _classes_and_functions(units: list[int], graph: UnitGraph, analysis: ModuleAnalysis):
    classes, functions = [], []
    for unit in units:
        for index in graph.units[unit]:
            statement = analysis.statements[index]
            if statement.definition == "class":
                classes.append((statement.defines[0], statement.span))
            elif statement.definition == "function":
                functions.append((statement.defines[0], statement.span))
    return classes, functions


def name_drafts(segments: list[list[int]], common: bool, atoms: dict[int, Atom], graph: UnitGraph,
                analysis: ModuleAnalysis, locations: Locations, taken: set[str],
                parts: Mapping[int, tuple[int, str]] | None = None) -> list[Draft]:
    """A module name for each segment; one holding a class's part module takes the part's name."""
    private = locations.layout is Layout.PACKAGE
    drafts = []
    for number, seg in enumerate(segments):
        units = sorted(u for a in seg for u in atoms[a].units)
        name = part_module(units, graph, parts or {})
        if name is None:
            base = "common" if common and number == 0 else naming.propose(
                *_classes_and_functions(units, graph, analysis))
            name = naming.unique(base, taken, private)
        taken.add(name)
        drafts.append(Draft(relpath=locations.auto_relpath(name), units=tuple(units)))
    return drafts


def taken_names(analysis: ModuleAnalysis, locations: Locations) -> set[str]:
    """Names a new module may not take: package submodules become attributes of the package, so
    they must not shadow its names."""
    if locations.layout is Layout.PACKAGE:
        return set(analysis.defined) | {locations.stem} | locations.taken_names()
    return {"__init__"} | locations.taken_names()


def plan_modules(analysis: ModuleAnalysis, locations: Locations, max_lines: int, max_new_files: int,
                 spec: PlanSpec | None = None, budget: int | None = None, *,
                 reserved: frozenset[str] = frozenset(), hot_uses: HotUses | None = None,
                 parts: Mapping[int, tuple[int, str]] | None = None, keep_module_name: bool = True) -> Placement:
    """Drafts of the new modules; `reserved` names are taken already (part modules of split classes),
    `hot_uses` says what runs while the module loads (see `cycles`), `parts` are the part modules'
    statements of split classes (see `plan.parts`)."""
    parts = parts or {}
    graph = link_parts(build_units(analysis), parts)
    # The limit is strict, as in refactor-check: a module may have at most `max_lines - 1` lines.
    cap = max_lines - 1
    atoms, deps, atom_of = atoms_of(graph, analysis, None if spec is not None and spec.modules else cap,
                                    hot_uses, parts)
    warnings = list(_warnings(analysis, graph, atoms, max_lines, locations, keep_module_name))
    budget = budget or cap
    taken = taken_names(analysis, locations) | reserved
    if spec is not None and spec.modules:
        from refactor_tool.split.plan.explicit import place_explicit

        drafts = place_explicit(spec, analysis, graph, atoms, deps, atom_of, locations, budget,
                                max_new_files, taken, parts)
        return Placement(drafts=tuple(drafts), graph=graph, warnings=tuple(warnings))
    total = len(analysis.source.splitlines())
    if total < max_lines and budget == cap:
        warnings.append(SplitWarning(WarningKind.NOTHING_TO_SPLIT, f"{total} lines < {max_lines}"))
        return Placement(drafts=(), graph=graph, warnings=tuple(warnings))
    fixed = fixed_lines(analysis)
    order = order_atoms(atoms, deps)
    # More files than `max_new_files` when nothing fewer keeps every module under the limit: the split
    # then reports the file count as a limit it does not meet.
    segments = segment(order, atoms, deps, budget, max_new_files, fixed) or segment(
        order, atoms, deps, budget, len(order), fixed) or [order]
    segments, common = with_common_module(segments, order, atoms, deps, budget, max(max_new_files, len(segments)),
                                          fixed)
    if common:
        segments = [segments[0], *merge_tiny(segments[1:], atoms, budget, deps, fixed)]
    else:
        segments = merge_tiny(segments, atoms, budget, deps, fixed)
    drafts = name_drafts(segments, common, atoms, graph, analysis, locations, taken, parts)
    return Placement(drafts=tuple(drafts), graph=graph, warnings=tuple(warnings))


def fixed_lines(analysis: ModuleAnalysis) -> int:
    """Lines every new module repeats: `from __future__` and star imports, the module's name setters."""
    setters = set(name_setters(analysis))
    return sum(s.span for s in analysis.statements
               if s.kind in (StatementKind.FUTURE, StatementKind.STAR_IMPORT) or s.index in setters)


def _served_live(analysis: ModuleAnalysis, name: str) -> bool:
    """Mirrors `codegen.facade.live_globals`: such names are forwarded, never stale."""
    return name.startswith("_") or analysis.all_names is not None


def _warnings(analysis: ModuleAnalysis, graph: UnitGraph, atoms: dict[int, Atom], max_lines: int,
              locations: Locations, keep_module_name: bool = True):
    for atom in atoms.values():
        if atom.lines < max_lines:
            continue
        labels = [graph.label(u, analysis) for u in atom.units]
        if len(labels) == 1:
            yield SplitWarning(WarningKind.DEFINITION_OVER_LIMIT,
                               f"{labels[0]} ({atom.lines} lines) cannot get under {max_lines} lines"
                               " by moving statements",
                               analysis.statements[atom.key].start)
        else:
            shown = ", ".join(labels[:8]) + (f" and {len(labels) - 8} more" if len(labels) > 8 else "")
            yield SplitWarning(WarningKind.CYCLE_OVER_LIMIT,
                               f"{shown} use each other ({atom.lines} lines together, over {max_lines}): "
                               "separated they would import each other in a cycle", analysis.statements[atom.key].start)
    for statement in analysis.statements:
        if statement.index not in graph.moved_kinds and statement.kind is not StatementKind.MAIN_GUARD:
            continue
        where = statement.start
        if statement.rebinds:
            for name in sorted(statement.rebinds):
                if name in analysis.defined and not _served_live(analysis, name):
                    yield SplitWarning(WarningKind.STALE_REEXPORT,
                                       f"{statement.label} rebinds global {name}; `{locations.dotted}.{name}`"
                                       " re-exported from the new module keeps the old value", where)
        if statement.reads_file:
            yield SplitWarning(WarningKind.FILE_REWRITTEN, f"{statement.label} reads __file__", where)
        if statement.reads_name and not keep_module_name:
            yield SplitWarning(WarningKind.MODULE_NAME_CHANGED,
                               f"{statement.label} reads __name__ (without --new-module-names it would read "
                               f"{locations.dotted!r})", where)
        pinned = any(statement.index in graph.units[u] for u in graph.pinned)
        if pinned and (statement.reads_globals or statement.hands_out_module):
            yield SplitWarning(WarningKind.KEPT_IN_FACADE,
                               f"{statement.label} reads or hands out its module's namespace: it stays in "
                               f"`{locations.dotted}` itself", where)
        elif statement.reads_globals:
            yield SplitWarning(WarningKind.NAMESPACE_INTROSPECTION, f"{statement.label} calls globals()/vars()",
                               where)
        if statement.kind is StatementKind.MAIN_GUARD and locations.layout is Layout.PACKAGE:
            yield SplitWarning(WarningKind.MAIN_GUARD, "`python -m` runs `__main__.py` now", where)
    for statement in analysis.statements:
        if statement.kind is StatementKind.STAR_IMPORT:
            yield SplitWarning(WarningKind.STAR_IMPORT, "star import copied into every new module",
                               statement.start)
