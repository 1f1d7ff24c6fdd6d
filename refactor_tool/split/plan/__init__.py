"""Plan a split: which statements go to which new module, automatically or from an explicit `PlanSpec`.

`plan_modules(analysis, locations, options, spec)` -> `Placement`; code generation turns it into files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from refactor_tool.errors import PlanError
from refactor_tool.split.model import Layout, PlanSpec, SplitWarning, WarningKind
from refactor_tool.split.plan.cohesion import Group, plan_groups
from refactor_tool.split.plan.locations import Locations
from refactor_tool.split.plan.pieces import Pieces, read_pieces
from refactor_tool.split.plan.units import UnitGraph, build_units
from refactor_tool.syntax.facts.model import ModuleAnalysis, StatementKind

__all__ = ["Draft", "Placement", "plan_modules"]

#: Lines a new module takes besides its statements (docstring, imports), before sizes are exact.
OVERHEAD = 6


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
    drafts: tuple[Draft, ...]
    graph: UnitGraph
    warnings: tuple[SplitWarning, ...]


def _drafts(groups: tuple[Group, ...], pieces: Pieces, locations: Locations) -> list[Draft]:
    return [Draft(relpath=locations.auto_relpath(group.name), reason=group.reason,
                  units=tuple(sorted(u for p in group.pieces for u in pieces.pieces[p].units)))
            for group in groups]


def _automatic(pieces: Pieces, locations: Locations, max_lines: int, max_new_files: int, budget: int,
               taken: set[str], extra: list[Path]) -> list[Draft]:
    """The cohesion plan; refused when it needs more than `max_new_files` new files (`extra` ones
    included) to keep every module under the limit."""
    private = locations.layout is Layout.PACKAGE
    cap = max(1, budget - OVERHEAD)
    room = max(1, max_new_files - len(extra))
    groups = plan_groups(pieces, cap, room, taken=frozenset(taken), private=private)
    crowded = [g for g in groups if g.lines > cap and len(g.pieces) > 1]
    if crowded:
        roomy = plan_groups(pieces, cap, len(pieces.pieces), taken=frozenset(taken), private=private)
        if len(roomy) > room and not [g for g in roomy if g.lines > cap and len(g.pieces) > 1]:
            besides = f" and {', '.join(p.name for p in extra)}" if extra else ""
            raise PlanError(
                f"cannot split into at most {max_new_files} new files under {max_lines} lines: an acyclic "
                f"split needs {len(roomy)} modules{besides} (raise --max-new-files or --max-lines, or give a "
                "--plan)", path=pieces.analysis.path)
    return _drafts(groups, pieces, locations)


def _extra_files(analysis: ModuleAnalysis, locations: Locations) -> list[Path]:
    """Files an automatic split writes besides its modules and the facade: they count as new files."""
    found = locations.new_package_dirs([locations.base_dir / locations.auto_relpath("module")])
    extra = [d / "__init__.py" for d in found]
    if locations.layout is Layout.PACKAGE and any(s.kind is StatementKind.MAIN_GUARD for s in analysis.statements):
        extra.append(locations.base_dir / "__main__.py")
    return extra


def plan_modules(analysis: ModuleAnalysis, locations: Locations, max_lines: int, max_new_files: int,
                 spec: PlanSpec | None = None, budget: int | None = None, *,
                 keep_module_name: bool = True) -> Placement:
    graph = build_units(analysis)
    # The limit is strict, as in refactor-check: a module may have at most `max_lines - 1` lines.
    cap = max_lines - 1
    pieces = read_pieces(graph, analysis)
    warnings = list(_warnings(analysis, graph, pieces, max_lines, locations, keep_module_name))
    budget = budget or cap
    # Package submodules become attributes of the package, so they must not shadow its names.
    taken = set(analysis.defined) | {locations.stem} if locations.layout is Layout.PACKAGE else {"__init__"}
    if spec is not None and spec.modules:
        from refactor_tool.split.plan.explicit import place_explicit

        drafts = place_explicit(spec, pieces, locations, max(1, budget - OVERHEAD), max_new_files, taken,
                                private=locations.layout is Layout.PACKAGE)
        return Placement(drafts=tuple(drafts), graph=graph, warnings=tuple(warnings))
    total = len(analysis.source.splitlines())
    if total < max_lines and budget == cap:
        warnings.append(SplitWarning(WarningKind.NOTHING_TO_SPLIT, f"{total} lines < {max_lines}"))
        return Placement(drafts=(), graph=graph, warnings=tuple(warnings))
    drafts = _automatic(pieces, locations, max_lines, max_new_files, budget, taken,
                        _extra_files(analysis, locations))
    return Placement(drafts=tuple(drafts), graph=graph, warnings=tuple(warnings))


def _served_live(analysis: ModuleAnalysis, name: str) -> bool:
    """Mirrors `codegen.facade.live_globals`: such names are forwarded, never stale."""
    return name.startswith("_") or analysis.all_names is not None


def _warnings(analysis: ModuleAnalysis, graph: UnitGraph, pieces: Pieces, max_lines: int,
              locations: Locations, keep_module_name: bool = True):
    for piece in pieces.pieces.values():
        if piece.lines < max_lines:
            continue
        labels = [graph.label(u, analysis) for u in piece.units]
        if len(labels) == 1:
            yield SplitWarning(WarningKind.DEFINITION_OVER_LIMIT,
                               f"{labels[0]} ({piece.lines} lines) cannot get under {max_lines} lines"
                               " by moving statements; --split-classes can turn classes into mixins",
                               piece.first_line)
        else:
            shown = ", ".join(labels[:8]) + (f" and {len(labels) - 8} more" if len(labels) > 8 else "")
            yield SplitWarning(WarningKind.CYCLE_OVER_LIMIT,
                               f"{shown} use each other ({piece.lines} lines together, over {max_lines}): "
                               "separated they would import each other in a cycle", piece.first_line)
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
