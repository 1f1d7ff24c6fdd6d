"""Split a class too large for the line limit into mixins: `class Big(_BigPartA, _BigPartB, *bases)`.

Moving statements cannot shrink one definition, so cohesive groups of its methods move into mixin
classes defined just before it; the mixins come first among the bases, so every method resolves
exactly as before, and the plan reports the changed `__mro__`. Methods whose meaning depends on the
class that defines them stay (see `keep_rules.KeepReason`).
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

import libcst as cst

from refactor_tool.errors import InputError, PlanError
from refactor_tool.split.classes.class_members import Unit, bound_names, mixin_policy, read_units
from refactor_tool.split.classes.class_parts import (
    body_statement_lines,
    build_mixin,
    class_line_count,
    mixin_refusal,
    reads_own_namespace,
    with_bases_and_body,
)
from refactor_tool.split.classes.keep_rules import KeepReason, KeptMethod
from refactor_tool.split.classes.method_groups import mixin_names, partition
from refactor_tool.syntax.matching import pair_statements

__all__ = [
    "ClassSplit",
    "KeepReason",
    "KeptMethod",
    "MixinPart",
    "MroChange",
    "split_large_classes",
]

# Lines a mixin spends besides its methods: `class` line, docstring, blank, `__slots__ = ()`, blank
# (an upper bound: `__slots__` is only written for classes that have slots).
MIXIN_OVERHEAD = 5


@dataclass(frozen=True, slots=True)
class MixinPart:
    """One new mixin: its name, the methods it received (in source order) and its length in lines."""

    name: str
    methods: tuple[str, ...]
    line_count: int


@dataclass(frozen=True, slots=True)
class MroChange:
    """How one class changed: its bases before and after, the mixins, and what stayed behind.

    The new `__mro__` is the old one with the mixins inserted right after the class itself (they
    derive from `object` only); `new_mro` computes it from the old one's names.
    """

    class_name: str
    line: int
    old_bases: tuple[str, ...]
    new_bases: tuple[str, ...]
    mixins: tuple[MixinPart, ...]
    old_line_count: int
    new_line_count: int
    kept: tuple[KeptMethod, ...]

    def new_mro(self, old_mro: Sequence[str]) -> tuple[str, ...]:
        return (old_mro[0], *(m.name for m in self.mixins), *old_mro[1:])


@dataclass(frozen=True, slots=True)
class ClassSplit:
    """The rewritten module and one `MroChange` per class that was split."""

    code: str
    mro_changes: tuple[MroChange, ...]


def _describe_kept(units: Sequence[Unit]) -> str:
    by_reason: dict[KeepReason, list[Unit]] = {}
    for unit in units:
        if unit.kept is not None:
            by_reason.setdefault(unit.kept, []).append(unit)
    parts = []
    for reason, group in sorted(by_reason.items(), key=lambda item: -sum(u.lines for u in item[1])):
        names = ", ".join(f"{u.name} (line {u.line}, {u.lines} lines)" for u in group[:4])
        more = f" and {len(group) - 4} more" if len(group) > 4 else ""
        parts.append(f"{len(group)} must stay ({reason.value}): {names}{more}")
    return "; ".join(parts) or "nothing can move"


def _choose(units: Sequence[Unit], span: int, max_lines: int) -> tuple[list[tuple[Unit, ...]], int]:
    """Groups to move (largest first, as few as fit the class under the limit) and the estimate left.

    Special methods move only when the ordinary ones are not enough: they read best in the class.
    """
    capacity = max_lines - MIXIN_OVERHEAD
    ordinary = [u for u in units if u.kept is None and not u.dunder]
    special = [u for u in units if u.kept is None]
    chosen: list[tuple[Unit, ...]] = []
    left = span
    for pool in (ordinary, special):
        chosen, left = [], span
        for group in partition(pool, capacity):
            if left <= max_lines:
                break
            chosen.append(group)
            left -= sum(u.lines for u in group)
        if left <= max_lines:
            break
    return chosen, left


def _split_one(
    module: cst.Module,
    node: cst.ClassDef,
    tree: ast.ClassDef,
    max_lines: int,
    taken: set[str],
    *,
    evaluated_annotations: bool,
    strict: bool,
) -> tuple[list[cst.BaseStatement], MroChange] | None:
    where = f"class {tree.name} (line {tree.lineno})"
    refusal = mixin_refusal(node)
    if refusal is not None:
        raise PlanError(f"{where} {refusal}; it cannot be split into mixins", line=tree.lineno)
    if not isinstance(node.body, cst.IndentedBlock):
        return None
    statements = pair_statements(node.body.body, tree.body)
    line_counts = [body_statement_lines(s, group) for s, group in zip(node.body.body, statements, strict=True)]
    units = read_units(
        tree,
        statements,
        line_counts,
        evaluated_annotations=evaluated_annotations,
        policy=mixin_policy(reads_own_namespace(node)),
    )
    span = class_line_count(tree)
    chosen, left = _choose(units, span, max_lines)
    if strict and left > max_lines:
        raise PlanError(
            f"{where} would still span about {left} lines after moving every method that can move "
            f"(limit {max_lines}); {_describe_kept(units)}",
            line=tree.lineno,
        )
    oversized = [u for g in chosen for u in g if u.lines > max_lines - MIXIN_OVERHEAD]
    if strict and oversized:
        big = oversized[0]
        raise PlanError(
            f"{where}: method {big.name} (line {big.line}) alone spans {big.lines} lines, "
            f"so no mixin holding it fits the {max_lines}-line limit",
            line=big.line,
        )
    if not chosen:
        return None
    chosen.sort(key=lambda g: g[0].indices[0])
    names = mixin_names(tree.name, chosen, taken)
    taken.update(names)
    body = node.body.body
    slots = any("__slots__" in bound_names(s) for s in tree.body)
    mixins = [
        build_mixin(
            name,
            tree.name,
            [body[i] for u in group for i in u.indices],
            node.body,
            len(group),
            slots=slots,
        )
        for name, group in zip(names, chosen, strict=True)
    ]
    moved = {i for group in chosen for u in group for i in u.indices}
    new_class = with_bases_and_body(node, names, [s for i, s in enumerate(body) if i not in moved])
    if not any(line.comment is None for line in new_class.leading_lines[:1]):
        blank = cst.EmptyLine(indent=False)
        new_class = new_class.with_changes(leading_lines=[blank, blank, *new_class.leading_lines])
    # Line counts are filled in from the written module (see _measure).
    parts = tuple(
        MixinPart(name, tuple(n for u in group for n in u.names), 0)
        for name, group in zip(names, chosen, strict=True)
    )
    change = MroChange(
        class_name=tree.name,
        line=tree.lineno,
        old_bases=_bases(module, node),
        new_bases=_bases(module, new_class),
        mixins=parts,
        old_line_count=span,
        new_line_count=0,
        kept=tuple(KeptMethod(u.name, u.line, u.kept) for u in units if u.kept is not None),
    )
    return [*mixins, new_class], change


def _measure(code: str, changes: Sequence[MroChange]) -> tuple[MroChange, ...]:
    """Fill in the line counts of every split class and mixin from the code as written."""
    spans = {
        s.name: class_line_count(s) for s in ast.parse(code).body if isinstance(s, ast.ClassDef)
    }
    return tuple(
        replace(
            change,
            new_line_count=spans[change.class_name],
            mixins=tuple(replace(m, line_count=spans[m.name]) for m in change.mixins),
        )
        for change in changes
    )


def _bases(module: cst.Module, node: cst.ClassDef) -> tuple[str, ...]:
    return tuple(arg.star + module.code_for_node(arg.value) for arg in node.bases)


def _parse(source: str) -> ast.Module:
    try:
        return ast.parse(source)
    except SyntaxError as error:
        raise InputError(f"cannot parse: {error.msg}", line=error.lineno) from error


def split_large_classes(
    source: str,
    max_lines: int,
    *,
    class_names: Collection[str] | None = None,
    strict: bool = True,
) -> ClassSplit:
    """Move cohesive groups of methods out of every top-level class longer than `max_lines`.

    `class_names` limits the work to those classes (each must exist at the top level). With `strict`
    (the default) a class that cannot get under the limit, or a method too long for any mixin,
    raises `PlanError` naming the class, its line and what holds it back; without it the best
    possible split is returned and the line counts in the report tell the rest.
    """
    tree = _parse(source)
    found = {s.name for s in tree.body if isinstance(s, ast.ClassDef)}
    unknown = sorted(set(class_names or ()) - found)
    if unknown:
        raise PlanError(f"no top-level class named {', '.join(unknown)} to split")
    if not any(
        isinstance(s, ast.ClassDef)
        and (class_names is None or s.name in class_names)
        and class_line_count(s) > max_lines
        for s in tree.body
    ):
        return ClassSplit(source, ())  # nothing to do: spare the LibCST parse
    module = cst.parse_module(source)
    evaluated_annotations = not any(
        isinstance(s, ast.ImportFrom)
        and s.module == "__future__"
        and any(a.name == "annotations" for a in s.names)
        for s in tree.body
    )
    pairs = pair_statements(module.body, tree.body)
    taken = {name for statement in tree.body for name in bound_names(statement)}
    new_body: list[cst.BaseStatement] = []
    changes: list[MroChange] = []
    for statement, group in zip(module.body, pairs, strict=True):
        target = group[0] if len(group) == 1 and isinstance(group[0], ast.ClassDef) else None
        wanted = target is not None and (class_names is None or target.name in class_names)
        if target is None or not wanted or class_line_count(target) <= max_lines:
            new_body.append(statement)
            continue
        assert isinstance(statement, cst.ClassDef)
        result = _split_one(
            module,
            statement,
            target,
            max_lines,
            taken,
            evaluated_annotations=evaluated_annotations,
            strict=strict,
        )
        if result is None:
            new_body.append(statement)
            continue
        statements, change = result
        if not new_body and not module.header:
            statements[0] = statements[0].with_changes(leading_lines=())
        new_body.extend(statements)
        changes.append(change)
    if not changes:
        return ClassSplit(source, ())
    code = module.with_changes(body=new_body).code
    measured = _measure(code, changes)
    over = [(c.class_name, c.new_line_count) for c in measured if c.new_line_count > max_lines]
    over += [(m.name, m.line_count) for c in measured for m in c.mixins if m.line_count > max_lines]
    if strict and over:
        name, lines = over[0]
        raise PlanError(
            f"class {name} would span {lines} lines after the split (limit {max_lines})"
        )
    return ClassSplit(code, measured)
