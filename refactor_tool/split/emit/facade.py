"""The module users keep importing: the package `__init__` or the shim at the old path.

Plain re-exports of every name the old module ended with (the same objects), between the original's
header, docstring and imports and the statements that belong to the module object itself (`__all__`,
module `__getattr__`, code that runs at import), in the original order. Names linters would call unused
are marked as re-exports. Anything more (see `wiring`) is there only when a statement needs it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import libcst as cst
import libcst.matchers as m
from libcst.helpers import parse_template_statement

from refactor_tool.split.emit import nodes
from refactor_tool.split.emit.back_imports import back_imports, bound_ahead
from refactor_tool.split.emit.blocks import assemble, strip_leading_blank_lines
from refactor_tool.split.emit.context import SplitContext
from refactor_tool.split.emit.new_module import ModuleText, code_star_imports, origin_file
from refactor_tool.split.emit.reexport_form import reexport
from refactor_tool.split.emit.reexports import copied_star, kept_import
from refactor_tool.split.emit.wiring import (
    gathered_annotations,
    late_bindings,
    patch_forwarding,
    rebound_globals,
    rebound_in_place,
)
from refactor_tool.split.model import Layout
from refactor_tool.split.plan.units import shared_all
from refactor_tool.syntax.facts.model import StatementKind
from refactor_tool.syntax.modnames import relative_import

_KEPT = (StatementKind.IMPORT, StatementKind.STAR_IMPORT)


def live_globals(ctx: SplitContext, reexports: list[tuple[str, list[str]]]) -> tuple[dict[str, str], dict[str, str]]:
    """Re-exported globals that code rebinds with `global`: (served live by a module `__getattr__`,
    re-exported and read live as attributes).

    `__getattr__` only where that cannot hide a name: the name is private or the module has `__all__`
    (a star import without `__all__` reads only the module dict); other such names stay in the dict.
    """
    rebound = {n for s in ctx.analysis.statements for n in s.rebinds}
    live: dict[str, str] = {}
    read_in_place: dict[str, str] = {}
    for dotted, names in reexports:
        for name in names:
            if name in rebound:
                served = name.startswith("_") or ctx.analysis.all_names is not None
                (live if served else read_in_place)[name] = dotted
    return live, read_in_place


def _facade_uses(ctx: SplitContext, body: list[int]) -> set[str]:
    return {n for i in body for n in ctx.analysis.statements[i].uses}


def _listed(ctx: SplitContext) -> set[str]:
    """The names of the facade's own `__all__`: linters read them as re-exports, unmarked."""
    own_all = any("__all__" in s.defines and s.index not in ctx.moved for s in ctx.analysis.statements)
    return set(ctx.analysis.all_names or ()) if own_all else set()


def _reexports(ctx: SplitContext, reexports: list[tuple[str, list[str]]],
               texts: dict[str, ModuleText]) -> list[cst.BaseStatement]:
    """One import per new module, in order. Where the facade has `__all__`, its names are imported
    plainly and the other names a module defines come after, together, marked as re-exports (a module
    none of whose names are listed keeps its place, all marked). Those gathered so far come before
    a module whose loading runs an import of a project module that may import this one back
    (`back_imports`) when it may read them: the original had bound them by then, and so are those of
    later modules that can load first (`bound_ahead`)."""
    listed = _listed(ctx)
    back = back_imports(texts)
    ran: set[int] = set()
    first = {name: indexes[0] for name, indexes in ctx.analysis.defined.items()}
    outside = f"Outside `__all__`, and attributes of `{ctx.locations.dotted}` as before"
    exports: list[cst.BaseStatement] = []
    unlisted: list[tuple[str, list[str]]] = []

    def gathered(text: str) -> list[cst.BaseStatement]:
        found = [line for dotted, names in unlisted for line in reexport(ctx, dotted, names, listed)]
        return [nodes.commented(found[0], *nodes.wrapped(text)), *found[1:]] if found else []

    ahead: dict[str, set[str]] = {}
    for position, (dotted, names) in enumerate(reexports):
        public = [n for n in names if n in listed and n not in ahead.get(dotted, ())]
        others = [n for n in names if n not in listed and n not in ahead.get(dotted, ())]
        runs = {i: m for i, m in back.get(dotted, {}).items() if i not in ran}
        ran |= runs.keys()
        lines = []
        for later, above in bound_ahead(reexports, position, runs, first, texts, back, ran - runs.keys()):
            lines += reexport(ctx, later, [n for n in above if n not in ahead.get(later, ())], listed)
            ahead.setdefault(later, set()).update(above)
        if lines:
            text = (f"Bound before `{dotted.rpartition('.')[2]}` loads: it runs the import of "
                    f"{ctx.where(max(runs))}, whose module may import this one back and read them (the "
                    "original had bound them by then).")
            exports += [nodes.commented(lines[0], *nodes.wrapped(text)), *lines[1:]]
        read = [i for i in sorted(runs) if any(first.get(n, i) < i for _, ns in unlisted for n in ns)]
        if read:
            text = (f"{outside}; bound before `{runs[read[0]].rpartition('.')[2]}` loads: it runs the import of "
                    f"{ctx.where(read[0])}, whose module may import this one back and read them (the original "
                    "had bound them by then).")
            exports += gathered(text)
            unlisted = []
        if public:
            exports += reexport(ctx, dotted, public, listed)
        if others:
            if public:
                unlisted.append((dotted, others))
            else:
                exports += reexport(ctx, dotted, others, listed)
    return exports + gathered(outside + ":")


def _unread_fillers(ctx: SplitContext, reexports: list[tuple[str, list[str]]],
                    texts: dict[str, ModuleText]) -> list[cst.BaseStatement]:
    """`from . import _constants`: new modules only changing objects of other modules
    (`units.detached_mutations`) that no other module loads; the changes happen as before."""
    loaded = {m for text in texts.values() for m in text.imports_from}
    detached = ctx.placement.graph.detached
    found: list[cst.BaseStatement] = []
    for dotted, names in reexports:
        changes = [i for i in ctx.statements[dotted] if i in detached]
        if names or not changes or dotted in loaded:
            continue
        parent, _, short = dotted.rpartition(".")
        package = ctx.locations.layout is Layout.PACKAGE
        statement = nodes.import_from(relative_import(ctx.locations.dotted, package, parent) or ".", [short])
        text = (f"Loaded for what it adds to {detached[changes[0]]} ({ctx.where(changes[0])} and after), "
                "which no other module needs while loading.")
        found.append(nodes.commented(statement, *nodes.wrapped(text)))
        if not package:
            found.append(nodes.deletion([short]))  # the shim had no such name
    return found


def _unbound_submodules(ctx: SplitContext, reexports: list[tuple[str, list[str]]], texts: dict[str, ModuleText],
                        live: dict[str, str]) -> list[cst.BaseStatement]:
    """`del _units, _pricing`: importing a submodule binds its name in the package, a name the module
    did not have (`dir()`, `vars()`, star imports see it). The modules stay importable by name."""
    # A module the facade re-exports nothing from is loaded by the module that needs it (a class's part
    # module by the class statement): it binds its name here all the same.
    loaded = [dotted for dotted, names in reexports if not names or [n for n in names if n not in live]]
    seen: set[str] = set()
    while loaded:
        dotted = loaded.pop()
        if dotted not in seen:
            seen.add(dotted)
            loaded += [m for m in (texts[dotted].imports_from if dotted in texts else ()) if m in texts]
    prefix = ctx.locations.dotted + "."
    children = sorted({d[len(prefix):].split(".")[0] for d in seen if d.startswith(prefix)},
                      key=lambda c: ctx.position(prefix + c))
    if not children:
        return []
    text = (f"Importing them bound {', '.join(children)} here; `{ctx.locations.dotted}` keeps the names it "
            "had (its submodules stay importable by name).")
    lines = [cst.EmptyLine(), cst.EmptyLine(), *nodes.comment_lines(*nodes.wrapped(text))]
    return [nodes.import_from(".", children).with_changes(leading_lines=lines), nodes.deletion(children)]


_ISOLATED = """
if __name__ == "__main__":
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
"""


def _plain_modules(texts: list[str]) -> set[str]:
    """Modules the statements `texts` import as themselves (`import os`, not `import os.path as p`)."""
    return {a.name for text in texts for node in ast.parse(text).body if isinstance(node, ast.Import)
            for a in node.names if a.asname is None and "." not in a.name}


def _plain_modules_read(block: list[cst.BaseStatement]) -> set[str]:
    text = nodes.code(block)
    return {n.id for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Name)} if text else set()


def _as_script(ctx: SplitContext, imported: set[str]) -> list[cst.BaseStatement]:
    """Run as a script by path (`python mod.py`, also `-I`, which leaves the script's folder off
    `sys.path`), a shim is `__main__`: it makes its private package importable, and registers itself
    under the module name the moved code keeps (dataclasses and pickle look modules up there, and new
    modules importing names back from it would load a second copy). So where the module has a main
    guard, or project code runs it by its path. Modules in `imported` the facade imports above it already."""
    guards = [s.index for s in ctx.analysis.statements if s.kind is StatementKind.MAIN_GUARD]
    if guards and ctx.locations.is_init:
        return _init_as_script(ctx, guards[0])
    if ctx.locations.layout is not Layout.SHIM or not (guards or ctx.run_by_path):
        return []
    block = cst.parse_module(_ISOLATED).body[0]
    assert isinstance(block, cst.If) and isinstance(block.body, cst.IndentedBlock)
    body = list(block.body.body)
    if ctx.locations.package:  # imported relatively: by path, it runs only as `python -m`
        body = [nodes.plain_import("sys")]
    if ctx.keep_module_name:
        body.append(parse_template_statement("sys.modules.setdefault({name}, sys.modules[__name__])",
                                             name=nodes.string(ctx.locations.dotted)))
    imports = [s for s in body if m.matches(s, m.SimpleStatementLine([m.Import()]))]
    if len(imports) == len(body):
        return []
    body = [s for s in body if s not in imports or _plain_modules([nodes.code([s])]) - imported]
    body[0] = body[0].with_changes(leading_lines=[])
    block = block.with_changes(body=block.body.with_changes(body=body))
    how = f"Run as a script ({ctx.where(guards[0])})" if guards else f"Run by its path ({ctx.run_by_path})"
    text = (f"{how}: the split's modules are found beside this file, and the moved code, which names its "
            f"module `{ctx.locations.dotted}`, finds this one.")
    return [nodes.commented(block, *nodes.wrapped(text))]


_INIT_BY_PATH = """
if __name__ == "__main__" and not __package__:
    import os
    import sys

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    __package__ = {package}
"""


def _init_as_script(ctx: SplitContext, guard: int) -> list[cst.BaseStatement]:
    """A package `__init__` run by path (`python pkg/__init__.py`) has no package, so the imports of its
    own modules would fail: it names its package first, as `python -m` would have."""
    block = parse_template_statement(_INIT_BY_PATH, package=nodes.string(ctx.locations.dotted))
    text = (f"Run by path ({ctx.where(guard)}): the imports below are relative to `{ctx.locations.dotted}`, "
            "so it is importable from the folder above.")
    return [nodes.commented(block, *nodes.wrapped(text))]


def _replaced_names(ctx: SplitContext) -> dict[str, list[str]]:
    """Names facade code may have replaced in the module's namespace (`Enum._convert_(..., __name__, ...)`
    turns `COLOR_RED = 1` into an enum member there), per new module that reads or binds them: they
    are bound there again from the facade once it has run."""
    statements = ctx.analysis.statements
    handing = [i for i in ctx.pinned if statements[i].hands_out_module]
    if not handing:
        return {}
    before = {n for s in statements[:min(handing)] if s.kind is StatementKind.CODE for n in s.defines}
    found = {}
    for dotted in ctx.modules:
        names = {n for i in ctx.statements[dotted] for n in (*statements[i].uses_call, *statements[i].defines)}
        if names & before:
            found[dotted] = sorted(names & before)
    return found


def _after_stars(ctx: SplitContext, reexports: list[tuple[str, list[str]]], stars: list[int],
                 live: dict[str, str]) -> dict[int, list[tuple[str, list[str]]]]:
    """Re-exports that must follow a star import the facade runs after its re-exports: public names
    the original bound after it (locale: `from _locale import *`, then `def localeconv()` wrapping the
    C one), which the star import would otherwise replace. Each goes after the last such star."""
    found: dict[int, list[tuple[str, list[str]]]] = {}
    defined = ctx.analysis.defined
    for dotted, names in reexports:
        by_star: dict[int, list[str]] = {}
        for name in names:
            last = defined[name][-1] if name in defined else -1
            before = [s for s in stars if s < last]
            if before and name not in live and not name.startswith("_"):
                by_star.setdefault(before[-1], []).append(name)
        for star, moved in by_star.items():
            found.setdefault(star, []).append((dotted, moved))
    return found


def _reexported_after(ctx: SplitContext, star: int, groups: list[tuple[str, list[str]]]) -> str:
    listed = _listed(ctx)
    exports = [line for dotted, names in groups for line in reexport(ctx, dotted, names, listed)]
    names = [n for _, group in groups for n in group]
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    text = (f"The original binds {shown} after the star import above ({ctx.where(star)}), so that it "
            "does not replace them: re-exported after it.")
    return "\n" + nodes.code([nodes.commented(exports[0], *nodes.wrapped(text)), *exports[1:]])


def facade_text(ctx: SplitContext, reexports: list[tuple[str, list[str]]], texts: dict[str, ModuleText]) -> str:
    analysis, parsed = ctx.analysis, ctx.parsed
    package_layout = ctx.locations.layout is Layout.PACKAGE
    in_place = ctx.locations.is_init  # a package's own `__init__`: the facade stays where it is
    extra = 1 if package_layout and not in_place else 0
    pinned, moved = ctx.pinned, ctx.moved
    graph = ctx.placement.graph
    first_moved = min(moved, default=len(analysis.statements))
    late_stars = [s.index for s in analysis.statements
                  if s.kind is StatementKind.STAR_IMPORT and s.index > first_moved]
    leftovers = [i for i in range(len(analysis.statements)) if i in graph.moved_kinds
                 and i not in moved and i not in pinned]
    shared = shared_all(analysis)  # `__all__`, bound before the new modules that extend it load
    body_indexes = sorted(i for i in pinned + leftovers + late_stars if i != shared)
    uses = _facade_uses(ctx, body_indexes) | set(analysis.all_names or ())
    uses |= {n for text in texts.values() for n, home in text.late.items() if home == ctx.locations.dotted}
    kept_imports = [s for s in analysis.statements if s.kind in _KEPT and s.index not in moved
                    and s.index not in pinned and s.index not in late_stars]
    # What the facade itself imports before running as a script (`import sys`), its block does not again.
    imported = _plain_modules([parsed.statement(s.index) for s in kept_imports if s.index < first_moved])
    script_block = _as_script(ctx, imported)
    uses |= imported & _plain_modules_read(script_block)
    unused = {n for s in kept_imports for n in s.defines} - uses

    def kept(index: int) -> str:
        text = parsed.statement(index, extra_depth=extra)
        return kept_import(text, unused) if analysis.statements[index].kind is StatementKind.IMPORT else text

    early: list[str] = []
    for statement in analysis.statements:
        if statement.kind is StatementKind.DOCSTRING:
            early.append(strip_leading_blank_lines(parsed.statement(statement.index)))
        elif statement.kind is StatementKind.FUTURE:
            early.append(parsed.statement(statement.index))
        elif (statement.kind is StatementKind.TYPE_CHECKING and statement.index not in moved
              and set(statement.defines) & _facade_uses(ctx, body_indexes)):
            early.append(parsed.statement(statement.index, extra_depth=extra))
    code_stars = code_star_imports(ctx)
    first_definition = min(moved - set(code_stars), default=len(analysis.statements))
    early += [kept(s.index) for s in kept_imports if s.index < first_moved]
    early += [copied_star(parsed.bare_star(i, extra)) for i in code_stars if i < first_definition]
    if shared is not None:
        early.append(parsed.statement(shared, extra_depth=extra))
    # Imports the original made after its first definitions come after the re-exports: a module they
    # load that imports this one back finds every name it found before (and more).
    later = [kept(s.index) for s in kept_imports if s.index > first_moved]
    live, attribute_reads = live_globals(ctx, reexports)
    later_stars = [i for i in code_stars if i > first_definition]
    after = _after_stars(ctx, reexports, sorted(later_stars + late_stars), live)
    for i in later_stars:
        later += ["\n" + copied_star(parsed.bare_star(i, extra))]
        later += [_reexported_after(ctx, i, after[i])] if i in after else []
    follow = {n for groups in after.values() for _, names in groups for n in names}
    exports = _reexports(ctx, [(dotted, [n for n in names if n not in live and n not in follow])
                               for dotted, names in reexports], texts)
    exports += _unread_fillers(ctx, reexports, texts)
    script = nodes.code(script_block)
    exports_text = script + ("\n" if script and exports else "") + nodes.code(exports)
    if early and exports_text:
        exports_text = "\n" + exports_text  # a blank line between the original's imports and the new ones
    rewrite_file = extra > 0 and any(analysis.statements[i].reads_file for i in pinned)
    annotated = [dotted for dotted in ctx.modules
                 if any(analysis.statements[i].annotates for i in ctx.statements[dotted])]
    sections = ["".join(early), exports_text, "".join(later)]
    if rewrite_file:
        reading = next(i for i in pinned if analysis.statements[i].reads_file)
        has_os = any("os" in s.defines for s in kept_imports)
        sections.append(nodes.code(origin_file(ctx, 1, reading, has_os)))
    sections.append(nodes.code(gathered_annotations(ctx, annotated)))
    body = []
    for i in body_indexes:
        body.append(parsed.statement(i, extra_depth=extra, rewrite_file=rewrite_file and i not in late_stars))
        body += [_reexported_after(ctx, i, after[i])] if i in after and i in late_stars else []
    late = {dotted: dict(text.late) for dotted, text in texts.items() if text.late}
    for dotted, names in _replaced_names(ctx).items():
        late.setdefault(dotted, {}).update(dict.fromkeys(names, ctx.locations.dotted))
    wiring = [late_bindings(ctx, late), rebound_globals(ctx, live), rebound_in_place(ctx, attribute_reads),
              patch_forwarding(ctx, ctx.patched)]
    body += [nodes.code(part) for part in wiring if part]
    if package_layout:
        body.append(nodes.code(_unbound_submodules(ctx, reexports, texts, live)))
    if not package_layout or in_place:
        body += [parsed.statement(s.index) for s in analysis.statements if s.kind is StatementKind.MAIN_GUARD]
    return parsed.header + assemble(sections, body) + parsed.footer


def main_text(ctx: SplitContext, guards: list[int], module_text) -> tuple[Path, str]:
    """`__main__.py` for a package, so `python -m mod` still runs the old `if __name__ == '__main__':` block."""
    text = module_text(ctx, f"{ctx.locations.dotted}.__main__", guards, main=True)
    return ctx.locations.source.with_suffix("") / "__main__.py", text.text
