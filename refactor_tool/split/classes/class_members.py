"""What each method of a class needs, read with `ast`: which may move into a mixin, and why others stay.

Gather only. A method can leave the class body when nothing in the body needs it while the body runs,
and when its meaning does not depend on the class that defines it (`super()`, `__class__`, `__private`
name mangling, ABCMeta's abstract-method scan). Everything else is reached through the MRO at call time.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum


class KeepReason(StrEnum):
    """Why a method stays in the original class; values read as sentences in plans and errors."""

    CONSTRUCTOR = "constructors stay with their class"
    CLASS_HOOK = "class-creation hooks and __eq__/__hash__ act on the class that defines them"
    NAMESPACE_READER = "the class has a decorator or metaclass that may read its own namespace"
    DEFINITION_TIME = "the class body uses it while it runs (a class attribute, decorator or alias)"
    USES_CLASS_BODY = "its decorators, defaults or annotations read names of the class body"
    SUPER = (
        "uses super() or __class__, which are bound to the class that defines the method; "
        "in a mixin they would resolve from the mixin"
    )
    SUPER_TARGET = (
        "reached through super() from a method that stays; in a mixin super() would find it"
    )
    MANGLED = "uses a private __name, which Python mangles with the defining class's name"
    ABSTRACT = "abstract methods must stay for ABCMeta to find them"
    SPECIAL_NAME = "enum hooks (_missing_, _generate_next_value_) are read from the class namespace"


# Dunders that only mean something in the namespace of the class that defines them.
_HOOKS = frozenset(
    {"__init_subclass__", "__class_getitem__", "__set_name__", "__mro_entries__", "__prepare__"}
    | {"__eq__", "__hash__", "__init__", "__new__", "__post_init__", "__slots__"}
)
_ABSTRACT = ("abstractmethod", "abstractproperty", "abstractclassmethod", "abstractstaticmethod")


@dataclass(frozen=True, slots=True)
class Unit:
    """Every definition of one method name (a property and its setter, overloads) moves as one unit.

    `indices` point into the class body as LibCST sees it (one entry per statement line), `reaches`
    holds the names this unit uses through `self.`, `cls.` or the class name, and `dunder` marks
    special methods, which move only when the class cannot fit otherwise.
    """

    name: str
    indices: tuple[int, ...]
    line: int
    lines: int
    reaches: frozenset[str]
    kept: KeepReason | None
    dunder: bool
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The method's name and every alias the class body gives it."""
        return (self.name, *self.aliases)


def _is_dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def _is_sunder(name: str) -> bool:
    return len(name) > 2 and name[0] == name[-1] == "_" and name[1] != "_" and name[-2] != "_"


def _is_mangled(name: str) -> bool:
    return name.startswith("__") and not name.endswith("__")


def _loads(nodes: Sequence[ast.AST | None]) -> set[str]:
    return {
        n.id
        for node in nodes
        if node is not None
        for n in ast.walk(node)
        if isinstance(n, ast.Name)
    }


def bound_names(statement: ast.stmt) -> set[str]:
    """Names a class-body statement binds in the class namespace (not inside functions or lambdas)."""
    bound: set[str] = set()
    todo: list[ast.AST] = [statement]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
            todo.extend(getattr(node, "decorator_list", []))
            continue
        if isinstance(
            node, ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
        ):
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            bound.add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        todo.extend(ast.iter_child_nodes(node))
    return bound


def _identifiers(function: ast.AST) -> Iterator[str]:
    """Every identifier the compiler would mangle inside a class: names, attributes, parameters..."""
    for node in ast.walk(function):
        if isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, ast.Attribute):
            yield node.attr
        elif isinstance(node, ast.arg | ast.keyword) and node.arg:
            yield node.arg
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node.name
        elif isinstance(node, ast.alias):
            yield node.asname or node.name
        elif isinstance(node, ast.Global | ast.Nonlocal):
            yield from node.names


def _reaches_class(value: ast.expr, owners: set[str]) -> bool:
    """`self.x`, `cls.x`, `Big.x`, `type(self).x`: an attribute looked up on the instance or class."""
    if isinstance(value, ast.Name):
        return value.id in owners
    return (
        isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "type"
    )


def _is_super_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def _definition_time_expressions(
    function: ast.FunctionDef | ast.AsyncFunctionDef, annotations: bool
) -> list[ast.AST | None]:
    """What runs when the `def` statement runs in the class body: decorators, defaults, annotations."""
    args = function.args
    nodes: list[ast.AST | None] = [*function.decorator_list, *args.defaults, *args.kw_defaults]
    if annotations:
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        nodes += [a.annotation for a in every if a is not None] + [function.returns]
    return nodes


@dataclass(slots=True)
class _Def:
    index: int
    node: ast.FunctionDef | ast.AsyncFunctionDef
    kept: KeepReason | None
    reaches: set[str]
    super_names: set[str]
    definition_time: set[str]


def _kept(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    uses_super: bool,
    definition_time: set[str],
    namespace_reader: bool,
) -> KeepReason | None:
    """The first reason, in order of importance, why this definition cannot leave its class."""
    name = node.name
    decorators = {ast.unparse(d).rpartition(".")[2] for d in node.decorator_list}
    checks = (
        (name in {"__init__", "__new__"}, KeepReason.CONSTRUCTOR),
        (name in _HOOKS, KeepReason.CLASS_HOOK),
        (_is_dunder(name) and namespace_reader, KeepReason.NAMESPACE_READER),
        (_is_sunder(name), KeepReason.SPECIAL_NAME),
        (uses_super, KeepReason.SUPER),
        (any(_is_mangled(n) for n in _identifiers(node)), KeepReason.MANGLED),
        (bool(decorators & set(_ABSTRACT)), KeepReason.ABSTRACT),
        (bool(definition_time), KeepReason.USES_CLASS_BODY),
    )
    return next((reason for hit, reason in checks if hit), None)


def _read_def(
    index: int,
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    class_name: str,
    body_names: set[str],
    *,
    annotations: bool,
    namespace_reader: bool,
) -> _Def:
    first = [a.arg for a in (*node.args.posonlyargs, *node.args.args)][:1]
    owners = {class_name, "self", "cls", *first}
    reaches: set[str] = set()
    super_names: set[str] = set()
    uses_super = False
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute):
            if _reaches_class(sub.value, owners):
                reaches.add(sub.attr)
            elif _is_super_call(sub.value):
                super_names.add(sub.attr)
        if _is_super_call(sub) or (isinstance(sub, ast.Name) and sub.id == "__class__"):
            uses_super = True
    definition_time = _loads(_definition_time_expressions(node, annotations)) & body_names - {
        node.name
    }
    kept = _kept(node, uses_super, definition_time, namespace_reader)
    return _Def(index, node, kept, reaches, super_names, definition_time)


def read_units(
    class_node: ast.ClassDef,
    statements: Sequence[Sequence[ast.stmt]],
    line_counts: Sequence[int],
    *,
    evaluated_annotations: bool,
    namespace_reader: bool,
) -> tuple[Unit, ...]:
    """The class body's method units, in source order, each with why it must stay (or None).

    `statements[i]` are the ast statements of the i-th LibCST body statement (several for `a = 1; b = 2`),
    `line_counts[i]` its lines as LibCST writes it (leading comments included).
    """
    body_names: set[str] = set()
    for group in statements:
        for statement in group:
            body_names |= bound_names(statement)
    def_names = {
        g[0].name
        for g in statements
        if len(g) == 1 and isinstance(g[0], ast.FunctionDef | ast.AsyncFunctionDef)
    }
    needed_by_body: set[str] = set()
    defs: list[_Def] = []
    aliases: dict[str, list[tuple[int, str]]] = {}
    for index, group in enumerate(statements):
        alias = _alias(group, def_names)
        if len(group) == 1 and isinstance(group[0], ast.FunctionDef | ast.AsyncFunctionDef):
            d = _read_def(
                index,
                group[0],
                class_node.name,
                body_names,
                annotations=evaluated_annotations,
                namespace_reader=namespace_reader,
            )
            defs.append(d)
            needed_by_body |= d.definition_time
        elif alias is not None:
            aliases.setdefault(alias[1], []).append((index, alias[0]))
        else:
            for statement in group:
                needed_by_body |= (_loads([statement]) | bound_names(statement)) & body_names
    return _group(defs, aliases, needed_by_body, line_counts)


def _alias(group: Sequence[ast.stmt], def_names: set[str]) -> tuple[str, str] | None:
    """`__radd__ = __add__`: (alias, method) when a statement only gives a method a second name.

    Such a line moves with its method: the mixin then offers both names, as the class did.
    """
    if len(group) != 1 or not isinstance(group[0], ast.Assign) or len(group[0].targets) != 1:
        return None
    target, value = group[0].targets[0], group[0].value
    if not isinstance(target, ast.Name) or not isinstance(value, ast.Name):
        return None
    if value.id not in def_names or target.id in def_names:
        return None
    return target.id, value.id


def _group(
    defs: Sequence[_Def],
    aliases: dict[str, list[tuple[int, str]]],
    needed_by_body: set[str],
    line_counts: Sequence[int],
) -> tuple[Unit, ...]:
    by_name: dict[str, list[_Def]] = {}
    for d in defs:
        by_name.setdefault(d.node.name, []).append(d)
    # Every definition that calls super() stays (see _kept), so what it reaches through super() must too.
    super_targets = {name for d in defs for name in d.super_names}
    units: list[Unit] = []
    for name, group in by_name.items():
        extra = aliases.get(name, [])
        names = {name, *(alias for _, alias in extra)}
        kept = next((d.kept for d in group if d.kept is not None), None)
        if kept is None and names & needed_by_body:
            kept = KeepReason.DEFINITION_TIME
        if kept is None and names & super_targets:
            kept = KeepReason.SUPER_TARGET
        first = group[0].node
        indices = sorted([*(d.index for d in group), *(index for index, _ in extra)])
        units.append(
            Unit(
                name=name,
                indices=tuple(indices),
                line=min([first.lineno, *(d.lineno for d in first.decorator_list)]),
                lines=sum(line_counts[i] for i in indices),
                reaches=frozenset(r for d in group for r in d.reaches) - names,
                kept=kept,
                dunder=_is_dunder(name),
                aliases=tuple(alias for _, alias in extra),
            )
        )
    return tuple(units)
