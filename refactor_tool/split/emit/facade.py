"""The module users keep importing: the package `__init__` or the shim at the old path.

It keeps the header comments, the docstring, every original import (they were attributes of the old
module), re-exports every name the old module ended with (the same objects), then the statements that
belong to the module object itself (`__all__`, module `__getattr__`/`__dir__`), so `__all__` is
identical and `from mod import anything_that_worked` still works.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from refactor_tool.split.emit.blocks import (
    assemble,
    from_import,
    origin_file_line,
    strip_leading_blank_lines,
)
from refactor_tool.split.emit.forwarding import forwarding_text
from refactor_tool.split.emit.names import (
    FORWARDED_TO,
    LATE_BINDINGS,
    LIVE_GLOBALS,
    ORIGIN_FILE,
    ORIGINAL_GETATTR,
)
from refactor_tool.split.emit.source import ParsedModule
from refactor_tool.split.model import Layout
from refactor_tool.split.plan.locations import Locations
from refactor_tool.syntax.facts.model import ModuleAnalysis, StatementKind
from refactor_tool.syntax.modnames import relative_import

if TYPE_CHECKING:
    from refactor_tool.split.plan import Placement

_KEPT = (StatementKind.FUTURE, StatementKind.IMPORT, StatementKind.STAR_IMPORT, StatementKind.TYPE_CHECKING)


def facade_text(analysis: ModuleAnalysis, parsed: ParsedModule, placement: Placement, locations: Locations,
                reexports: list[tuple[str, list[str]]], wiring: dict[str, dict[str, str]] | None = None,
                users: tuple[str, ...] = ()) -> str:
    package_layout = locations.layout is Layout.PACKAGE
    extra = 1 if package_layout else 0
    pinned = sorted(i for u in placement.graph.pinned for i in placement.graph.units[u])
    moved = {i for d in placement.drafts for u in d.units for i in placement.graph.units[u]}
    head = parsed.header
    first_moved = min(moved, default=len(analysis.statements))
    late_stars = [s.index for s in analysis.statements
                  if s.kind is StatementKind.STAR_IMPORT and s.index > first_moved]
    sections: list[str] = []
    for statement in analysis.statements:
        index = statement.index
        if statement.kind is StatementKind.DOCSTRING:
            sections.append(strip_leading_blank_lines(parsed.statement(index)))
        elif statement.kind is StatementKind.STAR_IMPORT and index > first_moved:
            continue  # after definitions it overrides: goes after the re-exports, below
        elif statement.kind in _KEPT and index not in moved and index not in pinned:
            sections.append(parsed.statement(index, extra_depth=extra))
    rewrite_file = package_layout and any(analysis.statements[i].reads_file for i in pinned)
    if rewrite_file:
        sections.append(origin_file_line(ORIGIN_FILE, 1, locations.source.name))
    live = live_globals(analysis, placement, reexports)
    for dotted, names in reexports:
        static = [n for n in names if n not in live]
        if static:
            sections.append(from_import(relative_import(locations.dotted, package_layout, dotted), static))
    annotated = [dotted for draft, (dotted, _) in zip(placement.drafts, reexports, strict=True)
                 if any(analysis.statements[i].annotates for u in draft.units for i in placement.graph.units[u])]
    if annotated:
        merged = "".join(f'    **__import__("sys").modules[{m!r}].__annotations__,\n' for m in annotated)
        sections.append(f"__annotations__ = {{\n{merged}}}\n")
    chained = "__getattr__" in analysis.defined
    own_dir = "__dir__" not in analysis.defined and (package_layout or bool(live) or rewrite_file or bool(wiring)
                                                     or bool(users))
    if live and not chained:
        sections.append(_forwarder(live, chained=False))
    leftovers = [i for i in range(len(analysis.statements)) if i in placement.graph.moved_kinds
                 and i not in moved and i not in pinned]
    body = [parsed.statement(i, extra_depth=extra, rewrite_file=rewrite_file and i not in late_stars)
            for i in sorted(pinned + leftovers + late_stars)]
    if live and chained:
        body.append("\n\n" + _forwarder(live, chained=True))
    if own_dir:
        body.append("\n\n" + _dir_text(locations, reexports, live, generated_getattr=bool(live) and not chained,
                                          origin_file=rewrite_file))
    if wiring:
        body.append("\n\n" + _wiring_text(wiring))
    if users:
        body.append("\n\n" + forwarding_text(users))
    if not package_layout:
        body += [parsed.statement(s.index) for s in analysis.statements if s.kind is StatementKind.MAIN_GUARD]
    return head + assemble(sections, body) + parsed.footer


def _wiring_text(wiring: dict[str, dict[str, str]]) -> str:
    """Names new modules use only inside functions, from modules loaded after them (no import cycle)."""
    return (
        f"_SPLIT_LATE = {wiring!r}\n"
        "for _split_module, _split_names in _SPLIT_LATE.items():\n"
        "    for _split_name, _split_home in _split_names.items():\n"
        '        if hasattr(__import__("sys").modules[_split_home], _split_name):\n'
        '            setattr(__import__("sys").modules[_split_module], _split_name,\n'
        '                    getattr(__import__("sys").modules[_split_home], _split_name))\n'
        "del _split_module, _split_names, _split_name, _split_home\n"
    )


def live_globals(analysis: ModuleAnalysis, placement: Placement,
                 reexports: list[tuple[str, list[str]]]) -> dict[str, str]:
    """Re-exported globals that code rebinds with `global`, served live by a module `__getattr__`.

    Only where that cannot hide a name: the name is private or the module has `__all__` (a star
    import without `__all__` reads only the module dict). An original `__getattr__` is chained.
    """
    rebound = {n for s in analysis.statements for n in s.rebinds}
    live = {}
    for dotted, names in reexports:
        for name in names:
            if name in rebound and (name.startswith("_") or analysis.all_names is not None):
                live[name] = dotted
    return live


def _forwarder(live: dict[str, str], *, chained: bool) -> str:
    fallback = ("    return _ORIGINAL_GETATTR(name)\n" if chained else
                '    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")\n')
    return (
        f"_LIVE_GLOBALS = {live!r}\n"
        + ("_ORIGINAL_GETATTR = __getattr__\n" if chained else "")
        + "\n\ndef __getattr__(name):\n"
        '    """Globals rebound with `global` in a submodule: read their current value there."""\n'
        "    if name in _LIVE_GLOBALS:\n"
        '        return getattr(__import__("sys").modules[_LIVE_GLOBALS[name]], name)\n'
        + fallback
    )


def _dir_text(locations: Locations, reexports: list[tuple[str, list[str]]], live: dict[str, str], *,
              generated_getattr: bool, origin_file: bool) -> str:
    """`dir()` of the package lists what the module listed: not its submodules nor generated helpers."""
    hidden = {"__dir__", LATE_BINDINGS, FORWARDED_TO}
    if locations.layout is Layout.PACKAGE:
        hidden |= {dotted[len(locations.dotted) + 1:].split(".")[0] for dotted, _ in reexports}
    if live:
        hidden |= {LIVE_GLOBALS, ORIGINAL_GETATTR}
    if generated_getattr:
        hidden.add("__getattr__")
    if origin_file:
        hidden.add(ORIGIN_FILE)
    extra = ", *_LIVE_GLOBALS" if live else ""
    return (
        f"_SPLIT_HIDDEN = {sorted(hidden)!r}\n\n\n"
        "def __dir__():\n"
        '    """What `dir()` showed before the split: submodules and generated helpers stay out."""\n'
        f"    return sorted({{*globals(){extra}}} - {{*_SPLIT_HIDDEN, \"_SPLIT_HIDDEN\"}})\n"
    )


def main_text(ctx, locations: Locations, guards: list[int], module_text: Callable) -> tuple[Path, str]:
    """`__main__.py` for a package, so `python -m mod` still runs the old `if __name__ == '__main__':` block."""
    text, _, _ = module_text(ctx, f"{locations.dotted}.__main__", False, guards, keep_module_name=False, main=True)
    return locations.source.with_suffix("") / "__main__.py", text
