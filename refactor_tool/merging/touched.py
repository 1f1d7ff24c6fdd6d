"""Which top-level statements a rewrite has to visit, found with `ast` so LibCST only walks those.

Transforming a whole 6,000-line module with LibCST costs more than parsing it; imports and uses of a
module alias sit in a few statements. `ast` statements are grouped into LibCST's top-level statements
(`a = 1; b = 2` is one `SimpleStatementLine`): a new one starts on a line after the previous one ended.
"""

from __future__ import annotations

import ast
from collections.abc import Callable


def statement_groups(tree: ast.Module) -> list[list[ast.stmt]]:
    groups: list[list[ast.stmt]] = []
    last_line = 0
    for node in tree.body:
        if groups and node.lineno <= last_line:
            groups[-1].append(node)
        else:
            groups.append([node])
        last_line = node.end_lineno or node.lineno
    return groups


def touched(groups: list[list[ast.stmt]], wanted: Callable[[ast.AST], bool]) -> list[int]:
    """Indices of the groups holding any node `wanted` accepts."""
    return [
        i for i, group in enumerate(groups) if any(wanted(n) for s in group for n in ast.walk(s))
    ]


def is_import(node: ast.AST) -> bool:
    return isinstance(node, (ast.Import, ast.ImportFrom))


def names_any(names: frozenset[str]) -> Callable[[ast.AST], bool]:
    return lambda node: isinstance(node, ast.Name) and node.id in names
