"""Visit and rewrite only the statements that need it: LibCST traversal costs more than parsing.

`ast` (cheap) says which statements hold something of interest; the walk descends through class and
function bodies to the innermost such statements and visits only those with LibCST. A rewrite then
follows the same paths and leaves every other statement untouched.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Sequence

import libcst as cst

from refactor_tool.syntax.matching import pair_statements

Path = tuple[cst.BaseStatement, ...]


class PathVisitor(cst.CSTVisitor):
    """A visitor told which statements (outermost first) enclose the part it is visiting."""

    path: Path = ()


def _header_wanted(tree: ast.stmt, wanted: Callable[[Sequence[ast.AST]], bool]) -> bool:
    """Whether something of interest sits in a definition's header (bases, defaults, annotations)."""
    if isinstance(tree, ast.ClassDef):
        return wanted([*tree.bases, *tree.keywords])
    if isinstance(tree, ast.FunctionDef | ast.AsyncFunctionDef):
        args = tree.args
        return wanted([*args.defaults, *(d for d in args.kw_defaults if d is not None), args])
    return False


def visit_pruned(
    statements: Sequence[cst.BaseStatement],
    trees: Sequence[ast.stmt],
    visitor: PathVisitor,
    wanted: Callable[[Sequence[ast.AST]], bool],
    path: Path = (),
) -> None:
    """Visit, in source order, the innermost statements for which `wanted(their ast)` holds."""
    for statement, group in zip(statements, pair_statements(statements, trees), strict=True):
        if not wanted(group):
            continue
        here = (*path, statement)
        tree = group[0]
        descend = (
            len(group) == 1
            and isinstance(statement, cst.ClassDef | cst.FunctionDef)
            and isinstance(statement.body, cst.IndentedBlock)
            and not _header_wanted(tree, wanted)
        )
        visitor.path = here
        if not descend:
            statement.visit(visitor)
            continue
        assert isinstance(statement, cst.ClassDef | cst.FunctionDef)
        assert isinstance(tree, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        for decorator in statement.decorators:
            decorator.visit(visitor)
        assert isinstance(statement.body, cst.IndentedBlock)
        visit_pruned(statement.body.body, tree.body, visitor, wanted, here)


class PrunedTransformer(cst.CSTTransformer):
    """A transformer that only walks down `paths` (each ends at a statement it visits whole)."""

    def __init__(self, paths: Collection[Path]) -> None:
        super().__init__()
        self.through = {statement for path in paths for statement in path[:-1]}
        self.whole = {path[-1] for path in paths}
        self.depth = 0

    def on_visit(self, node: cst.CSTNode) -> bool:
        skipped = isinstance(node, cst.BaseStatement) and node not in self.through
        if self.depth == 0 and node not in self.whole and skipped:
            return False
        if node in self.whole:
            self.depth += 1
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode):  # type: ignore[override]
        if original_node in self.whole:
            self.depth -= 1
        return super().on_leave(original_node, updated_node)
