"""Turn a placement into file texts: new modules that import exactly what they use, plus the facade.

`generate(analysis, parsed, placement, locations, ...)` -> `Generated` (pure; writes nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from refactor_tool.split.emit import nodes
from refactor_tool.split.emit.context import ModuleSetter, patched_names, split_context
from refactor_tool.split.emit.facade import facade_text, main_text
from refactor_tool.split.emit.names import LOADED_FIRST
from refactor_tool.split.emit.new_module import ModuleText, module_text
from refactor_tool.split.emit.reexport_form import explicit_reexports
from refactor_tool.split.emit.source import ParsedModule
from refactor_tool.split.emit.wiring import settings
from refactor_tool.split.model import Layout
from refactor_tool.split.plan import Placement
from refactor_tool.split.plan.locations import Locations
from refactor_tool.syntax.facts.model import ModuleAnalysis, StatementKind

__all__ = ["Generated", "GeneratedModule", "ModuleSetter", "generate"]


@dataclass(frozen=True, slots=True)
class GeneratedModule:
    path: Path
    dotted: str
    text: str
    symbols: tuple[str, ...]
    imports_from: tuple[str, ...]
    statements: tuple[int, ...]
    planned_line: int | None = None

    @property
    def lines(self) -> int:
        return len(self.text.splitlines())


@dataclass(frozen=True, slots=True)
class Generated:
    modules: tuple[GeneratedModule, ...]
    facade: tuple[Path, str]
    extra_files: tuple[tuple[Path, str], ...]
    reexports: tuple[str, ...]
    moves: tuple[tuple[str, str], ...]
    #: Patch targets to re-aim at the new modules (old dotted path -> new): only those for which that
    #: reaches the same code; every other name project files set is forwarded by the facade.
    test_moves: tuple[tuple[str, str], ...] = ()
    #: Names set on the old module by project files that the facade forwards -> where.
    forwarded: dict[str, str] = field(default_factory=dict)


def generate(analysis: ModuleAnalysis, parsed: ParsedModule, placement: Placement, locations: Locations,
             *, keep_module_name: bool = True, plan_source: str | None = None,
             setters: Sequence[ModuleSetter] = (), rewrite_tests: bool = True,
             max_lines: int | None = None, run_by_path: str | None = None) -> Generated:
    """The texts of a split. `setters`: statements of project files that set names on the old module;
    each is either re-aimed at the new module (`test_moves`) or forwarded by the facade. `run_by_path`:
    where project code runs the module by its path (`SplitOptions.run_by_path`)."""
    resolved = [locations.resolve(d.relpath, d.planned_line, plan_source) for d in placement.drafts]
    dotted_of = [dotted for _, dotted in resolved]
    ctx = split_context(analysis, parsed, placement, locations, dotted_of, keep_module_name=keep_module_name,
                        run_by_path=run_by_path, explicit_reexports=explicit_reexports(locations.source))
    final = set(analysis.final_names()) | set(ctx.conditional)
    # Names a facade statement deletes (`try: from _datetime import * ... else: del (_helpers...)`)
    # must be there to delete.
    final |= {n for i in ctx.pinned for n in analysis.statements[i].deletes}
    modules = []
    reexports: list[tuple[str, list[str]]] = []
    moves: list[tuple[str, str]] = []
    texts: dict[str, ModuleText] = {}
    for draft, (path, dotted) in zip(placement.drafts, resolved, strict=True):
        indexes = list(ctx.statements[dotted])
        text = module_text(ctx, dotted, indexes)
        texts[dotted] = text
        symbols = tuple(dict.fromkeys(n for i in indexes for n in analysis.statements[i].defines))
        exported = [n for n in symbols if n in final]
        reexports.append((dotted, exported))
        moves.extend((f"{locations.dotted}.{n}", f"{dotted}.{n}") for n in exported)
        modules.append(GeneratedModule(path=path, dotted=dotted, text=text.text, symbols=symbols,
                                       imports_from=text.imports_from, statements=tuple(indexes),
                                       planned_line=draft.planned_line))
    forwarded, test_moves = patched_names(ctx, setters, dict(moves), rewrite_tests=rewrite_tests)
    plain = replace(ctx, patched=forwarded)
    ctx = replace(ctx, patched={**settings(ctx, {n for _, names in reexports for n in names}), **forwarded})
    facade = facade_text(ctx, reexports, texts)
    if max_lines is not None and ctx.patched != forwarded and len(facade.splitlines()) >= max_lines:
        # Forwarding what users may set costs the facade its helper: not at the price of the limit (a
        # facade over it all the same keeps the helper: typing's suite patches typing._overload_registry).
        without = facade_text(plain, reexports, texts)
        if len(without.splitlines()) < max_lines:
            ctx, facade = plain, without
    paths = [m.path for m in modules]
    extra_files = [(d / "__init__.py", _package_init(locations, d, paths, keep_module_name=keep_module_name))
                   for d in locations.new_package_dirs(paths)]
    guards = [s.index for s in analysis.statements if s.kind is StatementKind.MAIN_GUARD]
    if guards and locations.layout is Layout.PACKAGE and not locations.is_init:
        extra_files.append(main_text(ctx, guards, module_text))
    names = tuple(n for _, exported in reexports for n in exported)
    return Generated(modules=tuple(modules), facade=(locations.facade, facade),
                     extra_files=tuple(extra_files), reexports=names, moves=tuple(moves),
                     test_moves=tuple(test_moves.items()), forwarded=forwarded)


def _package_init(locations: Locations, directory: Path, paths: list[Path], *, keep_module_name: bool) -> str:
    """A new package's `__init__`: a note; beside a shim whose name moved code keeps, also an import of
    the shim. Imported first, a new module (pytest's `--doctest-modules` imports each file) would name a
    module not loaded yet: doctest, pickle and `inspect.getmodule` then take the new module for the
    objects' home, and its doctests run twice (boltons.fileutils). Only where every new module is in
    that package: the shim imports a planned module beside it, which imports from the package, while
    that module loads (an import cycle)."""
    dotted = locations.dotted
    note = f'"""Modules split out of `{dotted}` by refactor-tool; import from `{dotted}`."""\n'
    if locations.layout is not Layout.SHIM or not keep_module_name or directory.parent != locations.base_dir \
            or not all(directory in path.parents for path in paths):
        return note
    package, _, last = dotted.rpartition(".")
    statement = f"from .. import {last} as {LOADED_FIRST}" if package else f"import {dotted} as {LOADED_FIRST}"
    text = (f"Their code names its module `{dotted}` (`__module__`): importing any of them loads that one "
            "first, so the name always finds it (doctests are found once, there; pickle finds the objects).")
    return note + "\n" + "".join(f"# {line}\n" for line in nodes.wrapped(text)) + f"{statement}  # noqa: F401\n"
