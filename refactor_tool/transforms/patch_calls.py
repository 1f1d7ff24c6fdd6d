"""Recognise the calls that patch something by name: `mock.patch("a.b")`, `monkeypatch.setattr("a.b", v)`...

Gather-only visitors. A call is recognised through what its callee resolves to after the file's imports
(`from unittest import mock as m` makes `m.patch` the real thing), plus pytest's fixtures by their names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import libcst as cst
from libcst.metadata import PositionProvider


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


MOCK = "unittest.mock"
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
_MONKEYPATCH_TYPES = frozenset({"pytest.MonkeyPatch", "_pytest.monkeypatch.MonkeyPatch"})
# Keywords of patch.multiple that configure it rather than name an attribute.
MULTIPLE_OPTIONS = frozenset({"spec", "spec_set", "create", "autospec", "new_callable"})


def dotted(node: cst.BaseExpression) -> str | None:
    """`a.b.c` for a chain of names and attributes, None for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return None if head is None else f"{head}.{node.attr.value}"
    return None


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


class ImportTable(cst.CSTVisitor):
    """Maps each local name bound by an import (anywhere in the file) to the dotted name it stands for."""

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[str, str] = {}
        self.monkeypatches: set[str] = set()

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = dotted(alias.name)
            if full is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.names[alias.asname.name.value] = full
            else:
                head = full.split(".")[0]
                self.names[head] = head

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return
        module = dotted(node.module)
        for alias in node.names:
            name = dotted(alias.name)
            if module is None or name is None:
                continue
            local = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.names[local] = f"{module}.{name}"

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self._maybe_monkeypatch(node.targets[0].target.value, node.value)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None and isinstance(node.asname.name, cst.Name):
            self._maybe_monkeypatch(node.asname.name.value, node.item)

    def _maybe_monkeypatch(self, name: str, value: cst.BaseExpression) -> None:
        """`mp = pytest.MonkeyPatch()` and `with MonkeyPatch.context() as mp` bind a monkeypatch too."""
        if not isinstance(value, cst.Call):
            return
        callee = self.qualify(dotted(value.func) or "").removesuffix(".context")
        if callee in _MONKEYPATCH_TYPES:
            self.monkeypatches.add(name)

    def qualify(self, name: str) -> str:
        head, _, rest = name.partition(".")
        full = self.names.get(head, head) + (f".{rest}" if rest else "")
        if full == "mock" or full.startswith("mock."):
            full = MOCK + full.removeprefix("mock")  # the `mock` backport is unittest.mock
        return full


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


class PatchCallFinder(cst.CSTVisitor):
    """Collects every recognised patch call, keyed by the string node a rewrite would replace."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, imports: ImportTable) -> None:
        super().__init__()
        self.imports = imports
        self.found: list[PatchTarget] = []
        self.strings: dict[cst.SimpleString, PatchTarget] = {}
        self.calls: dict[cst.Call, PatchTarget] = {}

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
        target = PatchTarget(self._line(arg.value), written, value, kind, attributes)
        self.found.append(target)
        assert isinstance(arg.value, cst.SimpleString)
        self.strings[arg.value] = target

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
        target = PatchTarget(self._line(node), written, path, PatchKind.OBJECT)
        self.found.append(target)
        if object_form_rewritable(node, written):
            self.calls[node] = target

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line


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
