"""Which top-level statements a rewrite has to visit, found with `ast` so LibCST only walks those.

Transforming a whole 6,000-line module with LibCST costs more than parsing it; imports and uses of a
module alias sit in a few statements. `ast` statements are grouped into LibCST's top-level statements
(`a = 1; b = 2` is one `SimpleStatementLine`): a new one starts on a line after the previous one ended.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StatementIndex:
    """For each LibCST top-level statement: the imports it holds, and the names it mentions."""

    imports: tuple[tuple[ast.Import | ast.ImportFrom, ...], ...]
    names: tuple[frozenset[str], ...]

    def __len__(self) -> int:
        return len(self.names)

    def with_imports(self, relevant: Callable[[ast.Import | ast.ImportFrom], bool]) -> list[int]:
        """Statements holding an import the rewrite changes (stdlib imports in methods need no visit)."""
        return [i for i, found in enumerate(self.imports) if any(relevant(n) for n in found)]

    def mentioning(self, wanted: frozenset[str]) -> list[int]:
        return [i for i, names in enumerate(self.names) if names & wanted]


def _groups(tree: ast.Module) -> list[list[ast.stmt]]:
    groups: list[list[ast.stmt]] = []
    last_line = 0
    for node in tree.body:
        if groups and node.lineno <= last_line:
            groups[-1].append(node)
        else:
            groups.append([node])
        last_line = node.end_lineno or node.lineno
    return groups


def index_statements(tree: ast.Module) -> StatementIndex:
    """One walk over the tree: imports and mentioned names per top-level statement."""
    imports: list[tuple[ast.Import | ast.ImportFrom, ...]] = []
    names: list[frozenset[str]] = []
    for group in _groups(tree):
        found: list[ast.Import | ast.ImportFrom] = []
        mentioned: set[str] = set()
        for node in (n for statement in group for n in ast.walk(statement)):
            if isinstance(node, ast.Name):
                mentioned.add(node.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                found.append(node)
        imports.append(tuple(found))
        names.append(frozenset(mentioned))
    return StatementIndex(tuple(imports), tuple(names))
