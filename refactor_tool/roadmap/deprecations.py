"""The codemod behind "remove deprecated exports": named top-level definitions out, their `__all__`
entries out, and the imports only they used (an import anything left still reads or exports stays).

Imports are dropped here rather than by LibCST's `RemoveImportsVisitor`, which loses the blank line that
separates import groups when it drops a whole statement. Names served by a warning `__getattr__` are not
definitions: they are reported, not rewritten.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import libcst as cst


@dataclass(frozen=True, slots=True)
class Removal:
    text: str
    removed: tuple[str, ...]
    #: names asked for that are not top-level definitions (a warning `__getattr__` serves them)
    left: tuple[str, ...]


class _WithoutDefinitions(cst.CSTTransformer):
    """Drops top-level `def`/`class` statements named in `names`, and those names from `__all__`."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names
        self.removed: list[str] = []

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        body = []
        for statement in updated.body:
            if isinstance(statement, cst.FunctionDef | cst.ClassDef) and statement.name.value in self.names:
                self.removed.append(statement.name.value)
                continue
            body.append(_without_exports(statement, self.names))
        return updated.with_changes(body=body)


def _without_exports(statement: cst.BaseStatement, names: frozenset[str]) -> cst.BaseStatement:
    """`__all__ = [...]` (list or tuple of strings) without the names; anything else unchanged."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return statement
    assign = statement.body[0]
    if not (isinstance(assign, cst.Assign) and len(assign.targets) == 1
            and isinstance(assign.targets[0].target, cst.Name) and assign.targets[0].target.value == "__all__"
            and isinstance(assign.value, cst.List | cst.Tuple)):
        return statement
    kept = [element for element in assign.value.elements
            if not (isinstance(element.value, cst.SimpleString) and element.value.evaluated_value in names)]
    if len(kept) == len(assign.value.elements):
        return statement
    if kept:  # the last element keeps the comma style of the one it replaces
        kept[-1] = kept[-1].with_changes(comma=assign.value.elements[-1].comma)
    return statement.with_changes(body=[assign.with_changes(value=assign.value.with_changes(elements=kept))])


def remove_definitions(source: str, names: frozenset[str]) -> Removal:
    """`source` without the top-level definitions `names` (and what only they needed)."""
    module = cst.parse_module(source)
    remover = _WithoutDefinitions(names)
    changed = module.visit(remover)
    removed = frozenset(remover.removed)
    if removed:
        unused = _read_by(ast.parse(source), removed) - _read_by(ast.parse(changed.code), None)
        changed = changed.visit(_WithoutImports(unused))
    return Removal(changed.code, tuple(sorted(removed)), tuple(sorted(names - removed)))


def _read_by(tree: ast.Module, definitions: frozenset[str] | None) -> set[str]:
    """Names the given top-level definitions read (None: the whole module, `__all__`'s strings too)."""
    nodes = tree.body if definitions is None else [
        s for s in tree.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and s.name in definitions]
    read = {node.id for statement in nodes for node in ast.walk(statement)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    if definitions is None:
        exports = [s.value for s in tree.body if isinstance(s, ast.Assign)
                   and any(isinstance(t, ast.Name) and t.id == "__all__" for t in s.targets)]
        read |= {node.value for value in exports for node in ast.walk(value)
                 if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    return read


class _WithoutImports(cst.CSTTransformer):
    """Drops top-level import aliases binding `names`; a statement left empty goes, its blank lines kept."""

    def __init__(self, names: set[str]) -> None:
        self.names = names

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        body: list[cst.BaseStatement] = []
        spare: tuple[cst.EmptyLine, ...] = ()
        for statement in updated.body:
            kept = self._without(statement)
            if kept is None:
                spare = spare or tuple(getattr(statement, "leading_lines", ()))
                continue
            if spare and not kept.leading_lines:
                kept = kept.with_changes(leading_lines=spare)
            spare = ()
            body.append(kept)
        return updated.with_changes(body=body)

    def _without(self, statement: cst.BaseStatement) -> cst.BaseStatement | None:
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            return statement
        node = statement.body[0]
        if not isinstance(node, cst.Import | cst.ImportFrom) or isinstance(node.names, cst.ImportStar):
            return statement
        aliases = [a for a in node.names if _bound(a) not in self.names]
        if len(aliases) == len(node.names):
            return statement
        if not aliases:
            return None
        aliases[-1] = aliases[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return statement.with_changes(body=[node.with_changes(names=aliases)])


def _bound(alias: cst.ImportAlias) -> str:
    """The name an import alias binds: `as` name, else the first part of the dotted name."""
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    name = alias.name
    while isinstance(name, cst.Attribute):
        name = name.value
    assert isinstance(name, cst.Name)
    return name.value
