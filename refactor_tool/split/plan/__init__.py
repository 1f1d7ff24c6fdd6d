"""Plan a split: which statements go to which new module, automatically or from an explicit `PlanSpec`.

`plan_modules(analysis, locations, options, spec)` -> `Placement`; code generation turns it into files.
The automatic plan groups definitions by cohesion (`cohesion`); a module's size is what
`sizes.module_bound` says of it (`pieces.Pieces.bound`), and the file budget gives way when nothing
fewer keeps every module under the limit (the split reports it as a limit not met).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from refactor_tool.split.model import Layout, PlanSpec, SplitWarning, WarningKind, listed
from refactor_tool.split.plan.cohesion import Group, plan_groups
from refactor_tool.split.plan.cycles import HotUses
from refactor_tool.split.plan.locations import Locations
from refactor_tool.split.plan.parts import link_parts
from refactor_tool.split.plan.pieces import Pieces, fixed_lines, read_pieces
from refactor_tool.split.plan.units import UnitGraph, build_units
from refactor_tool.syntax.facts.model import ModuleAnalysis, StatementKind

__all__ = ["Draft", "Placement", "fixed_lines", "plan_modules", "taken_names"]


@dataclass(frozen=True, slots=True)
class Draft:
    """A new module before code generation: its path relative to `Locations.base_dir`, its units,
    and one line saying why they belong together."""

    relpath: str
    units: tuple[int, ...]
    planned_line: int | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Placement:
    """The drafts, the units they hold, and the pieces planned (`Pieces.bound` sizes a draft)."""

    drafts: tuple[Draft, ...]
    graph: UnitGraph
    warnings: tuple[SplitWarning, ...]
    pieces: Pieces | None = None


def _drafts(groups: tuple[Group, ...], pieces: Pieces, locations: Locations) -> list[Draft]:
    return [Draft(relpath=locations.auto_relpath(group.name), reason=group.reason,
                  units=tuple(sorted(u for p in group.pieces for u in pieces.pieces[p].units)))
            for group in groups]


def taken_names(analysis: ModuleAnalysis, locations: Locations) -> set[str]:
    """Names a new module may not take: package submodules become attributes of the package, so
    they must not shadow its names."""
    if locations.layout is Layout.PACKAGE:
        return set(analysis.defined) | {locations.stem} | locations.taken_names()
    return {"__init__"} | locations.taken_names()


def plan_modules(analysis: ModuleAnalysis, locations: Locations, max_lines: int, max_new_files: int,
                 spec: PlanSpec | None = None, *, reserved: frozenset[str] = frozenset(),
                 hot_uses: HotUses | None = None, parts: Mapping[int, tuple[int, str]] | None = None,
                 keep_module_name: bool = True, hands_to_parts: bool = True) -> Placement:
    """Drafts of the new modules; `reserved` names are taken already (part modules of split classes),
    `hot_uses` says what runs while the module loads (see `cycles`), `parts` are the part modules'
    statements of split classes (see `plan.parts`); `hands_to_parts`: see `Pieces.hands_to_parts`."""
    parts = parts or {}
    # The limit is strict, as in refactor-check: a module may have at most `max_lines - 1` lines.
    cap = max_lines - 1
    graph = link_parts(build_units(analysis, cap), parts)
    pieces = replace(read_pieces(graph, analysis, hot_uses, parts, cap), hands_to_parts=hands_to_parts)
    warnings = list(_warnings(analysis, graph, pieces, max_lines, locations, keep_module_name))
    taken = taken_names(analysis, locations) | reserved
    private = locations.layout is Layout.PACKAGE
    if spec is not None and spec.modules:
        from refactor_tool.split.plan.explicit import place_explicit

        drafts = place_explicit(spec, pieces, locations, cap, taken, private=private)
        return Placement(drafts=tuple(drafts), graph=graph, warnings=tuple(warnings), pieces=pieces)
    total = len(analysis.source.splitlines())
    if total < max_lines:
        warnings.append(SplitWarning(WarningKind.NOTHING_TO_SPLIT, f"{total} lines < {max_lines}"))
        return Placement(drafts=(), graph=graph, warnings=tuple(warnings), pieces=pieces)
    groups = plan_groups(pieces, cap, max_new_files, taken=frozenset(taken), private=private)
    return Placement(drafts=tuple(_drafts(groups, pieces, locations)), graph=graph, warnings=tuple(warnings),
                     pieces=pieces)


def _warnings(analysis: ModuleAnalysis, graph: UnitGraph, pieces: Pieces, max_lines: int,
              locations: Locations, keep_module_name: bool = True):
    for piece in pieces.pieces.values():
        if piece.lines < max_lines:
            continue
        labels = [graph.label(u, analysis) for u in piece.units]
        if len(labels) == 1:
            yield SplitWarning(WarningKind.DEFINITION_OVER_LIMIT,
                               f"{labels[0]} ({piece.lines} lines) cannot get under {max_lines} lines"
                               " by moving statements",
                               piece.first_line)
        else:
            shown = listed(labels, 8)
            yield SplitWarning(WarningKind.CYCLE_OVER_LIMIT,
                               f"{shown} use each other ({piece.lines} lines together, over {max_lines}): "
                               "separated they would import each other in a cycle", piece.first_line)
    for statement in analysis.statements:
        if statement.index not in graph.moved_kinds and statement.kind is not StatementKind.MAIN_GUARD:
            continue
        where = statement.start
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
        elif pinned and statement.lambdas:
            yield SplitWarning(WarningKind.KEPT_IN_FACADE,
                               f"{listed(statement.lambdas)} is a lambda, pickled by value with its module's namespace: "
                               f"it stays in `{locations.dotted}` itself", where)
        elif statement.lambdas:
            yield SplitWarning(WarningKind.LAMBDA_MOVED,
                               f"{listed(statement.lambdas)} (a lambda) is bound among names that code everywhere needs "
                               f"while loading: keeping it in `{locations.dotted}` would keep that code too", where)
        elif statement.reads_globals:
            yield SplitWarning(WarningKind.NAMESPACE_INTROSPECTION, f"{statement.label} calls globals()/vars()",
                               where)
        if statement.kind is StatementKind.MAIN_GUARD and locations.layout is Layout.PACKAGE:
            yield SplitWarning(WarningKind.MAIN_GUARD, "`python -m` runs `__main__.py` now", where)
    for statement in analysis.statements:
        if statement.kind is StatementKind.STAR_IMPORT:
            yield SplitWarning(WarningKind.STAR_IMPORT, "star import copied into every new module",
                               statement.start)
