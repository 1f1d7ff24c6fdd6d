"""Imports of project modules that may import the split module back while a new module loads.

The original made such an import (`from . import _shims` in dill's `_dill.py`) after some definitions,
and the module it loads may read them back from the half-loaded original (`_dill.Sentinel`). A new module
whose loading runs that import is loaded by the facade only once those names are bound there.
"""

from __future__ import annotations

from refactor_tool.split.emit.new_module import ModuleText


def back_imports(texts: dict[str, ModuleText]) -> dict[str, dict[int, str]]:
    """New module -> the imports its loading runs (`ModuleText.loads_back`: of a project module that may
    import the split module back and read the names defined above that import) -> the module making it."""
    found: dict[str, dict[int, str]] = {}
    for dotted in texts:
        pending, seen = [dotted], {dotted}
        while pending:
            current = pending.pop(0)
            for index in texts[current].loads_back:
                found.setdefault(dotted, {}).setdefault(index, current)
            fresh = [m for m in texts[current].imports_from if m in texts and m not in seen]
            seen.update(fresh)
            pending += fresh
    return found


def _loads(dotted: str, texts: dict[str, ModuleText]) -> set[str]:
    """The new modules loading `dotted` loads, itself included."""
    found, pending = {dotted}, [dotted]
    while pending:
        fresh = [m for m in texts[pending.pop()].imports_from if m in texts and m not in found]
        found.update(fresh)
        pending += fresh
    return found


def bound_ahead(reexports: list[tuple[str, list[str]]], position: int, runs: dict[int, str],
                first: dict[str, int], texts: dict[str, ModuleText],
                back: dict[str, dict[int, str]], ran: set[int]) -> list[tuple[str, list[str]]]:
    """The names of modules after `reexports[position]` in load order that the original had bound
    above an import its loading runs (`runs`), where loading their module loads no module not loaded
    yet and runs no such import not run yet (`ran`): the facade binds them before that module loads."""
    if not runs:
        return []
    last = max(runs)
    loaded = {dotted for dotted, _ in reexports[:position]}
    found: list[tuple[str, list[str]]] = []
    for later, names in reexports[position + 1:]:
        above = [n for n in names if first.get(n, last) < last]
        if (above and later in texts and set(back.get(later, ())) <= ran
                and _loads(later, texts) - {later} <= loaded):
            found.append((later, above))
    return found
