"""Which top-level statements a rewrite has to visit, found with `ast` so LibCST only walks those.

Transforming a whole 6,000-line module with LibCST costs more than parsing it; imports and uses of a
module alias sit in a few statements. Every name the statement spells counts (locals too): the rewrite
is textual, so this must find each statement it would change, not only the globals `syntax.facts` reads.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import libcst as cst

from refactor_tool.syntax.matching import pair_statements


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


def index_statements(statements: Sequence[cst.BaseStatement], tree: ast.Module) -> StatementIndex:
    """One walk over the tree: imports and mentioned names per LibCST top-level statement."""
    imports: list[tuple[ast.Import | ast.ImportFrom, ...]] = []
    names: list[frozenset[str]] = []
    for group in pair_statements(statements, tree.body):
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
