"""A module-level table too long for one file, split into parts joined once at import.

    html5 = {                                  from . import _html5_1, _html5_2
        'AElig': '\\xc6',             ->        html5 = {**_html5_1.html5, **_html5_2.html5}
        ...
    }

Each part module holds a display of the same kind (`{...}`, `[...]`, `(...)`, `{*...}`) with a run of
the elements, verbatim (comments included), bound to the same name; the join rebuilds the same type,
order and value (a later duplicate key still wins, at the place of the first). The elements may be
plain values or expressions of names, attribute reads, calls and operators (pickletools' `opcodes`, a
list of `I(name=..., code=...)` calls): the parts run in the original order, each once, as the
display did; a part imports the names it reads like any moved statement. What could bind a name or
defer a read to a part module's namespace (`:=`, `lambda`, comprehensions, `**other`) is left alone.
An element too long for one part that is itself such a display (idna's `"PVALID": (...)`, 1,200 lines
of a 1,250-line dict) is cut into runs of its own elements, joined in its place
(`{**_t_1.t, "PVALID": (*_t_2.t, *_t_3.t), **_t_4.t}`).
A name the module deletes after the table (`I = OpcodeInfo`, the table, `del I`) cannot be imported by
a part; when it is a plain alias, the parts read what it stands for instead (`renames`).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from refactor_tool.syntax.facts.model import ModuleAnalysis, Statement

#: Brackets and the unpacking operator of each kind of display.
_KINDS = {ast.Dict: ("{", "}", "**"), ast.List: ("[", "]", "*"), ast.Tuple: ("(", ")", "*"), ast.Set: ("{", "}", "*")}


@dataclass(frozen=True, slots=True)
class LiteralPart:
    """One part module: its name, its elements (`start` up to, not including, `end`) and its lines."""

    module: str
    start: int
    end: int
    lines: int
    #: The element whose nested display it cuts (`start`, `end` index that display), or -1.
    inner: int = -1


@dataclass(frozen=True, slots=True)
class LiteralSplitPlan:
    name: str
    kind: str
    line: int
    old_lines: int
    kept_lines: int
    parts: tuple[LiteralPart, ...]
    #: (alias, what it stands for): names the parts read by what they are bound to (the alias is deleted).
    renames: tuple[tuple[str, str], ...] = ()

    def held(self, number: int) -> str:
        return f"part {number + 1} of {len(self.parts)} of `{self.name}`"

    def symbols(self, number: int) -> tuple[str, ...]:
        return (f"{self.name} (part {number + 1} of {len(self.parts)})",)


def _display(text: str) -> tuple[ast.expr, str, ast.expr] | None:
    """The display of `NAME = <display>` (or `NAME: T = ...`), the name and the target, or None."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    if len(tree.body) != 1:
        return None
    node = tree.body[0]
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None and node.simple:
        target, value = node.target, node.value
    else:
        return None
    if not isinstance(target, ast.Name) or type(value) not in _KINDS:
        return None
    return value, target.id, node


#: Expressions that bind no name and read names only while they run (a lambda's or comprehension's
#: body would read the part module's namespace, or bind a name of its own).
_PLAIN = (ast.Constant, ast.Name, ast.Attribute, ast.Subscript, ast.Slice, ast.Call, ast.keyword,
          ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.JoinedStr, ast.FormattedValue,
          ast.Dict, ast.List, ast.Tuple, ast.Set, ast.Starred, ast.expr_context, ast.operator,
          ast.unaryop, ast.boolop, ast.cmpop)


def _runs_in_place(node: ast.AST) -> bool:
    """Whether `node` evaluates the same in a part module: built only of `_PLAIN` nodes."""
    return all(isinstance(n, _PLAIN) for n in ast.walk(node))


def _elements(value: ast.expr) -> list[ast.expr] | None:
    """The first node of each element (the key of a dict item), or None unless each one runs in place."""
    if isinstance(value, ast.Dict):
        if any(k is None for k in value.keys):
            return None  # `**other`: the part would not know which keys come before it
        firsts: list[ast.expr] = list(value.keys)  # type: ignore[arg-type]
        nodes = [n for pair in zip(value.keys, value.values, strict=True) for n in pair]
    else:
        firsts = nodes = list(value.elts)  # type: ignore[attr-defined]
    if not all(_runs_in_place(n) for n in nodes):
        return None
    return firsts


def _offset(lines: Sequence[str], line: int, column: int) -> int:
    """Character offset in the text of (1-based line, UTF-8 byte column), as `ast` gives positions."""
    return sum(len(x) for x in lines[: line - 1]) + len(lines[line - 1].encode()[:column].decode())


def _cuts(text: str) -> tuple[str, list[int], list[int]] | None:
    """The name, where each element's text starts (characters) and on which line (0-based), the
    closing bracket's offset last in both."""
    found = _display(text)
    if found is None:
        return None
    value, name, node = found
    firsts = _elements(value) if value.lineno == node.lineno else None
    if not firsts or len(firsts) < 2:
        return None
    lines = text.splitlines(keepends=True)
    starts = [_offset(lines, n.lineno, n.col_offset) for n in firsts]
    close = _offset(lines, value.end_lineno or value.lineno, (value.end_col_offset or 1) - 1)
    return name, [*starts, close], [n.lineno - 1 for n in firsts] + [(value.end_lineno or value.lineno) - 1]


def _line_start(text: str, offset: int) -> int:
    """Where the line holding `offset` starts, when only indentation precedes it there; else `offset`."""
    start = text.rfind("\n", 0, offset) + 1
    return start if not text[start:offset].strip() else offset


def _renamed(text: str, renames: Mapping[str, str]) -> str:
    """`text` with each name read inside its display that `renames` maps spelled as its target."""
    found = _display(text)
    if found is None or not renames:
        return text
    lines = text.splitlines(keepends=True)
    names = [n for n in ast.walk(found[0]) if isinstance(n, ast.Name) and n.id in renames]
    for n in sorted(names, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        start = _offset(lines, n.lineno, n.col_offset)
        text = text[:start] + renames[n.id] + text[start + len(n.id):]
        lines = text.splitlines(keepends=True)
    return text


def _positions(text: str, display: ast.expr) -> tuple[list[int], list[int]]:
    """Where each element of `display` starts in `text` (characters) and on which line (0-based),
    its closing bracket last in both."""
    lines = text.splitlines(keepends=True)
    firsts = _elements(display) or []
    offsets = [_offset(lines, n.lineno, n.col_offset) for n in firsts]
    offsets.append(_offset(lines, display.end_lineno or display.lineno, (display.end_col_offset or 1) - 1))
    return offsets, [n.lineno - 1 for n in firsts] + [(display.end_lineno or display.lineno) - 1]


def _inner(value: ast.expr, element: int) -> ast.expr | None:
    """The display nested in `element` of `value` (a dict's value, a sequence's element) when its own
    elements could be split: two or more, each running in place."""
    node = value.values[element] if isinstance(value, ast.Dict) else value.elts[element]  # type: ignore[attr-defined]
    if type(node) not in _KINDS:
        return None
    elements = _elements(node)
    return node if elements and len(elements) >= 2 else None


def _runs(rows: Sequence[int], capacity: int, offset: int = 0) -> list[tuple[int, int]]:
    """Runs of consecutive elements (first, past the last) whose rows span at most `capacity` lines,
    an element longer than that alone a run of its own; `rows[-1]` is where the last one ends."""
    runs: list[tuple[int, int]] = []
    begin = 0
    for k in range(1, len(rows)):
        if rows[k] - rows[begin] > capacity and k - 1 > begin:
            runs.append((begin + offset, k - 1 + offset))
            begin = k - 1
    runs.append((begin + offset, len(rows) - 1 + offset))
    return runs


def plan_literal_split(text: str, *, capacity: int, part_name: Callable[[int], str],
                       format_import: Callable[[str, Sequence[str], str], str], line: int = 1,
                       renames: Mapping[str, str] | None = None) -> LiteralSplitPlan | None:
    """Runs of elements of the display in `text` (one statement), each at most `capacity` lines; an
    element longer than that which is itself a display (idna's `"PVALID": (...)`, 1,200 lines) is cut
    into runs of its own elements, otherwise it is a run by itself. None unless its elements run in place.
    `renames`: alias -> what it stands for, for names the parts must not read (see the module)."""
    cuts = _cuts(text)
    if cuts is None:
        return None
    name, _, rows = cuts
    value = _display(text)[0]  # type: ignore[index]
    runs: list[tuple[int, int, int]] = []
    begin = 0
    for k in range(len(rows) - 1):
        inner = _inner(value, k) if rows[k + 1] - rows[k] > capacity else None
        inner_runs = _runs(_positions(text, inner)[1], capacity) if inner is not None else []
        if len(inner_runs) < 2:
            continue
        runs += [(a, b, -1) for a, b in _runs(rows[begin:k + 1], capacity, begin)] if k > begin else []
        runs += [(a, b, k) for a, b in inner_runs]
        begin = k + 1
    runs += [(a, b, -1) for a, b in _runs(rows[begin:], capacity, begin)] if begin < len(rows) - 1 else []
    if len(runs) < 2:
        return None
    parts = tuple(LiteralPart(part_name(n), a, b, 0, inner) for n, (a, b, inner) in enumerate(runs, start=1))
    kind = type(value).__name__.lower()
    aliases = tuple(sorted((renames or {}).items()))
    plan = LiteralSplitPlan(name, kind, line, len(text.splitlines()), 0, parts, aliases)
    kept, texts = render_literal(plan, text, format_import=format_import)
    parts = tuple(replace(p, lines=len(t.splitlines())) for p, t in zip(parts, texts, strict=True))
    return LiteralSplitPlan(name, kind, line, len(text.splitlines()), len(kept.splitlines()), parts, aliases)


def _joined(plan: LiteralSplitPlan, text: str, value: ast.expr) -> list[str]:
    """The items of the joining display, one per part or per nested display cut into parts
    (`*_t_1.t`, `"PVALID": (*_t_2.t, *_t_3.t)`), each as it is written on lines of its own."""
    spread = _KINDS[type(value)][2]
    lines = text.splitlines(keepends=True)
    items: list[str] = []
    for number, part in enumerate(plan.parts):
        reference = f"{part.module}.{plan.name}"
        if part.inner < 0:
            items.append(f"{spread}{reference}")
            continue
        opening, closing, inner_spread = _KINDS[type(_inner(value, part.inner))]
        if number and plan.parts[number - 1].inner == part.inner:
            items[-1] = items[-1][: -len(closing)] + f", {inner_spread}{reference}{closing}"
            continue
        key = ""
        if isinstance(value, ast.Dict):
            node = value.keys[part.inner]
            assert node is not None
            key = text[_offset(lines, node.lineno, node.col_offset):
                       _offset(lines, node.end_lineno or node.lineno, node.end_col_offset or 0)] + ": "
        items.append(f"{key}{opening}{inner_spread}{reference}{closing}")
    return items


def render_literal(plan: LiteralSplitPlan, text: str, *, format_import: Callable[[str, Sequence[str], str], str],
                   package: str = ".") -> tuple[str, list[str]]:
    """The joining statement and each part's statement, from the statement's `text`; `package`: how
    the joining statement's module spells the package of the parts (`from . import _table_1`).

    A part's elements are cut out at element boundaries, verbatim with what follows them (commas,
    comments, line breaks); inside brackets, their place on the line changes no value.
    """
    text = _renamed(text, dict(plan.renames))
    value, name, node = _display(text)  # type: ignore[misc]
    offsets = {-1: _positions(text, value)[0]}
    note = "".join(f"# `{a}` stands for `{t}` where `{name}` is defined; the module deletes `{a}` after it.\n"
                   for a, t in plan.renames)
    parts = []
    for part in plan.parts:
        display = value if part.inner < 0 else _inner(value, part.inner)
        assert display is not None
        if part.inner not in offsets:
            offsets[part.inner] = _positions(text, display)[0]
        cuts = offsets[part.inner]
        opening, closing, _ = _KINDS[type(display)]
        begin, end = _line_start(text, cuts[part.start]), _line_start(text, cuts[part.end])
        body = ("" if begin < cuts[part.start] else "    ") + text[begin:end]
        parts.append(f"{note}{name} = {opening}\n{body}{'' if body.endswith(chr(10)) else chr(10)}{closing}\n")
    lines = text.splitlines(keepends=True)
    head = "".join(lines[: node.lineno - 1])
    target = lines[node.lineno - 1][: value.col_offset].rstrip()
    opening, closing, _ = _KINDS[type(value)]
    modules = [p.module for p in plan.parts]
    items = _joined(plan, text, value)
    single = f"{target} {opening}{', '.join(items)}{closing}\n"
    if len(single) > 89:
        single = f"{target} {opening}\n" + "".join(f"    {_wrapped(item)},\n" for item in items) + f"{closing}\n"
    return head + format_import(package, modules, "") + single, parts


def _wrapped(item: str) -> str:
    """A nested join too long for its line, one part a line (`"PVALID": (\n    *_t_2.t,\n ...)`)."""
    if len(item) <= 83 or not item.endswith((")", "]", "}")):
        return item
    head, _, rest = item.partition("*")
    if not rest:
        return item
    inner = ("*" + rest[:-1]).split(", ")
    return head + "\n" + "".join(f"        {x},\n" for x in inner) + "    " + item[-1]


def deleted_aliases(statement: Statement, analysis: ModuleAnalysis) -> dict[str, str] | None:
    """For each name the table reads that the module deletes after it, what it stands for: a part
    module could only import it from a module that no longer has it (`I = OpcodeInfo; opcodes =
    [I(...), ...]; del I`), so the parts read `OpcodeInfo`. None when one is not a plain alias, bound
    once, of a name bound once and never deleted."""
    deleted = {n for s in analysis.statements if s.start > statement.end for n in s.deletes} & statement.uses_import
    defined = analysis.defined
    gone = {n for s in analysis.statements for n in (*s.deletes, *s.rebinds)}
    renames = {}
    for name in sorted(deleted):
        binders = defined.get(name, ())
        if len(binders) != 1 or analysis.statements[binders[0]].end >= statement.start:
            return None
        target = _alias_of(analysis, analysis.statements[binders[0]])
        if target is None or len(defined.get(target, ())) != 1 or target in gone or target in deleted:
            return None
        renames[name] = target
    return renames


def _alias_of(analysis: ModuleAnalysis, binder: Statement) -> str | None:
    """`M` when `binder` is the statement `N = M` (names only), else None."""
    text = "".join(analysis.source.splitlines(keepends=True)[binder.start - 1:binder.end])
    try:
        body = ast.parse(text).body
    except SyntaxError:
        return None
    if len(body) != 1 or not isinstance(body[0], ast.Assign) or len(body[0].targets) != 1:
        return None
    target, value = body[0].targets[0], body[0].value
    return value.id if isinstance(target, ast.Name) and isinstance(value, ast.Name) else None
