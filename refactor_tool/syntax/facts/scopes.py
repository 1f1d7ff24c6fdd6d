"""Which module globals nested scopes read and rebind, from `symtable` (exact scoping, no LibCST metadata).

Class bodies and comprehensions run when their enclosing code runs; function and lambda bodies only
when called. Each nested scope is attributed to the top-level statement whose lines contain it.
"""

from __future__ import annotations

import bisect
import symtable
from dataclasses import dataclass, field

_DEFERRED = {"function"}
_INLINE_NAMES = {"listcomp", "setcomp", "dictcomp", "genexpr"}


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
    for child in top.get_children():
        position = bisect.bisect_right(starts, child.get_lineno()) - 1
        if position < 0 or child.get_lineno() > ends[position]:
            continue
        _collect(child, deferred=False, into=result[position])
    return result


def _is_deferred(table: symtable.SymbolTable) -> bool:
    if table.get_type() != "function":
        return False
    return table.get_name() not in _INLINE_NAMES


def _collect(table: symtable.SymbolTable, *, deferred: bool, into: ScopeUses) -> None:
    deferred = deferred or _is_deferred(table)
    target = into.call_time if deferred else into.import_time
    is_class = table.get_type() == "class"
    for symbol in table.get_symbols():
        # A class body reads globals even for names it assigns (`x = x` reads the global x first).
        if not (symbol.is_global() or (is_class and symbol.is_referenced() and not symbol.is_free())):
            continue
        if symbol.is_referenced():
            target.add(symbol.get_name())
        if symbol.is_declared_global() and (symbol.is_assigned() or symbol.is_imported()) \
                and table.get_type() == "function":  # `global easter; from dateutil import easter`
            into.rebinds.add(symbol.get_name())
    for child in table.get_children():
        _collect(child, deferred=deferred, into=into)
