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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import libcst as cst

from refactor_tool.split.classes.class_members import Unit, read_units
from refactor_tool.split.classes.class_parts import body_statement_lines
from refactor_tool.split.classes.keep_rules import (
    MODULE_ATTRIBUTES,
    BodyRules,
    KeepReason,
    body_reason,
)
from refactor_tool.split.classes.method_groups import group_word, partition
from refactor_tool.syntax.matching import pair_statements

#: `format_import(module, names, indent)`: the text of `from module import names` at `indent`.
FormatImport = Callable[[str, Sequence[str], str], str]

@dataclass(frozen=True, slots=True)
class PartPlan:
    """One part module: its name (`_argument_parser_parse`), the body statements it takes, the
    names they bind in the class (aliases included) and the lines of its class statement."""

    module: str
    indices: tuple[int, ...]
    names: tuple[str, ...]
    lines: int


@dataclass(frozen=True, slots=True)
class KeptMethod:
    name: str
    line: int
    reason: KeepReason


@dataclass(frozen=True, slots=True)
class BodySplitPlan:
    """How one class statement splits: its kept text's line count and the part modules."""

    class_name: str
    line: int
    old_lines: int
    kept_lines: int
    parts: tuple[PartPlan, ...]
    kept: tuple[KeptMethod, ...]


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


def plan_body_split(text: str, rules: BodyRules, *, target: int, capacity: int, evaluated_annotations: bool,
                    part_name: Callable[[str], str], format_import: FormatImport) -> BodySplitPlan | None:
    """Which methods of the class in `text` (one top-level statement) move, in which part modules.

    The class statement should end up at most `target` lines, each part's class at most `capacity`;
    `part_name(word)` names the module of a group (`Parse` -> `_argument_parser_parse`). None when
    nothing can move.
    """
    _, node, tree = _parse(text)
    block = node.body
    if not isinstance(block, cst.IndentedBlock):
        return None
    statements = pair_statements(block.body, tree.body)
    line_counts = [body_statement_lines(s, g) for s, g in zip(block.body, statements, strict=True)]
    units = read_units(tree, statements, line_counts, evaluated_annotations=evaluated_annotations,
                       policy=lambda facts, aliases: body_reason(facts, rules, aliases), super_targets=False)
    span = len(text.splitlines())
    chosen = _choose(units, span, target, capacity, import_lines=2)
    if not chosen:
        return None
    chosen.sort(key=lambda g: g[0].indices[0])
    used: set[str] = set()
    parts = []
    for group in chosen:
        word = group_word(group, used)
        used.add(word)
        indices = tuple(sorted(i for u in group for i in u.indices))
        names = tuple(dict.fromkeys(n for u in group for n in u.names))
        parts.append(PartPlan(part_name(word), indices, names, 0))
    draft = BodySplitPlan(tree.name, tree.lineno, span, 0, tuple(parts), ())
    kept_text, part_texts = render(draft, text, format_import, home="")
    parts = [PartPlan(p.module, p.indices, p.names, len(t.splitlines()))
             for p, t in zip(parts, part_texts, strict=True)]
    kept = tuple(KeptMethod(u.name, u.line, u.kept) for u in units if u.kept is not None)
    return BodySplitPlan(tree.name, tree.lineno, span, len(kept_text.splitlines()), tuple(parts), kept)


def render(plan: BodySplitPlan, text: str, format_import: FormatImport, home: str) -> tuple[str, list[str]]:
    """The kept class statement and each part module's statements, from the statement's `text`.

    `home` is the module holding the class statement (named in each part's comment).
    """
    kept, holders = _rendered(plan, text, format_import)
    name = plan.class_name
    comment = f"# Methods of `{home}.{name}`, compiled as such here; its class statement binds them.\n"
    return kept, [comment + holder + _tail(name, part.names) for holder, part in zip(holders, plan.parts, strict=True)]


def _tail(name: str, names: Sequence[str]) -> str:
    """What serves the import in the class body: `__getattr__`, and plain assignments for the names
    a module object has of its own (`__repr__`, `__eq__`...), which `__getattr__` is never asked for."""
    own = [n for n in names if n in MODULE_ATTRIBUTES]
    bound = "".join(f'{n} = vars({name})["{n}"]\n' for n in own)
    if bound:
        bound = "\n\n# Modules have these names of their own: `__getattr__` below is not asked for them.\n" + bound
    return bound + (
        "\n\ndef __getattr__(name):\n"
        f'    """The methods of `{name}` above, for `from .<this module> import ...` in its class body."""\n'
        "    try:\n"
        f"        return vars({name})[name]\n"
        "    except KeyError:\n"
        '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None\n'
    )


@functools.lru_cache(maxsize=8)
def _rendered(plan: BodySplitPlan, text: str, format_import: FormatImport) -> tuple[str, tuple[str, ...]]:
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
            kept.append(_import_statement(statement, part, format_import, indent))
        elif index not in moved:
            kept.append(statement)
    new_class = node.with_changes(body=block.with_changes(body=kept))
    kept_text = module.with_changes(body=[new_class]).code
    return kept_text, tuple(_holder(module, node, [body[i] for i in p.indices]) for p in plan.parts)


def _import_statement(first: cst.BaseStatement, part: PartPlan, format_import: FormatImport,
                      indent: str) -> cst.BaseStatement:
    """`from .<part> import names` where the part's first method was, after a blank line if it was."""
    # Wrapped for its place in the class body; LibCST indents continuation lines with the block.
    code = textwrap.dedent(format_import(f".{part.module}", part.names, indent))
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
    block = node.body
    assert isinstance(block, cst.IndentedBlock)
    holder = cst.ClassDef(name=node.name, body=block.with_changes(body=methods))
    return module.code_for_node(holder).lstrip("\n")
