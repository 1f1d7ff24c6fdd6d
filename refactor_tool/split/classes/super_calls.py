"""Zero-argument `super()` and `__class__` in a method moved out of its class statement, written out.

The compiler gives a method using either a `__class__` cell, which `type.__new__` fills with the
class the body defines. A method compiled in a part module's class of the same name would get that
class instead, so the part writes what the two mean: `super()` as `super(EnumType, metacls)` (the
class and the method's first parameter, which is what the zero-argument form reads) and `__class__`
as `EnumType`, the class its part module is given by name (`split.emit.live_reads`).

That is possible only where the method's own code uses them: in a nested function, a lambda or a
comprehension they would name that scope's first argument, and a static method has none.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

import libcst as cst

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp,
           ast.DictComp, ast.GeneratorExp)


def _is_zero_argument(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return node.id == "__class__"
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
            and not node.args and not node.keywords)


def _own_scope(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[ast.AST]:
    """Every node of the function's body outside nested scopes."""
    todo: list[ast.AST] = list(function.body)
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, _SCOPES):
            todo.extend(ast.iter_child_nodes(node))


def first_parameter(function: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    positional = [*function.args.posonlyargs, *function.args.args]
    return positional[0].arg if positional else None


def uses_class_cell(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether the method uses zero-argument `super()` or `__class__` anywhere."""
    return any(_is_zero_argument(node) for node in ast.walk(function))


def super_rewritable(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether every zero-argument `super()` and `__class__` of the method can be written out."""
    everywhere = sum(1 for node in ast.walk(function) if _is_zero_argument(node))
    if not everywhere:
        return True
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in function.decorator_list)
    own = sum(1 for node in _own_scope(function) if _is_zero_argument(node))
    return not static and first_parameter(function) is not None and own == everywhere


class _WrittenOut(cst.CSTTransformer):
    def __init__(self, class_name: str, first: str) -> None:
        self.class_name = class_name
        self.first = first
        self.depth = 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.depth += 1
        return True

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
        self.depth -= 1
        return updated

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False  # `super_rewritable` made sure nothing to write out is in there

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        func = updated.func
        if self.depth == 1 and isinstance(func, cst.Name) and func.value == "super" and not updated.args:
            return updated.with_changes(args=[cst.Arg(cst.Name(self.class_name)), cst.Arg(cst.Name(self.first))])
        return updated

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        return cst.Name(self.class_name) if self.depth == 1 and updated.value == "__class__" else updated

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute) -> cst.BaseExpression:
        # `cls.__class__` is an attribute, not the cell: keep its name.
        return updated.with_changes(attr=original.attr)


def explicit_super(method: cst.FunctionDef, class_name: str) -> cst.FunctionDef:
    """`method` with its zero-argument `super()` and `__class__` written out (see `super_rewritable`)."""
    params = [*method.params.posonly_params, *method.params.params]
    if not params:
        return method
    written = method.visit(_WrittenOut(class_name, params[0].name.value))
    assert isinstance(written, cst.FunctionDef)
    return written
