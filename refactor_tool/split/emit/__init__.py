"""Turn a placement into file texts: new modules that import exactly what they use, plus the facade.

`generate(analysis, parsed, placement, locations, keep_module_name)` -> `Generated` (pure; writes nothing).
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from pathlib import Path

from refactor_tool.split.emit.blocks import assemble, from_import, origin_file_line
from refactor_tool.split.emit.facade import facade_text, main_text
from refactor_tool.split.emit.names import MAIN_DOCSTRING, MODULE_DOCSTRING, ORIGIN_FILE
from refactor_tool.split.emit.source import ParsedModule
from refactor_tool.split.model import Layout
from refactor_tool.split.plan import Placement
from refactor_tool.split.plan.locations import Locations
from refactor_tool.split.plan.units import name_setters
from refactor_tool.syntax.facts.model import ModuleAnalysis, StatementKind
from refactor_tool.syntax.modnames import relative_import

__all__ = ["Generated", "GeneratedModule", "generate"]

_BUILTINS = frozenset(dir(builtins)) | {"__file__", "__name__", "__doc__", "__spec__", "__loader__",
                                        "__package__", "__builtins__", "__path__", "__cached__"}


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


def _depth(package: str) -> int:
    return len(package.split(".")) if package else 0


@dataclass(frozen=True, slots=True)
class _Context:
    analysis: ModuleAnalysis
    parsed: ParsedModule
    locations: Locations
    owner: dict[str, str]
    type_only: dict[str, int]
    imported: dict[str, int]
    defined: dict[str, tuple[int, ...]]
    position: dict[str, int]
    dynamic: bool


def _context(analysis: ModuleAnalysis, parsed: ParsedModule, placement: Placement, locations: Locations,
             dotted_of: list[str]) -> _Context:
    owner: dict[str, str] = {}
    for draft, dotted in zip(placement.drafts, dotted_of, strict=True):
        for unit in draft.units:
            for index in placement.graph.units[unit]:
                for name in analysis.statements[index].defines:
                    owner[name] = dotted
    type_only: dict[str, int] = {}
    imported: dict[str, int] = {}
    for statement in analysis.statements:
        if statement.kind is StatementKind.TYPE_CHECKING:
            type_only.update(dict.fromkeys(statement.defines, statement.index))
        elif statement.kind is StatementKind.IMPORT and statement.index not in placement.graph.moved_kinds:
            imported.update(dict.fromkeys(statement.defines, statement.index))
    position = {dotted: number for number, dotted in enumerate(dotted_of)}
    dynamic = any(analysis.statements[i].introspects for u in placement.graph.pinned
                  for i in placement.graph.units[u]) and not any(
        s.kind is StatementKind.STAR_IMPORT for s in analysis.statements)
    return _Context(analysis, parsed, locations, owner, type_only, imported, analysis.defined, position, dynamic)


def _docstring(old: str, statements: list, main: bool) -> str:
    """One line saying where the module came from and what it holds."""
    if main:
        return f'"""{MAIN_DOCSTRING.format(module=old)}"""\n'
    names = [n for s in statements for n in s.defines]
    shown = ", ".join(names[:4]) + (", ..." if len(names) > 4 else "")
    text = f'"""{MODULE_DOCSTRING.format(module=old)}: {shown}."""'
    if len(text) > 100:
        text = f'"""{MODULE_DOCSTRING.format(module=old)}."""'
    return text + "\n"


def module_text(ctx: _Context, dotted: str, is_package: bool, indexes: list[int], *, keep_module_name: bool,
                main: bool = False) -> tuple[str, tuple[str, ...], dict[str, list[str]]]:
    """The text of one new module holding `indexes`, and the sibling modules it imports from."""
    analysis, parsed = ctx.analysis, ctx.parsed
    statements = [analysis.statements[i] for i in indexes]
    package = dotted if is_package else dotted.rpartition(".")[0]
    extra = _depth(package) - _depth(ctx.locations.package)
    own = {name for s in statements for name in s.defines}
    needed = {name for s in statements for name in s.uses} - own
    blocks = sorted({ctx.type_only[n] for n in needed if n in ctx.type_only})
    for index in blocks:
        needed |= analysis.statements[index].uses
    needed -= own
    head: list[str] = [_docstring(ctx.locations.dotted, statements, main)]
    head += [parsed.statement(s.index, strip_leading=True) for s in analysis.statements
             if s.kind is StatementKind.FUTURE]
    imports: list[str] = []
    for index in sorted({ctx.imported[n] for n in needed if n in ctx.imported}):
        text = parsed.filtered_import(index, needed, extra)
        if text:
            imports.append(text)
    stars = [s.index for s in analysis.statements if s.kind is StatementKind.STAR_IMPORT]
    first = min(indexes, default=0)
    early_stars = [i for i in stars if i < first]
    # Names bound before a star import are overridden by it (`try: from _bisect import *`): import
    # those from their new homes first, then the star, then names bound after it.
    last_star = max(early_stars, default=-1)
    siblings: dict[str, list[str]] = {}
    late: dict[str, list[str]] = {}
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    defined = ctx.defined
    for name in sorted(needed, key=lambda n: (defined.get(n, (0,))[0], n)):
        home = ctx.owner.get(name)
        if main and home is not None:
            home = ctx.locations.dotted
        if home is not None and home != dotted:
            if ctx.position.get(home, -1) > ctx.position.get(dotted, len(ctx.position)):
                late.setdefault(home, []).append(name)  # used only when called: bound by the facade
                continue
            siblings.setdefault(home, []).append(name)
            side = before if defined[name][-1] < last_star else after
            side.setdefault(home, []).append(name)
    imports += [from_import(relative_import(dotted, is_package, home), names) for home, names in before.items()]
    imports += [parsed.statement(i, extra_depth=extra, strip_leading=True) for i in early_stars]
    imports += [from_import(relative_import(dotted, is_package, home), names) for home, names in after.items()]
    for name in sorted(needed - set(defined) - set(ctx.imported) - set(ctx.type_only) - _BUILTINS):
        if not main and ctx.dynamic:
            late.setdefault(ctx.locations.dotted, []).append(name)  # written through globals() there
    if late:
        bound = "; ".join(f"{', '.join(names)} from {relative_import(dotted, is_package, home)}"
                          for home, names in late.items())
        imports.append(f"# Bound by `{ctx.locations.dotted}` once all its modules are loaded (they use each "
                       f"other only when called): {bound}\n")
    type_blocks = [parsed.statement(i, extra_depth=extra, strip_leading=True) for i in blocks]
    setters = name_setters(analysis)
    settings: list[str] = []
    if keep_module_name and not setters:
        settings.append(f"__name__ = {ctx.locations.dotted!r}\n")
    settings += [parsed.statement(i, strip_leading=True) for i in setters]
    rewrite_file = extra > 0 and any(s.reads_file for s in statements)
    if rewrite_file:
        settings.append(origin_file_line(ORIGIN_FILE, extra, ctx.locations.source.name))
    sections = "\n".join("".join(group) for group in (head, imports, type_blocks, settings) if group)
    late_stars = [i for i in stars if i > first]
    body = [parsed.statement(i, extra_depth=extra, rewrite_file=rewrite_file and i not in late_stars)
            for i in sorted([*indexes, *late_stars])]
    return assemble([sections], body), tuple(siblings), late


def generate(analysis: ModuleAnalysis, parsed: ParsedModule, placement: Placement, locations: Locations,
             *, keep_module_name: bool = False, plan_source: str | None = None) -> Generated:
    resolved = [locations.resolve(d.relpath, d.planned_line, plan_source) for d in placement.drafts]
    dotted_of = [dotted for _, dotted in resolved]
    ctx = _context(analysis, parsed, placement, locations, dotted_of)
    final = set(analysis.final_names())
    # Names a facade statement deletes (`try: from _datetime import * ... else: del (_helpers...)`)
    # must be there to delete.
    final |= {n for u in placement.graph.pinned for i in placement.graph.units[u]
              for n in analysis.statements[i].deletes}
    modules = []
    reexports: list[tuple[str, list[str]]] = []
    moves: list[tuple[str, str]] = []
    wiring: dict[str, dict[str, str]] = {}
    for draft, (path, dotted) in zip(placement.drafts, resolved, strict=True):
        indexes = sorted(i for u in draft.units for i in placement.graph.units[u])
        text, imports_from, late = module_text(ctx, dotted, False, indexes, keep_module_name=keep_module_name)
        if late:
            wiring[dotted] = {name: home for home, names in late.items() for name in names}
        symbols = tuple(dict.fromkeys(n for i in indexes for n in analysis.statements[i].defines))
        exported = [n for n in symbols if n in final]
        reexports.append((dotted, exported))
        moves.extend((f"{locations.dotted}.{n}", f"{dotted}.{n}") for n in exported)
        modules.append(GeneratedModule(path=path, dotted=dotted, text=text, symbols=symbols,
                                       imports_from=imports_from, statements=tuple(indexes),
                                       planned_line=draft.planned_line))
    facade = facade_text(analysis, parsed, placement, locations, reexports, wiring,
                         tuple(dotted for dotted, _ in reexports))
    note = f'"""Modules split out of `{locations.dotted}` by refactor-tool; import from `{locations.dotted}`."""\n'
    extra_files = [(d / "__init__.py", note) for d in locations.new_package_dirs([m.path for m in modules])]
    guards = [s.index for s in analysis.statements if s.kind is StatementKind.MAIN_GUARD]
    if guards and locations.layout is Layout.PACKAGE:
        extra_files.append(main_text(ctx, locations, guards, module_text))
    names = tuple(n for _, exported in reexports for n in exported)
    return Generated(modules=tuple(modules), facade=(locations.facade, facade),
                     extra_files=tuple(extra_files), reexports=names, moves=tuple(moves))
