"""Match LibCST's top-level (or block) statements with `ast`'s, so analysis can run on the cheap tree.

The two see the same statements except that LibCST keeps `a = 1; b = 2` on one line.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst


def pair_statements(
    statements: Sequence[cst.BaseStatement], trees: Sequence[ast.stmt]
) -> list[tuple[ast.stmt, ...]]:
    """For each LibCST statement, the `ast` statements it holds (several for `a = 1; b = 2`)."""
    pairs: list[tuple[ast.stmt, ...]] = []
    position = 0
    for statement in statements:
        count = len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        pairs.append(tuple(trees[position : position + count]))
        position += count
    if position != len(trees):
        raise AssertionError(f"LibCST and ast disagree on statements: {position} vs {len(trees)}")
    return pairs
