"""Module `__getattr__` (PEP 562) bound by assignment: `__getattr__, __dir__ = make(...)`.

A split's facade makes its `__getattr__` with a factory defined in the module; the names it serves are
read from the nested `def __getattr__` and the factory's own dict literals.
"""

from __future__ import annotations

import ast


def binds_getattr(node: ast.Assign | ast.AnnAssign) -> bool:
    """Whether a module-level assignment binds `__getattr__` (also inside `a, b = ...`)."""
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return any(isinstance(n, ast.Name) and n.id == "__getattr__" for t in targets for n in ast.walk(t))


def factory_getattr(factory: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[dict[str, list[str]], ast.FunctionDef | None]:
    """The factory's dict literals by name (containers `name in homes` reads) and its nested `__getattr__`."""
    containers: dict[str, list[str]] = {}
    nested = None
    for statement in factory.body:
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Dict):
            keys = [k.value for k in statement.value.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)]
            containers.update({t.id: keys for t in statement.targets if isinstance(t, ast.Name)})
        elif isinstance(statement, ast.FunctionDef) and statement.name == "__getattr__":
            nested = statement
    return containers, nested
