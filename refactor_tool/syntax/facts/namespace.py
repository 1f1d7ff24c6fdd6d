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
