"""Module-scope names of one top-level statement: what it binds, deletes, mutates and reads while executing.

Nested scope bodies are skipped here (see `scopes`): only the parts Python evaluates in the module's
own namespace (decorators, defaults, bases, annotations, plain module code) are walked.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


@dataclass(slots=True)
class ModuleScopeNames:
    defines: list[str] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    loads: set[str] = field(default_factory=set)
    annotations: set[str] = field(default_factory=set)
    mutates: list[str] = field(default_factory=list)
    annotates: bool = False
    introspects: bool = False


class _Walker(ast.NodeVisitor):
    def __init__(self, names: ModuleScopeNames, future_annotations: bool) -> None:
        self.names = names
        self.future_annotations = future_annotations
        self.in_annotation = False

    def _bind(self, name: str) -> None:
        if name not in self.names.defines:
            self.names.defines.append(name)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store):
            self._bind(node.id)
        elif isinstance(node.ctx, ast.Del):
            self.names.deletes.append(node.id)
        elif self.in_annotation and self.future_annotations:
            self.names.annotations.add(node.id)
        else:
            self.names.loads.add(node.id)

    def _annotation(self, node: ast.expr | None) -> None:
        if node is None:
            return
        previous, self.in_annotation = self.in_annotation, True
        self.visit(node)
        self.in_annotation = previous

    def _arguments(self, args: ast.arguments) -> None:
        for default in (*args.defaults, *args.kw_defaults):
            if default is not None:
                self.visit(default)
        for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
            if arg is not None:
                self._annotation(arg.annotation)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._arguments(node.args)
        self._annotation(node.returns)
        self._bind(node.name)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._arguments(node.args)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expr in (*node.decorator_list, *node.bases, *(k.value for k in node.keywords)):
            self.visit(expr)
        self._bind(node.name)

    def _comprehension(self, node: ast.expr) -> None:
        generators = node.generators  # type: ignore[attr-defined]
        if generators:
            self.visit(generators[0].iter)

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.names.annotates = self.names.annotates or (isinstance(node.target, ast.Name) and node.simple == 1)
        self._annotation(node.annotation)
        if node.value is not None:
            self.visit(node.value)
            self.visit(node.target)
        elif not isinstance(node.target, ast.Name):
            self.visit(node.target)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and not node.args and node.func.id in ("dir", "globals", "vars", "locals"):
            self.names.introspects = True  # reads the whole module namespace while the module runs
        named = _one_global_read(node)
        if named is not None:
            self.names.loads.add(named)  # `globals().get("__spec__")`: a read of one name, not of them all
            for argument in (*node.args[1:], *(k.value for k in node.keywords)):
                self.visit(argument)
            return
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        named = _one_global_read(node)
        if named is not None:
            self.names.loads.add(named)  # `globals()["name"]`
            return
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if isinstance(node.target, ast.Name):
            self.names.loads.add(node.target.id)
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._bind(alias.asname or alias.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name != "*":
                self._bind(alias.asname or alias.name)

    def visit_Global(self, node: ast.Global) -> None:
        return

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        if node.name:
            self._bind(node.name)
        self.generic_visit(node)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self._bind(node.name)


def _is_globals(node: ast.expr) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("globals", "vars")
            and not node.args and not node.keywords)


def _one_global_read(node: ast.expr) -> str | None:
    """The name read by `globals().get("name", ...)` or `globals()["name"]` (a load), else None."""
    key: ast.expr | None = None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
            and _is_globals(node.func.value) and node.args:
        key = node.args[0]
    elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and _is_globals(node.value):
        key = node.slice
    if isinstance(key, ast.Constant) and isinstance(key.value, str):
        return key.value
    return None


def _base_name(node: ast.expr) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _mutated_bases(node: ast.stmt) -> list[str]:
    """Names whose objects a non-binding statement changes: `Foo.x = 1`, `reg.append(f)`, `del d[k]`."""
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = [t for t in node.targets if isinstance(t, (ast.Attribute, ast.Subscript))]
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and isinstance(node.target, (ast.Attribute, ast.Subscript)):
        targets = [node.target]
    elif isinstance(node, ast.Delete):
        targets = [t for t in node.targets if isinstance(t, (ast.Attribute, ast.Subscript))]
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Attribute):
        targets = [node.value.func]
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name) \
            and node.value.func.id in ("setattr", "delattr") and node.value.args:
        targets = [node.value.args[0]]  # `setattr(Moves, item.name, item)`
    elif isinstance(node, (ast.For, ast.While, ast.If, ast.With, ast.Try)):
        # `for attr in moved: setattr(Moves, attr.name, attr)`: loop and branch bodies run at module level too.
        inner = [*node.body, *getattr(node, "orelse", ()), *getattr(node, "finalbody", ()),
                 *(s for h in getattr(node, "handlers", ()) for s in h.body)]
        return [name for s in inner for name in _mutated_bases(s)]
    found = [_base_name(t) for t in targets]
    return [name for name in found if name]


def module_scope_names(nodes: list[ast.stmt], future_annotations: bool) -> ModuleScopeNames:
    names = ModuleScopeNames()
    walker = _Walker(names, future_annotations)
    for node in nodes:
        walker.visit(node)
        names.mutates.extend(_mutated_bases(node))
    return names


def _namespace_keys(nodes: list[ast.stmt]) -> dict[int, str]:
    """`globals().get("NoDefault")` and `globals()["NoDefault"]` (typing_extensions): `id` of each such
    `globals()` call -> the one name it reads (`_one_global_read`)."""
    found: dict[int, str] = {}
    for node in nodes:
        for sub in ast.walk(node):
            named = _one_global_read(sub) if isinstance(sub, ast.Call | ast.Subscript) else None
            if named is not None:
                found[id(sub.func.value if isinstance(sub, ast.Call) else sub.value)] = named
    return found


def reads(nodes: list[ast.stmt], skip: frozenset[int] = frozenset()
          ) -> tuple[bool, bool, bool, bool, set[str], set[str]]:
    """One walk over the whole statement, nested scopes included: whether it reads `__file__`,
    `__name__`, calls `globals()`/`vars()` with no argument (other than to read one name by a constant
    key: those names come last; nor the calls `skip` holds), holds a relative import (the statements code generation rewrites),
    and the names read in annotations anywhere (methods included: `symtable` does not see them under
    `from __future__ import annotations`, yet `typing.get_type_hints` needs them importable)."""
    file = name = namespace = relative = False
    annotations: list[ast.expr] = []
    keyed = {call: name for call, name in _namespace_keys(nodes).items() if call not in skip}
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                file = file or sub.id == "__file__"
                name = name or sub.id == "__name__"
            elif isinstance(sub, ast.ImportFrom):
                relative = relative or sub.level > 0
            elif isinstance(sub, ast.Call):
                if isinstance(sub.func, ast.Name) and not sub.args and id(sub) not in keyed and id(sub) not in skip:
                    namespace = namespace or sub.func.id in ("globals", "vars")
            elif isinstance(sub, ast.arg):
                if sub.annotation is not None:
                    annotations.append(sub.annotation)
            elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef)):
                if sub.returns is not None:
                    annotations.append(sub.returns)
            elif isinstance(sub, ast.AnnAssign):
                annotations.append(sub.annotation)
    found = {n.id for a in annotations for n in ast.walk(a) if isinstance(n, ast.Name)}
    return file, name, namespace, relative, found, set(keyed.values())
