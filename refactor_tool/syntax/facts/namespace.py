"""Module code that hands its own module to other code while it runs: `Enum._convert_(..., __name__, ...)`,
`_install(globals())`, `setattr(sys.modules[__name__], ...)`.

Such a call reads or writes whatever the module's namespace holds at that moment. Split into a package,
that namespace is the facade's while the new modules load, half built, and the names written there are
not where moved code looks for them; so such statements run in the facade, after every name is back.
"""

from __future__ import annotations

import ast

#: Enum helpers that build a class out of a module's names and put it (and its members) back there.
_CONVERTERS = frozenset({"_convert_", "_convert"})


def _is_namespace(node: ast.expr) -> bool:
    """`globals()`, `vars()` (no argument), `sys.modules[__name__]`."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.args and not node.keywords:
        return node.func.id in ("globals", "vars")
    return (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Name) and node.slice.id == "__name__"
            and isinstance(node.value, ast.Attribute) and node.value.attr == "modules")


class _ModuleScope(ast.NodeVisitor):
    """Walks what runs while the module loads: not function or lambda bodies."""

    def __init__(self) -> None:
        self.found = False

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for expr in (*node.decorator_list, *node.args.defaults, *(d for d in node.args.kw_defaults if d)):
            self.visit(expr)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        return

    def visit_Call(self, node: ast.Call) -> None:
        arguments = [*node.args, *(k.value for k in node.keywords)]
        if any(_is_namespace(a) for a in arguments):
            self.found = True
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in _CONVERTERS and any(
                isinstance(a, ast.Name) and a.id == "__name__" for a in arguments):
            self.found = True
        if isinstance(func, ast.Attribute) and _is_namespace(func.value) and func.attr in ("update", "setdefault"):
            self.found = True
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if _is_namespace(node):
            self.found = True
        self.generic_visit(node)


def hands_out_its_module(nodes: list[ast.stmt]) -> bool:
    """Whether the statement, while the module loads, passes its module's namespace to other code or
    reaches it through `sys.modules[__name__]`."""
    walker = _ModuleScope()
    for node in nodes:
        walker.visit(node)
    return walker.found


def lambda_names(nodes: list[ast.stmt]) -> tuple[str, ...]:
    """The module-level names the statement binds to a lambda (`key = lambda x: ...`, in module-level
    `if` and `try` blocks too): an object users reach as an attribute of the module and pass on.

    Pickle cannot find a lambda by name, so dill and cloudpickle pickle it by value with its globals,
    by reference only where those are `sys.modules[f.__module__].__dict__`. (Lambdas inside data, toolz's
    tables of signatures, are the module's own data: they move with it.)"""
    found: list[str] = []
    pending: list[ast.AST] = list(reversed(nodes))
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Lambda):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [t.id for t in targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.If | ast.Try | ast.With | ast.ExceptHandler):
            pending.extend(reversed(list(ast.iter_child_nodes(node))))
    return tuple(dict.fromkeys(found))


def _reads_one_name(call: ast.Call, parent: ast.AST | None) -> bool:
    """Whether `globals()` is only read by a key: `globals()[key]` loaded, `globals().get(key)`."""
    if isinstance(parent, ast.Subscript):
        return parent.value is call and isinstance(parent.ctx, ast.Load)
    return isinstance(parent, ast.Attribute) and parent.attr == "get" and isinstance(parent.ctx, ast.Load)


def namespace_reads_when_called(nodes: list[ast.stmt]) -> tuple[frozenset[int], tuple[str, ...]]:
    """The `globals()` calls of a top-level function, or of a method of a top-level class, that only read
    one name by a key computed when called (typing's `_GenericAlias.__reduce__`: `globals()[self._name]`):
    `id`s of those calls, and the functions (methods) holding them. Empty where any other `globals()`
    or `vars()` of the statement does more, or runs while the module loads: moved, such code reads the
    facade's namespace when called (`split.emit.source.read_facade`), only once every name is there."""
    if len(nodes) != 1 or not isinstance(nodes[0], (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return frozenset(), ()
    node = nodes[0]
    functions = [node] if not isinstance(node, ast.ClassDef) else \
        [d for d in node.body if isinstance(d, (ast.FunctionDef, ast.AsyncFunctionDef))]
    parents = {id(child): parent for parent in ast.walk(node) for child in ast.iter_child_nodes(parent)}
    inside: dict[int, str] = {}
    for function in functions:
        for statement in function.body:
            inside.update((id(sub), function.name) for sub in ast.walk(statement))
    calls = [sub for sub in ast.walk(node) if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name)
             and sub.func.id in ("globals", "vars") and not sub.args and not sub.keywords]
    # `vars()` in a function is its locals: left as it is (and pinned, as before).
    if not calls or any(c.func.id != "globals" or id(c) not in inside or not _reads_one_name(c, parents.get(id(c)))
                        for c in calls):
        return frozenset(), ()
    return frozenset(id(c) for c in calls), tuple(dict.fromkeys(inside[id(c)] for c in calls))
