"""Which module names a statement may *run* while the module executes, not just mention.

`Ping()` or `@register` at import time runs code; `handler_class = Pong`, a base class or a default
value only refers to it. Code that nothing runs during import can name a module that is loaded
later: this is what lets planning separate definitions that use each other only when called.
Anything unclear counts as run (the safe side).
"""

from __future__ import annotations

import ast

_DISPLAYS = (ast.Tuple, ast.List, ast.Set)


def _names(node: ast.AST | None, into: set[str]) -> None:
    """Every name read in `node`, skipping lambda bodies (they run only when called)."""
    if node is None:
        return
    if isinstance(node, ast.Lambda):
        for default in (*node.args.defaults, *node.args.kw_defaults):
            _names(default, into)
        return
    if isinstance(node, ast.Name):
        into.add(node.id)
        return
    for child in ast.iter_child_nodes(node):
        _names(child, into)


def _value(node: ast.expr | None, into: set[str]) -> None:
    """A value stored at import time: a bare reference is inert, anything computed runs its names."""
    if node is None or isinstance(node, (ast.Name, ast.Constant)):
        return
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return
    if isinstance(node, _DISPLAYS):
        for element in node.elts:
            _value(element, into)
        return
    if isinstance(node, ast.Dict):
        for part in (*node.keys, *node.values):
            _value(part, into)
        return
    _names(node, into)


def _statement(node: ast.stmt, into: set[str], hooks: bool, imported: frozenset[str]) -> None:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        for decorator in node.decorator_list:
            _names(decorator, into)
        for default in (*node.args.defaults, *node.args.kw_defaults):
            _value(default, into)
    elif isinstance(node, ast.ClassDef):
        for expr in (*node.decorator_list, *(k.value for k in node.keywords)):
            _names(expr, into)
        for base in node.bases:
            (_names if hooks else _value)(base, into)
        for child in node.body:
            _statement(child, into, hooks, imported)
    elif isinstance(node, ast.Assign):
        # `typing._collect_parameters = _collect_parameters`: code outside the module may call what it is
        # handed at any time while this module goes on loading (typing does, for each generic class).
        (_names if any(_root(t) in imported for t in node.targets) else _value)(node.value, into)
        for target in node.targets:
            if not isinstance(target, (ast.Name, ast.Tuple, ast.List)):
                _names(target, into)
    elif isinstance(node, ast.AnnAssign):
        _value(node.value, into)
    elif isinstance(node, (ast.Import, ast.ImportFrom, ast.Pass, ast.Global, ast.Nonlocal, ast.Delete)):
        return
    elif isinstance(node, (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.With, ast.AsyncWith)) or (
            hasattr(ast, "TryStar") and isinstance(node, ast.TryStar)):
        for field in ("test", "iter", "target"):
            _names(getattr(node, field, None), into)
        for item in getattr(node, "items", ()):
            _names(item, into)
        for block in ("body", "orelse", "finalbody"):
            for child in getattr(node, block, ()):
                _statement(child, into, hooks, imported)
        for handler in getattr(node, "handlers", ()):
            _names(handler.type, into)
            for child in handler.body:
                _statement(child, into, hooks, imported)
    else:
        _names(node, into)


_CREATION = {"__new__", "__init__", "__prepare__"}


def _is_metaclass(node: ast.ClassDef) -> bool:
    names = {b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else "" for b in node.bases}
    return "type" in names or any(n.endswith("Meta") for n in names)


def has_subclass_hooks(tree: ast.Module) -> bool:
    """`__init_subclass__`, or a metaclass with its own `__new__`/`__init__`/`__prepare__`, anywhere:
    then even naming a base class may run its code."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "__init_subclass__":
            return True
        if isinstance(node, ast.ClassDef) and _is_metaclass(node) and any(
                isinstance(f, ast.FunctionDef) and f.name in _CREATION for f in node.body):
            return True
    return False


def _root(target: ast.expr) -> str:
    """`typing` for `typing.x.y = ...` or `typing.table[k] = ...`; "" for a plain name."""
    if not isinstance(target, (ast.Attribute, ast.Subscript)):
        return ""
    while isinstance(target, (ast.Attribute, ast.Subscript)):
        target = target.value
    return target.id if isinstance(target, ast.Name) else ""


def imported_names(tree: ast.Module) -> frozenset[str]:
    """The names the module's own imports bind at its top level (under `if`, `try`, `with` too)."""
    found: set[str] = set()
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update((a.asname or a.name).partition(".")[0] for a in node.names if a.name != "*")
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            pending.extend(child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt))
            pending.extend(s for h in getattr(node, "handlers", ()) for s in h.body)
    return frozenset(found)


def executed_names(nodes: list[ast.stmt], hooks: bool, imported: frozenset[str] = frozenset()) -> frozenset[str]:
    """The module names `nodes` may run while the module loads; `imported`: names bound by its imports
    (what is stored into them is handed to code outside the module)."""
    found: set[str] = set()
    for node in nodes:
        _statement(node, found, hooks, imported)
    return frozenset(found)
