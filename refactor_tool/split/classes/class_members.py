"""What each method of a class needs, read with `ast`: which may move out of the class body, and why others stay.

Gather only: every `def` is read into `DefFacts`, and a rule set (`keep_rules`) says which must stay;
the mixin split and the class-body split use different rules. Definitions of one name (a property
and its setter, `@overload`s) and the aliases the body gives them (`__radd__ = __add__`) form one unit.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from refactor_tool.split.classes.keep_rules import (
    DefFacts,
    KeepReason,
    is_dunder,
    is_mangled,
    mixin_reason,
)
from refactor_tool.split.classes.super_calls import super_rewritable

#: Decides, for one definition (and the aliases of its name), why it stays; None when it may move.
Policy = Callable[[DefFacts, Sequence[str]], KeepReason | None]


@dataclass(frozen=True, slots=True)
class Unit:
    """Every definition of one method name (a property and its setter, overloads) moves as one unit.

    `indices` point into the class body as LibCST sees it (one entry per statement line), `reaches`
    holds the names this unit uses through `self.`, `cls.` or the class name, `reads` every bare name it
    loads, and `dunder` marks special methods, which move only when the class cannot fit otherwise.
    """

    name: str
    indices: tuple[int, ...]
    line: int
    lines: int
    reaches: frozenset[str]
    kept: KeepReason | None
    dunder: bool
    aliases: tuple[str, ...] = ()
    reads: frozenset[str] = frozenset()

    @property
    def names(self) -> tuple[str, ...]:
        """The method's name and every alias the class body gives it."""
        return (self.name, *self.aliases)


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
    facts: DefFacts
    reaches: set[str]
    super_names: set[str]
    kept: KeepReason | None = None


def _read_def(
    index: int,
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    class_name: str,
    body_names: set[str],
    *,
    annotations: bool,
) -> _Def:
    first = [a.arg for a in (*node.args.posonlyargs, *node.args.args)][:1]
    owners = {class_name, "self", "cls", *first}
    reaches: set[str] = set()
    super_names: set[str] = set()
    uses_super = zero_argument = calls_globals = False
    declared: set[str] = set()
    reads: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute):
            if _reaches_class(sub.value, owners):
                reaches.add(sub.attr)
            elif _is_super_call(sub.value):
                super_names.add(sub.attr)
        if _is_super_call(sub) or (isinstance(sub, ast.Name) and sub.id == "__class__"):
            uses_super = True
            zero_argument = zero_argument or not (isinstance(sub, ast.Call) and sub.args)
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
            reads.add(sub.id)
        if isinstance(sub, ast.Global):
            declared.update(sub.names)
        calls_globals = calls_globals or (
            isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "globals"
        )
    loaded = _loads(_definition_time_expressions(node, annotations))
    facts = DefFacts(
        name=node.name,
        decorators=frozenset(ast.unparse(d).rpartition(".")[2] for d in node.decorator_list),
        uses_super=uses_super,
        zero_argument_super=zero_argument,
        super_rewritable=super_rewritable(node),
        mangled=any(is_mangled(n) for n in _identifiers(node)),
        declared_globals=frozenset(declared),
        calls_globals=calls_globals,
        definition_time=frozenset(loaded & body_names - {node.name}),
        definition_globals=frozenset(loaded - body_names),
        reads=frozenset(reads),
    )
    return _Def(index, node, facts, reaches, super_names)


def rebound_alone(class_node: ast.ClassDef) -> frozenset[str]:
    """Globals that one method of the class declares `global` and no other code of the class reads or
    declares: that method can take them along to a part module (`BodyRules.own_globals`)."""
    declared: dict[str, set[int]] = {}
    used: dict[str, set[int]] = {}
    for number, statement in enumerate(class_node.body):
        for sub in ast.walk(statement):
            if isinstance(sub, ast.Global):
                for name in sub.names:
                    declared.setdefault(name, set()).add(number)
            elif isinstance(sub, ast.Name):
                used.setdefault(sub.id, set()).add(number)
    return frozenset(n for n, where in declared.items() if len(where) == 1 and used.get(n, where) <= where)


def mixin_policy(namespace_reader: bool) -> Policy:
    """The mixin split's rules (`keep_rules.mixin_reason`), aliases not involved."""
    return lambda facts, aliases: mixin_reason(facts, namespace_reader)


def read_units(
    class_node: ast.ClassDef,
    statements: Sequence[Sequence[ast.stmt]],
    line_counts: Sequence[int],
    *,
    evaluated_annotations: bool,
    policy: Policy,
    super_targets: bool = True,
    calls_only: bool = False,
) -> tuple[Unit, ...]:
    """The class body's method units, in source order, each with why it must stay (or None).

    `policy` gives each definition's reason to stay; with `super_targets`, what a staying method
    reaches through `super()` stays too (a mixin would sit between them in the MRO). A method the
    class body uses while it runs stays; with `calls_only`, only one it calls (or rebinds) does:
    a part module imported where the method was defined serves mere references (`x = property(f)`,
    `dispatch[KEY] = load_x`) as well.

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
            )
            defs.append(d)
            needed_by_body |= _called(group[0].decorator_list) & body_names if calls_only \
                else d.facts.definition_time
        elif alias is not None:
            aliases.setdefault(alias[1], []).append((index, alias[0]))
        else:
            for statement in group:
                used = _called([statement]) if calls_only else _loads([statement])
                needed_by_body |= (used | bound_names(statement)) & body_names
    for d in defs:
        d.kept = policy(d.facts, [alias for _, alias in aliases.get(d.node.name, [])])
    return _group(defs, aliases, needed_by_body, line_counts, super_targets=super_targets)


def _called(nodes: Sequence[ast.AST]) -> set[str]:
    """Names called while `nodes` run (function bodies and lambdas not entered); a bare decorator
    `@name` is a call of `name`."""
    found: set[str] = set()
    todo = list(nodes)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.Name) and node in nodes:
            found.add(node.id)  # a decorator
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            found.add(node.func.id)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            todo.extend(node.decorator_list)
            todo.extend(node.args.defaults)
            continue
        if not isinstance(node, ast.Lambda):
            todo.extend(ast.iter_child_nodes(node))
    return found


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
    *,
    super_targets: bool,
) -> tuple[Unit, ...]:
    by_name: dict[str, list[_Def]] = {}
    for d in defs:
        by_name.setdefault(d.node.name, []).append(d)
    # Every definition that calls super() stays (see _kept), so what it reaches through super() must too.
    targets = {name for d in defs for name in d.super_names} if super_targets else set()
    units: list[Unit] = []
    for name, group in by_name.items():
        extra = aliases.get(name, [])
        names = {name, *(alias for _, alias in extra)}
        kept = next((d.kept for d in group if d.kept is not None), None)
        if kept is None and names & needed_by_body:
            kept = KeepReason.DEFINITION_TIME
        if kept is None and names & targets:
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
                dunder=is_dunder(name),
                aliases=tuple(alias for _, alias in extra),
                reads=frozenset(r for d in group for r in d.facts.reads),
            )
        )
    return tuple(units)
