"""Which other modules of the package import a merged module: they break if `--delete-sources` deletes it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.merging.model import SourceModule
from refactor_tool.syntax.facts import parse_source
from refactor_tool.syntax.modnames import imported_modules, module_name, top_package
from refactor_tool.syntax.source import read_source


def find_importers(sources: Sequence[SourceModule], into: Path) -> tuple[str, ...]:
    """`path:line imports module` for every import of a merged module outside the merged set."""
    merged = {s.name for s in sources}
    skip = {s.path.resolve() for s in sources} | {into.resolve()}
    found: list[str] = []
    root = top_package(into)
    if root is None:
        return ()
    for path in sorted(root.rglob("*.py")):
        if path.resolve() in skip or "__pycache__" in path.parts:
            continue
        try:
            tree = parse_source(read_source(path).text, str(path))
            name = module_name(path)
        except InputError:
            continue  # a module Python cannot read imports nothing
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        hits = sorted(
            {
                (line, module)
                for line, module in imported_modules(tree, package)
                if module in merged
            }
        )
        found += [f"{path}:{line} imports {module}" for line, module in hits]
    return tuple(found)
