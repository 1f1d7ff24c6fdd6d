"""Dotted names (`a.b.c`) read out of LibCST and `ast` expressions, and built as LibCST expressions."""

from __future__ import annotations

import ast

import libcst as cst


def dotted(node: cst.BaseExpression) -> str | None:
    """`a.b.c` for a chain of names and attributes, None for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return None if head is None else f"{head}.{node.attr.value}"
    return None


def ast_dotted(node: ast.expr) -> str | None:
    """`dotted` for an `ast` expression."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = ast_dotted(node.value)
        return None if head is None else f"{head}.{node.attr}"
    return None


def dotted_node(name: str) -> cst.Name | cst.Attribute:
    """The LibCST expression spelling `name` (`a.b.c`)."""
    head, *rest = name.split(".")
    node: cst.Name | cst.Attribute = cst.Name(head)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node
