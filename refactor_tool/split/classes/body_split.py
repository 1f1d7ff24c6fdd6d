"""Split a class body, keep the class: groups of methods move to part modules, the class statement binds them.

    class ArgumentParser(_AttributeHolder, _ActionsContainer):      # stays where it was
        def __init__(self, ...): ...
        from ._argument_parser_parse import parse_args, parse_known_args

A part module holds the moved methods verbatim in a class of the same name, so Python compiles them
as methods of that class (`ArgumentParser.parse_args` as `__qualname__`, `self.__x` mangled to
`self._ArgumentParser__x`, docstrings unchanged); its module `__getattr__` serves them to the import
in the class body. The class object is then the one the original made: same bases, metaclass and
namespace, each function object bound in its class body, so `__init_subclass__`, `__set_name__`,
ABCMeta and class decorators see what they saw before.

Decisions are made on the statement's text as it is in the source (`plan_body_split`); `render`
applies them to that text again once code generation has shifted its relative imports.
"""

from __future__ import annotations

import ast
import functools
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import libcst as cst

from refactor_tool.split.classes.class_members import Unit, read_units, rebound_alone
from refactor_tool.split.classes.class_parts import body_statement_lines
from refactor_tool.split.classes.keep_rules import (
    MODULE_ATTRIBUTES,
    BodyRules,
    KeptMethod,
    body_reason,
)
from refactor_tool.split.classes.method_groups import group_word, partition
from refactor_tool.split.classes.super_calls import explicit_super
from refactor_tool.syntax.matching import pair_statements

#: `format_import(module, names, indent)`: the text of `from module import names` at `indent`.
FormatImport = Callable[[str, Sequence[str], str], str]

@dataclass(frozen=True, slots=True)
class PartPlan:
    """One part module: its name (`_argument_parser_parse`), the body statements it takes, the
    names they bind in the class (aliases included), the lines of its statements and the names
    its methods read."""

    module: str
    indices: tuple[int, ...]
    names: tuple[str, ...]
    lines: int
    reads: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class BodySplitPlan:
    """How one class statement splits: its kept text's line count and the part modules."""

    class_name: str
    line: int
    old_lines: int
    kept_lines: int
    parts: tuple[PartPlan, ...]
    kept: tuple[KeptMethod, ...]

    def held(self, number: int) -> str:
        """What part `number` holds, in words (`methods `K.a`, `K.b``)."""
        names = [f"`{self.class_name}.{n}`" for n in self.parts[number].names]
        return ("methods " if len(names) > 1 else "method ") + ", ".join(names)

    def symbols(self, number: int) -> tuple[str, ...]:
        return tuple(f"{self.class_name}.{n}" for n in self.parts[number].names)


@functools.lru_cache(maxsize=8)
def _parse(text: str) -> tuple[cst.Module, cst.ClassDef, ast.ClassDef]:
    module = cst.parse_module(text)
    node = module.body[0]
    tree = ast.parse(text).body[0]
    assert isinstance(node, cst.ClassDef) and isinstance(tree, ast.ClassDef)
    return module, node, tree


def _indent(module: cst.Module, node: cst.ClassDef) -> str:
    block = node.body
    assert isinstance(block, cst.IndentedBlock)
    return block.indent if block.indent is not None else module.default_indent


def _choose(units: Sequence[Unit], span: int, target: int, capacity: int, import_lines: int,
            ) -> list[tuple[Unit, ...]]:
    """Groups to move, largest first, until the class statement is at most `target` lines.

    Special methods move only when the ordinary ones are not enough: they read best in the class.
    """
    ordinary = [u for u in units if u.kept is None and not u.dunder]
    every = [u for u in units if u.kept is None]
    chosen: list[tuple[Unit, ...]] = []
    for pool in (ordinary, every):
        chosen, left = [], span
        for group in partition(pool, capacity):
            if left <= target:
                break
            chosen.append(group)
            left -= sum(u.lines for u in group) - import_lines
        if left <= target:
            break
    return chosen


def _part_lines(group: Sequence[Unit]) -> int:
    """Lines of a part's statements: the comment and `class` line, the methods, and `_tail`."""
    names = [n for u in group for n in u.names]
    reads = frozenset().union(*(u.reads for u in group))
    own = sum(1 for n in names if n in MODULE_ATTRIBUTES) + len(_shadowed(names, reads, ""))
    return 2 + sum(u.lines for u in group) + 8 + (own + 3 if own else 0)


def _shadowed(names: Sequence[str], reads: frozenset[str], class_name: str) -> dict[str, str]:
    """Method name -> the name its part module serves it by, for the methods named like a name the
    module binds (a global the methods read, `inflect`'s dict `ordinal` beside `engine.ordinal`; the
    class; `__getattr__`): the module's own object would be imported instead of the method."""
    bound = reads | {class_name, "__getattr__"}
    taken = set(names) | bound
    served = {}
    for name in names:
        if name in bound and name not in MODULE_ATTRIBUTES:
            alias = f"{name.strip('_')}_method"
            while alias in taken:
                alias = f"_{alias}"
            taken.add(alias)
            served[name] = alias
    return served


def _fitted(group: tuple[Unit, ...], cap: int, header: Callable[[frozenset[str]], int],
            measure: Callable[[tuple[Unit, ...]], int] = _part_lines) -> list[tuple[Unit, ...]]:
    """`group` cut until each part module, its head included (`header(names read)`), is at most `cap`;
    `measure`: the lines of a part's statements (as rendered, when the class text is at hand)."""
    excess = measure(group) + header(frozenset().union(*(u.reads for u in group))) - cap
    if excess <= 0 or len(group) == 1:
        return [group]
    smaller = partition(group, max(1, sum(u.lines for u in group) - excess))
    if len(smaller) == 1:  # the partition could not cut it: halve it in order
        half = len(group) // 2
        smaller = [group[:half], group[half:]]
    return [part for g in smaller for part in _fitted(g, cap, header, measure)]


def _units(text: str, rules: BodyRules, evaluated_annotations: bool) -> tuple[Unit, ...] | None:
    _, node, tree = _parse(text)
    block = node.body
    if not isinstance(block, cst.IndentedBlock):
        return None
    statements = pair_statements(block.body, tree.body)
    line_counts = [body_statement_lines(s, g) for s, g in zip(block.body, statements, strict=True)]
    rules = replace(rules, own_globals=rules.own_globals & rebound_alone(tree))
    return read_units(tree, statements, line_counts, evaluated_annotations=evaluated_annotations,
                      policy=lambda facts, aliases: body_reason(facts, rules, aliases), super_targets=False,
                      calls_only=True)


def _build(text: str, units: Sequence[Unit], groups: Sequence[tuple[Unit, ...]], modules: Sequence[str],
           format_import: FormatImport) -> BodySplitPlan:
    """The plan for moving `groups` (in class order) to `modules`, with the line counts it gives."""
    _, _, tree = _parse(text)
    parts = [PartPlan(module, tuple(sorted(i for u in g for i in u.indices)),
                      tuple(dict.fromkeys(n for u in g for n in u.names)), 0,
                      frozenset().union(*(u.reads for u in g)))
             for module, g in zip(modules, groups, strict=True)]
    span = len(text.splitlines())
    draft = BodySplitPlan(tree.name, tree.lineno, span, 0, tuple(parts), ())
    kept_text, part_texts = render(draft, text, format_import, home="")
    parts = [replace(p, lines=len(t.splitlines())) for p, t in zip(parts, part_texts, strict=True)]
    kept = tuple(KeptMethod(u.name, u.line, u.kept) for u in units if u.kept is not None)
    return BodySplitPlan(tree.name, tree.lineno, span, len(kept_text.splitlines()), tuple(parts), kept)


def _named(groups: list[tuple[Unit, ...]], part_name: Callable[[str], str]) -> list[str]:
    used: set[str] = set()
    modules = []
    for group in groups:
        word = group_word(group, used)
        used.add(word)
        modules.append(part_name(word))
    return modules


def plan_body_split(text: str, rules: BodyRules, *, target: int, cap: int, header: Callable[[frozenset[str]], int],
                    evaluated_annotations: bool, part_name: Callable[[str], str],
                    format_import: FormatImport) -> BodySplitPlan | None:
    """Which methods of the class in `text` (one top-level statement) move, in which part modules.

    The class statement should end up at most `target` lines and each part module at most `cap`
    lines, its head being at most `header(names its methods read)` lines; `part_name(word)` names
    the module of a group (`Parse` -> `_argument_parser_parse`). None when nothing can move.
    """
    units = _units(text, rules, evaluated_annotations)
    if units is None:
        return None
    span = len(text.splitlines())
    movable = [u for u in units if u.kept is None]
    # The head of a part reading every name any movable method reads: the most any part needs.
    capacity = cap - header(frozenset().union(*(u.reads for u in movable))) - _part_lines(())
    def rendered(group: tuple[Unit, ...]) -> int:  # blank lines and comments between methods counted
        return _build(text, units, [group], ["_part"], format_import).parts[0].lines

    chosen = [part for group in _choose(units, span, target, capacity, import_lines=2)
              for part in _fitted(group, cap, header, rendered)]
    if not chosen:
        return None
    chosen.sort(key=lambda g: g[0].indices[0])
    return _build(text, units, chosen, _named(chosen, part_name), format_import)


def refit(plan: BodySplitPlan, text: str, rules: BodyRules, *, cap: int, header: Callable[[frozenset[str]], int],
          evaluated_annotations: bool, part_name: Callable[[str], str], format_import: FormatImport,
          ) -> BodySplitPlan:
    """`plan` with every part module that `header` (now knowing where names live) finds too long cut
    further; unchanged parts keep their modules."""
    units = _units(text, rules, evaluated_annotations) or ()
    groups: list[tuple[Unit, ...]] = []
    modules: list[str] = []
    for part in plan.parts:
        group = tuple(u for u in units if u.indices[0] in part.indices)
        fitted = _fitted(group, cap, header)
        groups += fitted
        modules += [part.module] if len(fitted) == 1 else _named(fitted, part_name)
    if len(groups) == len(plan.parts):
        return plan
    order = sorted(range(len(groups)), key=lambda n: groups[n][0].indices[0])
    return _build(text, units, [groups[n] for n in order], [modules[n] for n in order], format_import)


def render(plan: BodySplitPlan, text: str, format_import: FormatImport, home: str,
           spelled: Mapping[str, str] | None = None) -> tuple[str, list[str]]:
    """The kept class statement and each part module's statements, from the statement's `text`.

    `home` is the module holding the class statement (named in each part's comment); `spelled`: how
    the class statement imports each part module (default `.<part>`, a sibling of its module).
    """
    kept, holders = _rendered(plan, text, format_import, tuple(sorted((spelled or {}).items())))
    name = plan.class_name
    where = f"{home}.{name}" if home else name
    comment = f"# Methods of `{where}`, compiled as such here; its class statement binds them.\n"
    return kept, [comment + holder + _tail(name, part) for holder, part in zip(holders, plan.parts, strict=True)]


def _tail(name: str, part: PartPlan) -> str:
    """What serves the import in the class body: `__getattr__`, and plain assignments for the names
    a module object has of its own (`__repr__`, `__eq__`...), which `__getattr__` is never asked for,
    and for the methods served by another name (`_shadowed`)."""
    own = [n for n in part.names if n in MODULE_ATTRIBUTES]
    bound = "".join(f'{n} = vars({name})["{n}"]\n' for n in own)
    if bound:
        bound = "\n\n# Modules have these names of their own: `__getattr__` below is not asked for them.\n" + bound
    aliases = _shadowed(part.names, part.reads, name)
    if aliases:
        bound += ("\n\n# Named like names of this module: its class statement imports them by these names.\n"
                  + "".join(f'{alias} = vars({name})["{n}"]\n' for n, alias in aliases.items()))
    return bound + (
        "\n\ndef __getattr__(name):\n"
        f'    """The methods of `{name}` above, for `from .<this module> import ...` in its class body."""\n'
        "    try:\n"
        f"        return vars({name})[name]\n"
        "    except KeyError:\n"
        '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None\n'
    )


@functools.lru_cache(maxsize=8)
def _rendered(plan: BodySplitPlan, text: str, format_import: FormatImport,
              spelled: tuple[tuple[str, str], ...]) -> tuple[str, tuple[str, ...]]:
    """The kept class and each part's class (LibCST parses and writes a whole class: done once)."""
    module, node, _ = _parse(text)
    block = node.body
    assert isinstance(block, cst.IndentedBlock)
    body = list(block.body)
    indent = _indent(module, node)
    first_of = {p.indices[0]: p for p in plan.parts}
    moved = {i for p in plan.parts for i in p.indices}
    kept: list[cst.BaseStatement] = []
    for index, statement in enumerate(body):
        part = first_of.get(index)
        if part is not None:
            kept.append(_import_statement(statement, part, format_import, indent, dict(spelled),
                                          node.name.value))
        elif index not in moved:
            kept.append(statement)
    new_class = node.with_changes(body=block.with_changes(body=kept))
    kept_text = module.with_changes(body=[new_class]).code
    return kept_text, tuple(_holder(module, node, [body[i] for i in p.indices]) for p in plan.parts)


def _import_statement(first: cst.BaseStatement, part: PartPlan, format_import: FormatImport,
                      indent: str, spelled: Mapping[str, str], class_name: str) -> cst.BaseStatement:
    """`from .<part> import names` where the part's first method was, after a blank line if it was."""
    # Wrapped for its place in the class body; LibCST indents continuation lines with the block.
    module = spelled.get(part.module, f".{part.module}")
    aliases = _shadowed(part.names, part.reads, class_name)
    names = [f"{aliases[n]} as {n}" if n in aliases else n for n in part.names]
    code = textwrap.dedent(format_import(module, names, indent))
    statement = cst.parse_statement(code)
    blank = bool(first.leading_lines) and first.leading_lines[0].comment is None
    return statement.with_changes(leading_lines=[cst.EmptyLine(indent=False)] if blank else [])


def _holder(module: cst.Module, node: cst.ClassDef, methods: list[cst.BaseStatement]) -> str:
    """`class <Name>:` with the methods verbatim (blank lines above the first one dropped)."""
    first = methods[0]
    lines = list(first.leading_lines)
    while lines and lines[0].comment is None:
        lines.pop(0)
    methods = [first.with_changes(leading_lines=lines), *methods[1:]]
    methods = [explicit_super(m, node.name.value) if isinstance(m, cst.FunctionDef) else m for m in methods]
    block = node.body
    assert isinstance(block, cst.IndentedBlock)
    holder = cst.ClassDef(name=node.name, body=block.with_changes(body=methods))
    return module.code_for_node(holder).lstrip("\n")
