"""Every fact of one file read with `ast`: the reference reader (the scanner is checked against it), and
the reader of what the scanner leaves to it (files it cannot read with certainty, deprecated names).

Loaded only when a file needs it, so a run that only scans never imports `ast`.
"""

from __future__ import annotations

import ast
import warnings
from typing import Any

from refactor_tool.check.facts import (
    ImportFact,
    ModuleFacts,
    Scope,
    count_lines,
    mentions_deprecation,
    references,
)

_WARNINGS = frozenset({"DeprecationWarning", "PendingDeprecationWarning", "FutureWarning"})
_GUARDS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def read_facts_ast(data: bytes) -> ModuleFacts:
    """Every fact, with `ast`: the reference reader (the scanner is checked against it), and the reader of
    the files the scanner leaves to it."""
    lines = count_lines(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # `invalid escape sequence` and the like are not ours to report
            tree = ast.parse(data)
    except (SyntaxError, ValueError) as error:
        return ModuleFacts(lines, error=(getattr(error, "lineno", None) or 1, getattr(error, "msg", str(error))))
    reader = _Reader(deprecations=mentions_deprecation(data))
    reader.block(tree.body, Scope.MODULE, guarded=False, top=True)
    return ModuleFacts(lines, tuple(reader.imports), references(data), tuple(reader.deprecated), reader.main_guard)


class _Reader:
    """Walks statements only (imports are statements), never expressions: fast, and enough."""

    def __init__(self, *, deprecations: bool) -> None:
        self.imports: list[ImportFact] = []
        self.deprecated: list[tuple[str, int]] = []
        self.main_guard = False
        self.deprecations = deprecations
        self.literals: dict[str, tuple[str, ...]] = {}

    def block(self, body: list[ast.stmt], scope: Scope, *, guarded: bool, top: bool = False) -> None:
        for node in body:
            self.statement(node, scope, guarded=guarded, top=top)

    def statement(self, node: ast.stmt, scope: Scope, *, guarded: bool, top: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.imports.append(ImportFact(alias.name, (), 0, node.lineno, scope, guarded))
        elif isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            self.imports.append(ImportFact(node.module or "", names, node.level, node.lineno, scope, guarded))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if top and self.deprecations:
                self._deprecated_function(node)
            self.block(node.body, Scope.FUNCTION, guarded=guarded)
        elif isinstance(node, ast.ClassDef):
            if top and self.deprecations and (_has_deprecated_decorator(node) or _warns(node.body)):
                self.deprecated.append((node.name, node.lineno))
            self.block(node.body, scope, guarded=guarded)
        elif isinstance(node, ast.If):
            self._if(node, scope, guarded=guarded, top=top)
        elif isinstance(node, ast.Try | ast.TryStar):
            catches = any(_catches_import_error(handler) for handler in node.handlers)
            self.block(node.body, scope, guarded=guarded or catches, top=top)
            for handler in node.handlers:
                self.block(handler.body, scope, guarded=guarded, top=top)
            self.block(node.orelse, scope, guarded=guarded, top=top)
            self.block(node.finalbody, scope, guarded=guarded, top=top)
        elif isinstance(node, ast.For | ast.AsyncFor | ast.While | ast.With | ast.AsyncWith):
            self.block(node.body, scope, guarded=guarded, top=top)
            self.block(getattr(node, "orelse", []), scope, guarded=guarded, top=top)
        elif isinstance(node, ast.Match):
            for case in node.cases:
                self.block(case.body, scope, guarded=guarded, top=top)
        elif top and isinstance(node, ast.Assign) and len(node.targets) == 1:
            self._literal(node.targets[0], node.value)

    def _if(self, node: ast.If, scope: Scope, *, guarded: bool, top: bool) -> None:
        if _is_type_checking(node.test):
            inner = Scope.TYPE_CHECKING if scope is Scope.MODULE else scope
            self.block(node.body, inner, guarded=guarded)
            self.block(node.orelse, scope, guarded=guarded, top=top)
            return
        if top and _is_main_guard(node.test):
            self.main_guard = True
        self.block(node.body, scope, guarded=guarded, top=top)
        self.block(node.orelse, scope, guarded=guarded, top=top)

    def _literal(self, target: ast.expr, value: ast.expr) -> None:
        """Module-level string collections (`_DEPRECATED = {"old": "new"}`), read by `__getattr__`."""
        if not isinstance(target, ast.Name):
            return
        items = value.keys if isinstance(value, ast.Dict) else getattr(value, "elts", None)
        if isinstance(value, ast.Dict | ast.Set | ast.Tuple | ast.List) and items is not None:
            self.literals[target.id] = tuple(i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str))

    def _deprecated_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if node.name == "__getattr__":
            if _warns(list(ast.walk(node))):
                for name, line in self._getattr_names(node):
                    self.deprecated.append((name, line))
            return
        if _has_deprecated_decorator(node) or _warns(node.body[:3]):
            self.deprecated.append((node.name, node.lineno))

    def _getattr_names(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[tuple[str, int]]:
        """Names a warning `__getattr__` compares its argument with: `name == "old"`, `name in _OLD`."""
        found: list[tuple[str, int]] = []
        for compare in (n for n in ast.walk(node) if isinstance(n, ast.Compare)):
            for other in compare.comparators:
                if isinstance(other, ast.Constant) and isinstance(other.value, str):
                    found.append((other.value, compare.lineno))
                elif isinstance(other, ast.Tuple | ast.List | ast.Set):
                    found.extend((e.value, compare.lineno) for e in other.elts
                                 if isinstance(e, ast.Constant) and isinstance(e.value, str))
                elif isinstance(other, ast.Name) and other.id in self.literals:
                    found.extend((name, compare.lineno) for name in self.literals[other.id])
        return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _is_main_guard(test: ast.expr) -> bool:
    return (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"
            and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators))


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(_dotted_tail(t) in _GUARDS for t in types)


def _dotted_tail(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _has_deprecated_decorator(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> bool:
    return any(_dotted_tail(d.func if isinstance(d, ast.Call) else d) == "deprecated" for d in node.decorator_list)


def _warns(nodes: list[Any]) -> bool:
    """A `warnings.warn(..., DeprecationWarning)` call among `nodes` (statements or walked nodes)."""
    for node in nodes:
        call = node.value if isinstance(node, ast.Expr) else node
        if isinstance(call, ast.Call) and _dotted_tail(call.func) == "warn":
            arguments = [*call.args, *(k.value for k in call.keywords if k.arg == "category")]
            if any(_dotted_tail(a) in _WARNINGS for a in arguments):
                return True
    return False
