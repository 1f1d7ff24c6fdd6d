"""What every generated file needs to know about the split: who owns which name, who reads it, what is pinned.

Computed once per placement from the analysis; the new modules and the facade are then texts of it.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Sequence
from dataclasses import dataclass, field

from refactor_tool.split.emit.source import ParsedModule
from refactor_tool.split.frames import caller_namers
from refactor_tool.split.plan import Placement
from refactor_tool.split.plan.locations import Locations
from refactor_tool.syntax.facts.model import ModuleAnalysis, StatementKind

#: Names every module has without importing them.
MODULE_BUILTINS = frozenset(dir(builtins)) | {
    "__file__", "__name__", "__doc__", "__spec__", "__loader__", "__package__", "__builtins__", "__path__",
    "__cached__",
}


@dataclass(frozen=True, slots=True)
class ModuleSetter:
    """A statement of a project file that sets `name` on the split module (found by `patch_targets`)."""

    name: str
    #: `tests/test_x.py:12 `mock.patch("mod.x")``, for the comment of the mechanism it needs.
    where: str
    #: A string target (`mock.patch("mod.x")`) in a file that names `x` nowhere else: re-aiming it at
    #: the new module reaches exactly the code it reached before, if only that module reads `x`.
    rewritable: bool = False


@dataclass(frozen=True, slots=True)
class SplitContext:
    analysis: ModuleAnalysis
    parsed: ParsedModule
    placement: Placement
    locations: Locations
    #: Dotted name of each new module, in load order (the facade imports them in this order).
    modules: tuple[str, ...]
    #: Statement indexes of each new module.
    statements: dict[str, tuple[int, ...]]
    #: Each name bound by moved code -> the new module that binds it.
    owner: dict[str, str]
    #: Names imported only under `if TYPE_CHECKING:` -> that block's statement index.
    type_only: dict[str, int]
    #: Names bound by plain imports the split copies -> the import's statement index.
    imported: dict[str, int]
    #: Names that exist only on some paths -> the statement deciding it (see `conditional_names`).
    conditional: dict[str, int]
    #: Whether facade code writes names through the module namespace (`globals()[...] = ...`).
    dynamic: bool
    keep_module_name: bool = True
    #: Names project files set on the old module (patches, assignments) -> where, as `file:line`.
    patched: dict[str, str] = field(default_factory=dict)
    #: What a planner says a new module holds, in words (`Draft.summary`), for its docstring.
    summaries: dict[str, str] = field(default_factory=dict)
    #: What the module calls that names its caller's module from its frame (see `frames.caller_namers`).
    caller_namers: frozenset[str] = frozenset()
    #: Where other project code runs the module by its path (`tests/test_mod.py:12`), if it does.
    run_by_path: str | None = None
    #: Whether re-exports are written `A as A` for type checkers (`reexport_form.explicit_reexports`).
    explicit_reexports: bool = True

    @property
    def pinned(self) -> list[int]:
        graph = self.placement.graph
        return sorted(i for u in graph.pinned for i in graph.units[u])

    @property
    def moved(self) -> set[int]:
        return {i for indexes in self.statements.values() for i in indexes}

    def where(self, index: int) -> str:
        """`inventory.py:412`, for comments that name the statement a mechanism exists for."""
        return f"{self.locations.source.name}:{self.analysis.statements[index].start}"

    def position(self, dotted: str) -> int:
        return self.modules.index(dotted) if dotted in self.modules else len(self.modules)

    def readers(self, name: str) -> tuple[str, ...]:
        """New modules whose code reads or binds `name` as a global (where a patch of it must land)."""
        found = []
        for dotted in self.modules:
            statements = [self.analysis.statements[i] for i in self.statements[dotted]]
            if any(name in s.uses or name in s.defines for s in statements):
                found.append(dotted)
        return tuple(found)

    def missing_in(self, dotted: str, names: Sequence[str]) -> set[str]:
        """Those of `names` new module `dotted` may not bind: decided by one of its own statements. A name
        it defines for sure is there even when a later statement elsewhere deletes it on some paths
        (datetime's facade `del`s the pure-Python helpers once `from _datetime import *` worked)."""
        own = set(self.statements.get(dotted, ()))
        return {n for n in names if n in self.conditional and self.conditional[n] in own}

    def facade_reads(self, name: str) -> bool:
        return any(name in self.analysis.statements[i].uses for i in self.pinned)


def split_context(analysis: ModuleAnalysis, parsed: ParsedModule, placement: Placement, locations: Locations,
                  modules: list[str], *, keep_module_name: bool, run_by_path: str | None = None,
                  explicit_reexports: bool = True) -> SplitContext:
    statements: dict[str, tuple[int, ...]] = {}
    owner: dict[str, str] = {}
    graph = placement.graph
    for draft, dotted in zip(placement.drafts, modules, strict=True):
        indexes = tuple(sorted(i for u in draft.units for i in graph.units[u]))
        statements[dotted] = indexes
        for index in indexes:
            for name in analysis.statements[index].defines:
                owner[name] = dotted
    type_only: dict[str, int] = {}
    imported: dict[str, int] = {}
    for statement in analysis.statements:
        if statement.kind is StatementKind.TYPE_CHECKING:
            type_only.update(dict.fromkeys(statement.defines, statement.index))
        elif statement.kind is StatementKind.IMPORT and statement.index not in graph.moved_kinds:
            imported.update(dict.fromkeys(statement.defines, statement.index))
    dynamic = any(analysis.statements[i].introspects or analysis.statements[i].hands_out_module
                  for u in graph.pinned for i in graph.units[u]) and not any(
        s.kind is StatementKind.STAR_IMPORT for s in analysis.statements)
    summaries = {dotted: summary for draft, dotted in zip(placement.drafts, modules, strict=True)
                 if (summary := getattr(draft, "summary", None))}
    namers = caller_namers(ast.parse("".join(parsed.lines)), locations.source) if keep_module_name else frozenset()
    return SplitContext(analysis, parsed, placement, locations, tuple(modules), statements, owner, type_only,
                        imported, analysis.conditional_names(), dynamic, keep_module_name, summaries=summaries,
                        caller_namers=namers, run_by_path=run_by_path, explicit_reexports=explicit_reexports)


def patched_names(ctx: SplitContext, setters: Sequence[ModuleSetter], moves: dict[str, str], *,
                  rewrite_tests: bool) -> tuple[dict[str, str], dict[str, str]]:
    """Which set names the facade forwards (name -> where), and which patches are re-aimed instead
    (old dotted path -> new): only when each of them is a plain string target and the module it moved
    to is the only one reading the name, so the re-aimed patch reaches all the code it reached before."""
    by_name: dict[str, list[ModuleSetter]] = {}
    for setter in setters:
        by_name.setdefault(setter.name, []).append(setter)
    forwarded: dict[str, str] = {}
    rewrites: dict[str, str] = {}
    for name, found in by_name.items():
        old = f"{ctx.locations.dotted}.{name}"
        new = moves.get(old)
        readers = ctx.readers(name)
        home = new.rpartition(".")[0] if new else None
        alone = set(readers) <= {home} and not ctx.facade_reads(name)
        if rewrite_tests and new is not None and alone and all(s.rewritable for s in found):
            rewrites[old] = new
        elif readers:
            forwarded[name] = found[0].where
    return forwarded, rewrites
