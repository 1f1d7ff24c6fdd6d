"""Which module globals nested scopes read and rebind, from `symtable` (exact scoping, no LibCST metadata).

Class bodies and comprehensions run when their enclosing code runs; function and lambda bodies only
when called. Each nested scope is attributed to the top-level statement whose lines contain it.
"""

from __future__ import annotations

import ast
import bisect
import symtable
from dataclasses import dataclass, field

from refactor_tool.syntax.facts.walker import module_scope_names

_DEFERRED = {"function"}
_INLINE_NAMES = {"listcomp", "setcomp", "dictcomp", "genexpr"}
#: Class-body statements that bind their names on every run.
_SURE_BINDINGS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assign, ast.AnnAssign, ast.Import,
                  ast.ImportFrom)


@dataclass(slots=True)
class ScopeUses:
    """Globals read by nested scopes of one statement, split by when they are read."""

    import_time: set[str] = field(default_factory=set)
    call_time: set[str] = field(default_factory=set)
    rebinds: set[str] = field(default_factory=set)


def nested_scope_uses(source: str, filename: str, starts: list[int], ends: list[int]) -> list[ScopeUses]:
    """For each top-level statement (given by its line range) the globals its nested scopes use."""
    result = [ScopeUses() for _ in starts]
    top = symtable.symtable(source, filename, "exec")
    classes: dict[tuple[int, str], ast.ClassDef] = {
        (n.lineno, n.name): n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ClassDef)}
    for child in top.get_children():
        position = bisect.bisect_right(starts, child.get_lineno()) - 1
        if position < 0 or child.get_lineno() > ends[position]:
            continue
        _collect(child, deferred=False, into=result[position], classes=classes)
    return result


def bound_before_read(body: list[ast.stmt]) -> frozenset[str]:
    """Names a class body reads only after binding them itself, so never from the module: `def
    load_x(self): ...` then `dispatch[X] = load_x` (pickle's `_Unpickler`). Only bindings every run
    makes count (a `def`, `class`, import or assignment directly in the body, not under `if`/`try`); a
    `del` makes later reads global again; `x = x` reads the global."""
    bound: set[str] = set()
    early: set[str] = set()
    read: set[str] = set()
    for statement in body:
        names = module_scope_names([statement], future_annotations=False)
        read |= names.loads
        early |= names.loads - bound
        if isinstance(statement, _SURE_BINDINGS):
            bound |= set(names.defines)
        else:  # bound, or deleted, on some paths only: later reads may reach the module
            bound -= set(names.defines)
        bound -= set(names.deletes)
    return frozenset(read - early)


def _is_deferred(table: symtable.SymbolTable) -> bool:
    if table.get_type() != "function":
        return False
    return table.get_name() not in _INLINE_NAMES


def _collect(table: symtable.SymbolTable, *, deferred: bool, into: ScopeUses,
             classes: dict[tuple[int, str], ast.ClassDef]) -> None:
    deferred = deferred or _is_deferred(table)
    target = into.call_time if deferred else into.import_time
    is_class = table.get_type() == "class"
    node = classes.get((table.get_lineno(), table.get_name())) if is_class else None
    local = bound_before_read(node.body) if node is not None else frozenset()
    for symbol in table.get_symbols():
        # A class body reads globals even for names it assigns (`x = x` reads the global x first),
        # unless it bound them before every read.
        if not (symbol.is_global() or (is_class and symbol.is_referenced() and not symbol.is_free()
                                       and symbol.get_name() not in local)):
            continue
        if symbol.is_referenced():
            target.add(symbol.get_name())
        if symbol.is_declared_global() and (symbol.is_assigned() or symbol.is_imported()) \
                and table.get_type() == "function":  # `global easter; from dateutil import easter`
            into.rebinds.add(symbol.get_name())
    for child in table.get_children():
        _collect(child, deferred=deferred, into=into, classes=classes)
