"""Dotted module names from file paths, and relative imports resolved against them (PEP 328 rules)."""

from __future__ import annotations

from pathlib import Path

from refactor_tool.errors import InputError


def module_name(path: Path) -> str:
    """`pkg/sub/mod.py` -> `pkg.sub.mod`, walking up while directories hold an `__init__.py`."""
    path = path.resolve()
    parts = [] if path.name == "__init__.py" else [path.stem]
    directory = path.parent
    while (directory / "__init__.py").is_file():
        parts.insert(0, directory.name)
        directory = directory.parent
    if not parts:
        raise InputError("cannot tell the module name of this file", path=path)
    return ".".join(parts)


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
