"""What a merge leaves at each merged module's path (unless `--delete-sources`): a module importing its
names from the merged one, so `import pkg.a` and `from pkg.a import X` keep working and give the merged
module's objects. A package's `__main__.py` runs the merged module as a script instead."""

from __future__ import annotations

import ast
from collections.abc import Iterable

from refactor_tool.merging.model import SourceModule
from refactor_tool.syntax.facts import module_bindings
from refactor_tool.syntax.modnames import relative_import

_WIDTH = 100


def own_names(tree: ast.Module) -> frozenset[str]:
    """What a module binds at the top level, its imports included (importers may use those too)."""
    imported = {
        alias.asname or alias.name.split(".")[0]
        for node in tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
        if alias.name != "*"
    }
    return module_bindings(tree) | imported


def _import_order(name: str) -> tuple[int, str]:
    """isort's member order (as ruff applies it): CONSTANTS, then Classes, then everything else."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def _from_import(module: str, names: list[str], *, noqa: bool) -> str:
    mark = "  # noqa: F401" if noqa else ""
    line = f"from {module} import {', '.join(names)}{mark}\n"
    if len(line) <= _WIDTH + 1:
        return line
    return f"from {module} import ({mark}\n" + "".join(f"    {n},\n" for n in names) + ")\n"


def shim_text(
    source: SourceModule,
    names: Iterable[str],
    exports: tuple[str, ...] | None,
    into_name: str,
) -> str:
    """The module left at `source.path`; `names` are those it bound that the merged module binds too."""
    doc = (
        f'"""Merged into `{into_name}` by refactor-tool.\n\n'
        f"Its names come from there, so code importing `{source.name}` keeps working.\n"
        '"""\n'
    )
    if source.path.name == "__main__.py":
        return doc + f'\nimport runpy\n\nrunpy.run_module("{into_name}", run_name="__main__", alter_sys=True)\n'
    shown = sorted(
        (n for n in set(names) if not (n.startswith("__") and n.endswith("__"))), key=_import_order
    )
    if not shown:
        return doc
    is_package = source.path.name == "__init__.py"
    module = relative_import(source.name, is_package, into_name)
    listed = [n for n in exports or () if n in shown]
    text = doc + "\n" + _from_import(module, shown, noqa=exports is None or set(shown) - set(listed) != set())
    if exports is not None:
        text += "\n__all__ = [\n" + "".join(f'    "{n}",\n' for n in listed) + "]\n"
    return text
