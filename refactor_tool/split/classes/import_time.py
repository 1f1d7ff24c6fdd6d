"""Which methods may run while the module loads: those stay in the class statement when its body is split.

A part module gets the module's own names only once the whole package has loaded, so a method that
runs earlier must stay: the hooks Python calls when a class or instance is made (for classes the
module uses while it loads), what code run at import time calls by name on a class or an instance
(`TarFile.open`, `_Log10Memoize().getdigits`, `DefaultContext.copy()`), and what those methods
reach through `self`, `cls` or the class name (also where a base class of the module defines it, or
a subclass overrides it), and the special methods operators run (also on what the operators and
methods of the module's classes return: pyparsing's `(Regex(..) + '"').set_name(..) ^ ...`).
Attributes of imported modules (`math.exp`) and of values whose type is unknown inside methods are
not counted (in functions run while loading they count for every class; a local bound to a value of
the module's classes is known: `builder = _ClassBuilder(..)`); the split verifies the result by
importing it, so a method missed here fails loudly before anything lands.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import replace

from refactor_tool.syntax.facts.model import ModuleAnalysis, Statement, StatementKind

#: Methods Python itself calls when an instance or subclass is created, or an attribute touched.
IMPLICIT = frozenset(
    {"__new__", "__init__", "__post_init__", "__init_subclass__", "__set_name__", "__class_getitem__"}
    | {"__getattr__", "__getattribute__", "__setattr__", "__delattr__"}
)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _skipping_bodies(node: ast.AST) -> Iterator[ast.AST]:
    """Every node that runs when `node` runs: function and lambda bodies skipped; a function's annotations
    run where it is defined (`tuple[type[Any] | Callable[..., Any], ...]` runs `_GenericAlias.__ror__`,
    typing), unless postponed, which is not told apart here."""
    yield node
    if isinstance(node, _DEFS):
        children: list[ast.AST] = [*node.decorator_list, *node.args.defaults]
        children += [d for d in node.args.kw_defaults if d is not None]
        arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs, node.args.vararg, node.args.kwarg]
        children += [a.annotation for a in arguments if a is not None and a.annotation is not None]
        children += [node.returns] if node.returns is not None else []
    elif isinstance(node, ast.Lambda):
        children = [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
    else:
        children = list(ast.iter_child_nodes(node))
    for child in children:
        yield from _skipping_bodies(child)


class _Module:
    """Top-level classes, instances made at the top level (`X = Cls(...)`) and imported names."""

    def __init__(self, tree: ast.Module) -> None:
        self.classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
        #: Top-level names bound to a value of the module's classes (`ONE = Number(1)`, `quoted =
        #: (Regex(..) + '"').set_name(..)`), each with the classes that value may be an instance of.
        self.instances: dict[str, tuple[str, ...]] = {}
        self.imported: set[str] = set()
        #: Names the module binds with a plain assignment (`_reBracketExpr = Literal("[") + ...`).
        self.assigned = {t.id for n in tree.body if isinstance(n, ast.Assign) for t in n.targets
                         if isinstance(t, ast.Name)}
        self.families = _families(self.classes)
        for node in tree.body:
            for sub in ast.walk(node) if isinstance(node, ast.If | ast.Try) else (node,):
                if isinstance(sub, ast.Import | ast.ImportFrom):
                    self.imported |= {(a.asname or a.name).split(".")[0] for a in sub.names}
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call | ast.BinOp | ast.UnaryOp):
                owners = self.receivers(node.value)
                for target in node.targets:
                    if owners and isinstance(target, ast.Name):
                        self.instances[target.id] = tuple(owners)

    def class_of_call(self, call: ast.Call) -> str | None:
        func = call.func
        return func.id if isinstance(func, ast.Name) and func.id in self.classes else None

    def receivers(self, value: ast.expr, local: Mapping[str, tuple[str, ...]] | None = None
                  ) -> Collection[str] | None:
        """Classes whose method an attribute of `value` may be; None when `value` is unknown. `local`:
        the names a function binds to values of the module's classes (`builder = _ClassBuilder(..)`)."""
        if isinstance(value, ast.Name):
            if local and value.id in local:
                return local[value.id]
            if value.id in self.classes:
                return (value.id,)
            if value.id in self.instances:
                return self.instances[value.id]
            return () if value.id in self.imported else None
        if isinstance(value, ast.Call):
            owner = self.class_of_call(value)
            if owner:
                return (owner,)
            # `Regex(..).set_name(..)`: what a method of the module's classes returns (pyparsing's return
            # `self` or a new element) may be an instance of any class related to the receiver's.
            func = value.func
            return self.related(self.receivers(func.value, local)) if isinstance(func, ast.Attribute) else None
        if isinstance(value, ast.BinOp | ast.UnaryOp):
            # `Literal("[") + Word(..)` runs a special method of the module's classes (it returns an `And`):
            # related classes again. Operands of unknown type alone (`_PyHASH_MODULUS - 2`) stay unknown.
            operands = [value.left, value.right] if isinstance(value, ast.BinOp) else [value.operand]
            return self.related(*(self.receivers(operand, local) for operand in operands))
        if isinstance(value, ast.Subscript):
            # `Callable[..., Any]` runs `__getitem__` of one of the module's classes (typing's `_CallableType`):
            # what it returns may be an instance of a related class (`_CallableGenericAlias`).
            return self.related(self.receivers(value.value, local))
        if isinstance(value, ast.Attribute):
            root = value
            while isinstance(root, ast.Attribute):
                root = root.value
            return () if isinstance(root, ast.Name) and root.id in self.imported else None
        return () if isinstance(value, ast.Constant | ast.JoinedStr) else None

    def related(self, *found: Collection[str] | None) -> tuple[str, ...] | None:
        """The module's classes in the same inheritance family as any of `found`; None when none is known."""
        known = sorted({member for owners in found for owner in owners or () for member in self.families[owner]})
        return tuple(known) or None


def _families(classes: dict[str, ast.ClassDef]) -> dict[str, frozenset[str]]:
    """Each top-level class with every top-level class it is connected to by inheritance, either way."""
    linked: dict[str, set[str]] = {name: set() for name in classes}
    for name, node in classes.items():
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in classes:
                linked[name].add(base.id)
                linked[base.id].add(name)
    found: dict[str, frozenset[str]] = {}
    for name in classes:
        if name in found:
            continue
        seen, todo = {name}, [name]
        while todo:
            for other in linked[todo.pop()] - seen:
                seen.add(other)
                todo.append(other)
        family = frozenset(seen)
        found.update(dict.fromkeys(family, family))
    return found


def _methods(node: ast.ClassDef) -> dict[str, list[ast.AST]]:
    """Method name -> its definitions (and the aliases naming it: `__radd__ = __add__`)."""
    found: dict[str, list[ast.AST]] = {}
    for statement in node.body:
        if isinstance(statement, _DEFS):
            found.setdefault(statement.name, []).append(statement)
    for statement in node.body:
        if not isinstance(statement, ast.Assign):
            continue
        value = statement.value
        # `status = property(_get_status, _set_status)`: setting or reading `status` runs those methods.
        named = [value] if isinstance(value, ast.Name) else [*value.args, *(k.value for k in value.keywords)] \
            if isinstance(value, ast.Call) else []
        aliased = [n.id for n in named if isinstance(n, ast.Name) and n.id in found]
        for target in statement.targets:
            if isinstance(target, ast.Name):
                for method in aliased:
                    found.setdefault(target.id, []).extend(found[method])
    return found


def _local_instances(nodes: list[ast.AST], module: _Module) -> dict[str, tuple[str, ...]]:
    """Names a function binds to values of the module's classes: attrs' `attrs()`, run at import by a
    decorator, does `builder = _ClassBuilder(..)` then `builder.add_init()`, which runs `_make_init`.

    Only names every binding of which is such a value: a parameter rebound on one path
    (_pydecimal's `value = Decimal.from_float(value)` in `__new__`) may still be anything elsewhere.
    """
    bindings = Counter(n.id for n in nodes if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load))
    bindings.update(n.arg for n in nodes if isinstance(n, ast.arg))
    local: dict[str, tuple[str, ...]] = {}
    known: Counter[str] = Counter()
    for node in nodes:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            owners = module.receivers(node.value, local)
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if owners and isinstance(target, ast.Name):
                    local[target.id] = tuple(sorted({*local.get(target.id, ()), *owners}))
                    known[target.id] += 1
    return {name: owners for name, owners in local.items() if known[name] == bindings[name]}


def _calls(nodes: Iterator[ast.AST], module: _Module, owners: set[str], own: str | None,
           *, top_level: bool = False) -> Iterator[tuple[str | None, str]]:
    """(class or None for any class, method name) for every attribute the nodes read.

    At the top level an attribute of an unknown value may be any method; inside a function body
    only those of a known class or instance (or, in a method, of `self`) count.
    """
    nodes = list(nodes)
    local = {} if top_level else _local_instances(nodes, module)
    for node in nodes:
        for method, operands in _operator_methods(node):
            # `Regex(..) | Regex(..)` runs `Regex.__or__` (or the right one's `__ror__`): the classes of
            # operands the module makes; operands of unknown type (`_PyHASH_MODULUS - 2`) name none.
            for operand in operands:
                for owner in module.receivers(operand, local) or ():
                    yield owner, method
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name) and node.func.id in module.classes):
            # `rrulestr("DAILY")` calls an instance: its class's `__call__` runs.
            for owner in module.receivers(node.func, local) or ():
                yield owner, "__call__"
        if not isinstance(node, ast.Attribute):
            continue
        if own is not None and isinstance(node.value, ast.Name) and node.value.id in owners:
            yield own, node.attr
            continue
        if own is not None and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name) \
                and node.value.func.id == "type":
            yield own, node.attr
            continue
        found = module.receivers(node.value, local)
        if found is None:
            if top_level or (own is None and isinstance(node.value, ast.Name) and node.value.id in module.assigned):
                yield None, node.attr  # a global of unknown type: any class's method
            continue
        for owner in found:
            yield owner, node.attr


_BINARY = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.MatMult: "matmul", ast.Div: "truediv",
           ast.FloorDiv: "floordiv", ast.Mod: "mod", ast.Pow: "pow", ast.LShift: "lshift", ast.RShift: "rshift",
           ast.BitOr: "or", ast.BitXor: "xor", ast.BitAnd: "and"}
_UNARY = {ast.USub: "__neg__", ast.UAdd: "__pos__", ast.Invert: "__invert__", ast.Not: "__bool__"}
_COMPARE = {ast.Eq: "__eq__", ast.NotEq: "__ne__", ast.Lt: "__lt__", ast.LtE: "__le__", ast.Gt: "__gt__",
            ast.GtE: "__ge__", ast.In: "__contains__", ast.NotIn: "__contains__"}
_SUBSCRIPT = {ast.Load: "__getitem__", ast.Store: "__setitem__", ast.Del: "__delitem__"}


def _operator_methods(node: ast.AST) -> list[tuple[str, list[ast.expr]]]:
    """The special methods an operator runs, each with the operands whose class may define it
    (pyparsing's `_escapedPunc | _escapedHexChar` at import)."""
    if isinstance(node, ast.BinOp):
        name = _BINARY.get(type(node.op), "")
        return [(f"__{name}__", [node.left]), (f"__r{name}__", [node.right])] if name else []
    if isinstance(node, ast.AugAssign):
        name = _BINARY.get(type(node.op), "")
        return [(f"__i{name}__", [node.target]), (f"__{name}__", [node.target]),
                (f"__r{name}__", [node.value])] if name else []
    if isinstance(node, ast.UnaryOp):
        return [(_UNARY[type(node.op)], [node.operand])] if type(node.op) in _UNARY else []
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        return [(_COMPARE[type(op)], operands) for op in node.ops if type(op) in _COMPARE]
    if isinstance(node, ast.Subscript):
        return [(_SUBSCRIPT.get(type(node.ctx), "__getitem__"), [node.value])]
    return []


_PLAIN = frozenset({"staticmethod", "classmethod"})


def _aliases_a_method(statement: ast.stmt, module: _Module, methods: dict[str, dict[str, list[ast.AST]]]) -> bool:
    """`name = instance.method` (random's `choice = _inst.choice`): reading a plain method of a known
    class gives a bound method and runs nothing; a decorated one (a property) may run, so it counts."""
    if not isinstance(statement, ast.Assign) or not isinstance(statement.value, ast.Attribute):
        return False
    owners = module.receivers(statement.value.value)
    if not owners or not all(isinstance(t, ast.Name) for t in statement.targets):
        return False
    attr = statement.value.attr
    definitions = [d for owner in owners for d in methods.get(owner, {}).get(attr, [])]
    return bool(definitions) and all(
        isinstance(d, _DEFS) and d.name == attr and all(isinstance(x, ast.Name) and x.id in _PLAIN for x in d.decorator_list)
        for d in definitions)


def _ancestors(module: _Module) -> dict[str, set[str]]:
    """Each top-level class with the module's classes it inherits from: `self.method` in a method of
    one may be defined in any of them (ipaddress: `IPv4Network.__init__` runs `_BaseV4._make_netmask`)."""
    bases = {name: {b.id for b in node.bases if isinstance(b, ast.Name) and b.id in module.classes}
             for name, node in module.classes.items()}
    found: dict[str, set[str]] = {}
    for name in bases:
        seen, todo = {name}, [name]
        while todo:
            for base in bases[todo.pop()] - seen:
                seen.add(base)
                todo.append(base)
        found[name] = seen
    return found


def methods_run_at_import(
    tree: ast.Module, classes: Collection[str], functions: Collection[str]
) -> dict[str, frozenset[str]]:
    """For each top-level class in `classes` (those the module may use while it loads), its methods
    that may run then. `functions` are the module-level functions that may run while it loads."""
    module = _Module(tree)
    methods = {name: _methods(node) for name, node in module.classes.items() if name in classes}
    wanted: set[tuple[str | None, str]] = set()
    for statement in tree.body:
        if isinstance(statement, _DEFS) and statement.name in functions:
            # A function run while loading may call any method on what it reaches (pyparsing's
            # `alphas8bit = srange(...)` runs `_reBracketExpr.parse_string(s)`).
            wanted |= set(_calls(ast.walk(statement), module, set(), None))
        elif _aliases_a_method(statement, module, methods):
            continue  # `choice = _inst.choice`: binding a method runs nothing
        else:
            wanted |= set(_calls(_skipping_bodies(statement), module, set(), None, top_level=True))
    hot = {name: {m for m in found if m in IMPLICIT} for name, found in methods.items()}
    for name, found in methods.items():
        if any(isinstance(b, ast.Name) and b.id == "type" for b in module.classes[name].bases):
            hot[name] |= {m for m in found if m.startswith("__")}  # a metaclass: all of it runs
    done: set[tuple[str, str]] = set()
    lineage = _ancestors(module)
    while True:
        for name, found in methods.items():
            # `self.parseImpl(...)` in a base class runs the override of whichever subclass `self` is.
            hot[name] |= {m for owner, m in wanted
                          if (owner is None or name in lineage.get(owner, {owner})
                              or owner in lineage.get(name, {name})) and m in found}
        todo = sorted((name, m) for name, found in hot.items() for m in found if (name, m) not in done)
        if not todo:
            return {name: frozenset(found) for name, found in hot.items()}
        for name, method in todo:
            done.add((name, method))
            for definition in methods[name][method]:
                assert isinstance(definition, _DEFS)
                args = [a.arg for a in (*definition.args.posonlyargs, *definition.args.args)][:1]
                owners = {"self", "cls", name, *args}
                wanted |= set(_calls(ast.walk(definition), module, owners, name))


def names_read(tree: ast.Module, methods: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """For each class, the names its given methods read (globals among them, locals too: harmless)."""
    found: dict[str, frozenset[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in methods:
            wanted = methods[node.name]
            definitions = [d for name, ds in _methods(node).items() if name in wanted for d in ds]
            found[node.name] = frozenset(
                n.id for d in definitions for n in ast.walk(d) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
            )
    return found


def run_while_loading(tree: ast.Module, statements: Sequence[Statement]) -> dict[str, frozenset[str]]:
    """`methods_run_at_import` for the classes and functions that code run while the module loads
    reaches (`reached_while_loading`)."""
    return reached_while_loading(tree, statements)[0]


def reached_while_loading(tree: ast.Module, statements: Sequence[Statement]
                          ) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """The methods that may run while the module loads (`methods_run_at_import`), and the names of the
    module's definitions code run then reaches, definition by definition: a function reached may run
    any of its code, a class only its body and the methods that run (`names_read`), so a class its
    other methods name is not reached through it (dateutil's `rrule`, named only in
    `_rrulestr._parse_rfc`, which nothing calls at import; by the plan's units it was reached because
    `global easter` ties the two to one unit)."""
    classes = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    functions = {n.name for n in tree.body if isinstance(n, _DEFS)}
    definers: dict[str, list[Statement]] = {}
    for statement in statements:
        for name in statement.defines:
            definers.setdefault(name, []).append(statement)
    running = [s for s in statements if s.kind not in (StatementKind.MAIN_GUARD, StatementKind.TYPE_CHECKING)]
    reached = {n for s in running for n in s.executes if n in definers}
    while True:
        methods = methods_run_at_import(tree, classes & reached, functions & reached)
        reads = names_read(tree, methods)
        more = set(reached)
        for name in reached:
            for statement in definers[name]:
                used = statement.uses_import | reads.get(name, frozenset()) if statement.definition == "class" \
                    else statement.uses
                more |= {n for n in used if n in definers}
        if more == reached:
            return methods, frozenset(reached)
        reached = more


def namespace_read_while_loading(analysis: ModuleAnalysis, tree: ast.Module) -> ModuleAnalysis:
    """`analysis` with the statements whose functions read the namespace by a key when called
    (`Statement.namespace_readers`, `globals()[self._name]`) marked as reading it (`reads_globals`, which
    keeps them in the facade) where one of those functions may run while the module loads: moved, they
    read the facade's namespace, which holds every name only once the package has loaded."""
    readers = [s for s in analysis.statements if s.namespace_readers]
    if not readers:
        return analysis
    methods, reached = reached_while_loading(tree, analysis.statements)
    loading = {s.index for s in readers if any(name in methods.get(s.defines[0], ()) if s.definition == "class"
                                                else name in reached for name in s.namespace_readers)}
    statements = tuple(replace(s, reads_globals=True, namespace_readers=()) if s.index in loading else s
                       for s in analysis.statements)
    return replace(analysis, statements=statements)
