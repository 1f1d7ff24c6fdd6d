"""The codemod behind "remove deprecated exports": named top-level definitions out, their `__all__`
entries out, and the imports only they used (removal scheduled with LibCST's `RemoveImportsVisitor`,
which keeps an import anything else still uses or exports).

Names served by a warning `__getattr__` are not definitions: they are reported, not rewritten.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import RemoveImportsVisitor


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
    context = CodemodContext()
    for module_name, alias in _imports_read_by(source, removed):
        RemoveImportsVisitor.remove_unused_import(context, module_name, alias)
    changed = RemoveImportsVisitor(context).transform_module(changed)
    if changed.body and not changed.header and changed.body[0].leading_lines:  # a removed first import
        changed = changed.with_deep_changes(changed.body[0], leading_lines=())
    return Removal(changed.code, tuple(sorted(removed)), tuple(sorted(names - removed)))


def _imports_read_by(source: str, removed: frozenset[str]) -> list[tuple[str, str | None]]:
    """(module, name) of each top-level import binding a name the removed definitions read."""
    tree = ast.parse(source)
    read = {node.id for statement in tree.body
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and statement.name in removed for node in ast.walk(statement) if isinstance(node, ast.Name)}
    found: list[tuple[str, str | None]] = []
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            found += [(alias.name, None) for alias in statement.names
                      if (alias.asname or alias.name.partition(".")[0]) in read]
        elif isinstance(statement, ast.ImportFrom) and statement.level == 0 and statement.module:
            found += [(statement.module, alias.name) for alias in statement.names
                      if (alias.asname or alias.name) in read]
    return found
