"""Recognise the calls that patch something by name: `mock.patch("a.b")`, `monkeypatch.setattr("a.b", v)`...

Gather-only visitors. A call is recognised through what its callee resolves to after the file's imports
(`from unittest import mock as m` makes `m.patch` the real thing), plus pytest's fixtures by their names.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

import libcst as cst

from refactor_tool.split.patch_targets.imports import MOCK, ImportTable
from refactor_tool.split.patch_targets.pruned import Path, PathVisitor
from refactor_tool.syntax.dotted import dotted


class PatchKind(StrEnum):
    """What a recognised call does with its target; values read as sentences in listings."""

    PATCH = "patches the attribute at this dotted path"
    DICT = "patches the dictionary at this dotted path"
    MULTIPLE = "patches several attributes of the module or class at this dotted path"
    SETATTR = "sets the attribute at this dotted path (pytest monkeypatch)"
    DELATTR = "deletes the attribute at this dotted path (pytest monkeypatch)"
    OBJECT = "patches an attribute of a module object named in code, not by a string"


@dataclass(frozen=True, slots=True)
class PatchTarget:
    """One patch call found in a file. `target` is the dotted path (for OBJECT: object path + attribute)."""

    line: int
    call: str
    target: str
    kind: PatchKind
    attributes: tuple[str, ...] = ()


_STRING_CALLS = {
    f"{MOCK}.patch": (PatchKind.PATCH, "target"),
    f"{MOCK}.patch.dict": (PatchKind.DICT, "in_dict"),
    f"{MOCK}.patch.multiple": (PatchKind.MULTIPLE, "target"),
}
_OBJECT_CALL = f"{MOCK}.patch.object"
# pytest-mock's fixtures: `mocker.patch` mirrors `mock.patch`.
_MOCKER_FIXTURES = frozenset(
    {"mocker", "class_mocker", "module_mocker", "package_mocker", "session_mocker"}
)
# Keywords of patch.multiple that configure it rather than name an attribute.
MULTIPLE_OPTIONS = frozenset({"spec", "spec_set", "create", "autospec", "new_callable"})


def string_value(node: cst.BaseExpression) -> str | None:
    """The text of a plain (non-bytes, non-f) string literal whose source spells it without escapes.

    Only such literals can be rewritten by replacing their inside while keeping prefix and quotes.
    """
    if not isinstance(node, cst.SimpleString) or "b" in node.prefix.lower():
        return None
    value = node.evaluated_value
    if not isinstance(value, str) or node.raw_value != value:
        return None
    return value


_MONKEYPATCH_KINDS = frozenset({PatchKind.SETATTR, PatchKind.DELATTR})


def _first_is_string(call: cst.Call) -> bool:
    """monkeypatch's string form (`setattr("a.b", v)`) versus its object form (`setattr(obj, "b", v)`)."""
    first = _argument(call, "target")
    return first is not None and isinstance(first.value, cst.SimpleString | cst.ConcatenatedString)


def _argument(call: cst.Call, keyword: str) -> cst.Arg | None:
    """The call's first positional argument, or the keyword argument that can stand for it."""
    for arg in call.args:
        if arg.keyword is None and arg.star == "":
            return arg
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg
    return None


@dataclass(slots=True)
class _Pending:
    """A recognised call before its line is known (lines come from `ast`, far cheaper than LibCST's)."""

    target: PatchTarget
    literal: str
    at_call: bool
    node: cst.SimpleString | cst.Call | None
    path: Path


class PatchCallFinder(PathVisitor):
    """Collects every recognised patch call; `finish` then gives each its line and rewrite node."""

    def __init__(self, imports: ImportTable) -> None:
        super().__init__()
        self.imports = imports
        self.pending: list[_Pending] = []
        self.found: list[PatchTarget] = []
        self.strings: dict[cst.SimpleString, PatchTarget] = {}
        self.calls: dict[cst.Call, PatchTarget] = {}
        self.path_of: dict[cst.CSTNode, Path] = {}

    def visit_Call(self, node: cst.Call) -> None:
        written = dotted(node.func)
        if written is None:
            return
        shape = self._shape(written)
        if shape is None:
            return
        kind, keyword = shape
        if kind is PatchKind.OBJECT or (kind in _MONKEYPATCH_KINDS and not _first_is_string(node)):
            self._object_form(node, written)
            return
        arg = _argument(node, keyword)
        value = None if arg is None else string_value(arg.value)
        if arg is None or value is None or (kind in _MONKEYPATCH_KINDS and "." not in value):
            return
        attributes: tuple[str, ...] = ()
        if kind is PatchKind.MULTIPLE:
            attributes = tuple(
                a.keyword.value
                for a in node.args
                if a.keyword is not None and a.keyword.value not in MULTIPLE_OPTIONS
            )
        assert isinstance(arg.value, cst.SimpleString)
        target = PatchTarget(0, written, value, kind, attributes)
        self.pending.append(_Pending(target, value, False, arg.value, self.path))

    def _shape(self, written: str) -> tuple[PatchKind, str] | None:
        head, _, rest = written.partition(".")
        if head not in self.imports.names:
            if head in _MOCKER_FIXTURES and rest:
                written = f"{MOCK}.{rest}"
            elif (head == "monkeypatch" or head in self.imports.monkeypatches) and rest in {
                "setattr",
                "delattr",
            }:
                kind = PatchKind.SETATTR if rest == "setattr" else PatchKind.DELATTR
                return kind, "target"
        full = self.imports.qualify(written)
        if full == _OBJECT_CALL:
            return PatchKind.OBJECT, ""
        return _STRING_CALLS.get(full)

    def _object_form(self, node: cst.Call, written: str) -> None:
        """`patch.object(core, "helper")`, `monkeypatch.setattr(core, "helper", v)`: an object in code.

        The target is the object's dotted path (through the file's imports) plus the attribute. When
        the call can say the same with a string (see `object_form_rewritable`) it is kept in `calls`.
        """
        positional = [a for a in node.args if a.keyword is None and a.star == ""]
        if len(positional) < 2:
            return
        owner = dotted(positional[0].value)
        attribute = string_value(positional[1].value)
        if owner is None or attribute is None:
            return
        path = f"{self.imports.qualify(owner)}.{attribute}"
        target = PatchTarget(0, written, path, PatchKind.OBJECT)
        rewritable = node if object_form_rewritable(node, written) else None
        self.pending.append(_Pending(target, attribute, True, rewritable, self.path))

    def finish(self, tree: ast.Module) -> None:
        """Give every pending target its line, pairing calls in source order with `ast`'s calls."""
        by_callee: dict[str, list[ast.Call]] = {}
        for call in sorted(
            (n for n in ast.walk(tree) if isinstance(n, ast.Call)),
            key=lambda n: (n.lineno, n.col_offset),
        ):
            name = dotted(call.func)
            if name is not None:
                by_callee.setdefault(name, []).append(call)
        cursor: dict[str, int] = {}
        for item in self.pending:
            calls = by_callee.get(item.target.call, [])
            position = cursor.get(item.target.call, 0)
            line = 0
            while position < len(calls) and not line:
                line = _literal_line(calls[position], item.literal, at_call=item.at_call)
                position += 1
            cursor[item.target.call] = position
            target = replace(item.target, line=line)
            self.found.append(target)
            if isinstance(item.node, cst.SimpleString):
                self.strings[item.node] = target
            elif isinstance(item.node, cst.Call):
                self.calls[item.node] = target
            if item.node is not None:
                self.path_of[item.node] = item.path


def _literal_line(call: ast.Call, literal: str, *, at_call: bool) -> int:
    """The line of `literal` among the call's arguments (or of the call), 0 if it has no such literal."""
    for value in [*call.args, *(k.value for k in call.keywords)]:
        if isinstance(value, ast.Constant) and value.value == literal:
            return call.lineno if at_call else value.lineno
    return 0


def object_form_rewritable(call: cst.Call, written: str) -> bool:
    """Whether the object form has an exact string form: same call, first two arguments fused.

    `patch.object(obj, "a", *rest)` is `patch("path.a", *rest)` (their later parameters line up);
    monkeypatch's string forms shift positional arguments, so only `setattr(obj, "a", value)` and
    `delattr(obj, "a")` (options as keywords) qualify.
    """
    if any(a.star for a in call.args) or len(call.args) < 2:
        return False
    if any(a.keyword is not None for a in call.args[:2]):
        return False
    positional = sum(1 for a in call.args if a.keyword is None)
    verb = written.rpartition(".")[2]
    return {"object": True, "setattr": positional == 3, "delattr": positional == 2}.get(verb, False)


def resolve_move(path: str, moves: Mapping[str, str]) -> str | None:
    """The new home of `path`: the longest moved dotted prefix on a segment boundary, or None."""
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in moves:
            return ".".join([moves[prefix], *parts[end:]])
    return None
