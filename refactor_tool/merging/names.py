"""What each top-level statement binds and which names it needs while the module is being imported.

Stdlib `ast` only (fast); import-time uses decide the order of the merged module, call-time uses only
matter when a function is called while importing (decorators, module-level calls).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StatementNames:
    binds: frozenset[str]
    import_time: frozenset[str]
    call_time: frozenset[str]
    called: frozenset[str]
    #: Calls `dir()`, `globals()`, `vars()` or `locals()` while importing: sees every name defined before it.
    reads_namespace: bool = False


_NAMESPACE_READERS = frozenset({"dir", "globals", "vars", "locals"})


class _Uses(ast.NodeVisitor):
    """Collects loaded names, split by whether they run at import time or only when something is called."""

    def __init__(self, lazy_annotations: bool) -> None:
        self.lazy_annotations = lazy_annotations
        self.now: set[str] = set()
        self.later: set[str] = set()
        self.called: set[str] = set()
        self.deferred = 0
        self.reads_namespace = False

    def _add(self, name: str) -> None:
        (self.later if self.deferred else self.now).add(name)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._add(node.id)

    def visit_Call(self, node: ast.Call) -> None:
        if not self.deferred and isinstance(node.func, ast.Name):
            self.called.add(node.func.id)
            if node.func.id in _NAMESPACE_READERS and not node.args and not node.keywords:
                self.reads_namespace = True
        self.generic_visit(node)

    def _annotation(self, node: ast.expr | None) -> None:
        if node is None:
            return
        if self.lazy_annotations:
            self.deferred += 1
            self.visit(node)
            self.deferred -= 1
        else:
            self.visit(node)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                if not self.deferred and isinstance(decorator, ast.Name):
                    self.called.add(decorator.id)
                self.visit(decorator)
            self._annotation(node.returns)
            for arg in (
                *node.args.posonlyargs,
                *node.args.args,
                *node.args.kwonlyargs,
                node.args.vararg,
                node.args.kwarg,
            ):
                if arg is not None:
                    self._annotation(arg.annotation)
        for default in (*node.args.defaults, *node.args.kw_defaults):
            if default is not None:
                self.visit(default)
        body = node.body if isinstance(node.body, list) else [node.body]
        outer, self.later = self.later, set()
        self.deferred += 1
        for statement in body:
            self.visit(statement)
        self.deferred -= 1
        outer |= self.later - _local_names(node.args, body)
        self.later = outer

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function
    visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for decorator in node.decorator_list:
            if not self.deferred and isinstance(decorator, ast.Name):
                self.called.add(decorator.id)
            self.visit(decorator)
        for expr in (*node.bases, *(k.value for k in node.keywords)):
            self.visit(expr)
        for statement in node.body:
            self.visit(statement)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._annotation(node.annotation)
        if node.value is not None:
            self.visit(node.value)
        self.visit(node.target)


def _local_names(args: ast.arguments, body: list[ast.stmt] | list[ast.expr]) -> set[str]:
    """Parameters and names a function assigns (minus `global`s): loads of these are not free names.

    Approximate on purpose: a nested function's locals count too, which can only hide a dependency on
    a global of the same name, never invent one (an invented one can make a false import-time cycle).
    """
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    local = {a.arg for a in params if a is not None}
    declared: set[str] = set()
    for statement in body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                local.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                local.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                local |= {a.asname or a.name.split(".")[0] for a in node.names}
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                declared |= set(node.names)
    return local - declared


def _bound(node: ast.AST, into: set[str]) -> None:
    """Names a statement binds in the module namespace (not inside functions or classes)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        into.add(node.name)
        return
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        for alias in node.names:
            if alias.name != "*":
                into.add(alias.asname or alias.name.split(".")[0])
        return
    if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
        into.add(node.id)
        return
    if isinstance(node, ast.NamedExpr):
        _bound(node.target, into)
    if isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        return
    for child in ast.iter_child_nodes(node):
        _bound(child, into)


def module_bindings(tree: ast.Module) -> frozenset[str]:
    """Names a module binds itself at the top level, its imports excluded."""
    names: set[str] = set()
    for node in tree.body:
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            _bound(node, names)
    return frozenset(names)


def statement_names(source: str, *, lazy_annotations: bool) -> StatementNames:
    """Analyse one top-level statement given as source text."""
    tree = ast.parse(source)
    binds: set[str] = set()
    uses = _Uses(lazy_annotations)
    for node in tree.body:
        _bound(node, binds)
        uses.visit(node)
    return StatementNames(
        frozenset(binds),
        frozenset(uses.now),
        frozenset(uses.later),
        frozenset(uses.called),
        uses.reads_namespace,
    )
