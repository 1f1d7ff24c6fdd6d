"""Which other modules of the package still import a merged module: they break once the sources are deleted."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.merging.model import SourceModule
from refactor_tool.syntax.modnames import module_name, resolve


def _package_root(path: Path) -> Path:
    directory = path.resolve().parent
    while (directory.parent / "__init__.py").is_file():
        directory = directory.parent
    return directory


def _imported_modules(tree: ast.Module, package: str) -> Iterable[tuple[int, str]]:
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


def find_importers(sources: Sequence[SourceModule], into: Path) -> tuple[str, ...]:
    """`path:line imports module` for every import of a merged module outside the merged set."""
    merged = {s.name for s in sources}
    skip = {s.path.resolve() for s in sources} | {into.resolve()}
    found: list[str] = []
    root = _package_root(into)
    if not (root / "__init__.py").is_file():
        return ()
    for path in sorted(root.rglob("*.py")):
        if path.resolve() in skip or "__pycache__" in path.parts:
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            name = module_name(path)
        except (SyntaxError, UnicodeDecodeError, InputError):
            continue
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        hits = sorted(
            {
                (line, module)
                for line, module in _imported_modules(tree, package)
                if module in merged
            }
        )
        found += [f"{path}:{line} imports {module}" for line, module in hits]
    return tuple(found)
