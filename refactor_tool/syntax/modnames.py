"""Dotted module names from file paths, and relative imports resolved against them (PEP 328 rules)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from refactor_tool.errors import InputError


def _packages_holding(path: Path) -> list[Path]:
    """The folders above `path` that are packages (hold an `__init__.py`), innermost first."""
    found = []
    directory = path.resolve().parent
    while (directory / "__init__.py").is_file():
        found.append(directory)
        directory = directory.parent
    return found


def module_name(path: Path) -> str:
    """`pkg/sub/mod.py` -> `pkg.sub.mod`, walking up while directories hold an `__init__.py`."""
    path = path.resolve()
    parts = [d.name for d in reversed(_packages_holding(path))]
    if path.name != "__init__.py":
        parts.append(path.stem)
    if not parts:
        raise InputError("cannot tell the module name of this file", path=path)
    return ".".join(parts)


def import_root(path: Path, dotted: str | None = None) -> Path:
    """The folder that, first on `sys.path`, makes `path` importable under its dotted name."""
    dotted = dotted if dotted is not None else module_name(path)
    depth = dotted.count(".") + (1 if path.name == "__init__.py" else 0)
    return path.resolve().parents[depth]


def top_package(path: Path) -> Path | None:
    """The outermost package folder holding `path` (`pkg/` for `pkg/sub/mod.py`), None outside one."""
    packages = _packages_holding(path)
    return packages[-1] if packages else None


def resolve(package: str, level: int, module: str | None, *, path: Path | None = None) -> str:
    """The absolute module a `from ...module import` refers to, seen from `package`."""
    if level == 0:
        return module or ""
    parts = package.split(".") if package else []
    if level - 1 > len(parts) or (level - 1 == len(parts) and not module):
        raise InputError("relative import goes beyond the top-level package", path=path)
    base = parts[: len(parts) - (level - 1)]
    if module:
        base.append(module)
    return ".".join(base)


def relative(target_package: str, absolute: str) -> tuple[int, str]:
    """(level, module) that reaches `absolute` from `target_package`; level 0 when they share no root."""
    here = target_package.split(".") if target_package else []
    there = absolute.split(".")
    common = 0
    while common < min(len(here), len(there)) and here[common] == there[common]:
        common += 1
    if common == 0:
        return 0, absolute
    return len(here) - common + 1, ".".join(there[common:])


def relative_import(importer: str, importer_is_package: bool, target: str) -> str:
    """How module `importer` spells an import of `target`: relative inside a shared package, else absolute."""
    here = importer if importer_is_package else importer.rpartition(".")[0]
    level, module = relative(here, target)
    return target if level == 0 else "." * level + module


def imported_modules(tree: ast.Module, package: str) -> Iterator[tuple[int, str]]:
    """(line, module) for every module an import statement anywhere in `tree` names, seen from `package`;
    `from a import b` names both `a` and `a.b` (b may be a module). Imports above the top are skipped."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            try:
                base = resolve(package, node.level, node.module)
            except InputError:
                continue
            yield node.lineno, base
            yield from ((node.lineno, f"{base}.{alias.name}") for alias in node.names)
