"""Annotation text in one canonical spelling, so `t.Optional[str]` and `str | None` compare equal.

Only spellings of the same type are merged (typing aliases, PEP 604 unions, union order); a real
change of type still shows.
"""

from __future__ import annotations

import ast
import functools

_BUILTIN_ALIASES = {
    "List": "list", "Dict": "dict", "Tuple": "tuple", "Set": "set", "FrozenSet": "frozenset", "Type": "type",
}
_TYPING_MODULES = {"t", "typing", "typing_extensions", "te", "cabc", "abc", "collections.abc"}


class _Canonical(ast.NodeTransformer):
    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        value = ast.unparse(node.value)
        if value in _TYPING_MODULES:
            return ast.Name(_BUILTIN_ALIASES.get(node.attr, node.attr))
        return self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> ast.AST:
        return ast.Name(_BUILTIN_ALIASES.get(node.id, node.id))

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        node = self.generic_visit(node)  # type: ignore[assignment]
        head = node.value.id if isinstance(node.value, ast.Name) else ""
        items = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
        if head == "Optional":
            return _union([*items, ast.Constant(None)])
        if head == "Union":
            return _union(items)
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        """A quoted forward reference inside an annotation (`list['Item']`) means the same as the bare name."""
        if isinstance(node.value, str):
            try:
                parsed: ast.AST = self.visit(ast.parse(node.value, mode="eval").body)
                return parsed
            except SyntaxError:
                return node
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        node = self.generic_visit(node)  # type: ignore[assignment]
        if isinstance(node.op, ast.BitOr):
            return _union(_members(node))
        return node


def _members(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return [*_members(node.left), *_members(node.right)]
    return [node]


def _union(items: list[ast.expr]) -> ast.expr:
    flat = [member for item in items for member in _members(item)]
    unique = sorted({ast.unparse(item): item for item in flat}.items())
    result: ast.expr = unique[0][1]
    for _, item in unique[1:]:
        result = ast.BinOp(result, ast.BitOr(), item)
    return result


@functools.lru_cache(maxsize=4096)
def canonical(annotation: str | None) -> str | None:
    """The canonical text of `annotation` (unchanged when it does not parse, e.g. a string forward ref)."""
    if annotation is None:
        return None
    try:
        tree = ast.parse(annotation.strip("'\""), mode="eval")
    except SyntaxError:
        return annotation
    return ast.unparse(_Canonical().visit(tree.body))
