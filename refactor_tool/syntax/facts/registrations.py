"""Registrations a module makes while it loads, keyed by what they register: `@register(TypeType)`,
`copyreg.pickle(Point, reduce_point)`.

Two registrations with the same key (the same function, called on the same object) replace one another:
the one that runs last wins, so they must run in their original order wherever they move. Names bound to
plain aliases (`ClassType = type`, `TypeType = type`) stand for the object they name.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence


def aliases(tree: ast.Module) -> dict[str, str]:
    """Module-level names bound once, to another name (`ClassType = type`) -> the name they end at."""
    bound: dict[str, list[ast.expr]] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bound.setdefault(target.id, []).append(node.value)
    direct = {name: values[0].id for name, values in bound.items()
              if len(values) == 1 and isinstance(values[0], ast.Name)}
    found = {}
    for name in direct:
        seen, current = {name}, direct[name]
        while current in direct and current not in seen:
            seen.add(current)
            current = direct[current]
        found[name] = current
    return found


def _key(call: ast.Call, names: dict[str, str]) -> str | None:
    if not call.args or not isinstance(call.args[0], ast.Name):
        return None
    first = call.args[0].id
    return f"{ast.unparse(call.func)}({names.get(first, first)})"


def registration_keys(nodes: Sequence[ast.stmt], names: dict[str, str]) -> frozenset[str]:
    """`register(type)` for each decorator call and module-level call statement whose first argument is
    a name (resolved through `names`, see `aliases`)."""
    found = set()
    for node in nodes:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            calls = [d for d in node.decorator_list if isinstance(d, ast.Call)]
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            calls = [node.value]
        else:
            calls = []
        found |= {key for call in calls if (key := _key(call, names))}
    return frozenset(found)
