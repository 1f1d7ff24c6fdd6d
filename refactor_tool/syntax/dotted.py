"""Dotted names (`a.b.c`) read out of LibCST and `ast` expressions, and built as LibCST expressions."""

from __future__ import annotations

import ast

import libcst as cst


def dotted(node: cst.BaseExpression | ast.expr) -> str | None:
    """`a.b.c` for a chain of names and attributes (LibCST's or `ast`'s), None for anything else."""
    if isinstance(node, cst.Name | ast.Name):
        return node.value if isinstance(node, cst.Name) else node.id
    if isinstance(node, cst.Attribute | ast.Attribute):
        head = dotted(node.value)
        attr = node.attr.value if isinstance(node, cst.Attribute) else node.attr
        return None if head is None else f"{head}.{attr}"
    return None


def dotted_node(name: str) -> cst.Name | cst.Attribute:
    """The LibCST expression spelling `name` (`a.b.c`)."""
    head, *rest = name.split(".")
    node: cst.Name | cst.Attribute = cst.Name(head)
    for part in rest:
        node = cst.Attribute(value=node, attr=cst.Name(part))
    return node
