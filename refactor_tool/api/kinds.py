"""Kinds of API change, each a sentence with a what / why / example doc, and the findings that carry them.

Named after what broke, like griffe's `BreakageKind`; severity says whether it fails the check.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    BREAKING = "breaking"
    WARNING = "warning"


class BreakageKind(str, Enum):
    """What changed at a public path; the value is the sentence a report prints."""

    PATH_REMOVED = "Public import path was removed"
    KIND_CHANGED = "Public path now points to a different kind of object"
    PARAMETER_REMOVED = "Parameter was removed"
    PARAMETER_RENAMED = "Positional parameter was renamed"
    PARAMETER_MOVED = "Positional parameter was moved"
    PARAMETER_KIND_CHANGED = "Parameter kind was changed (positional-only / keyword-only)"
    REQUIRED_PARAMETER_ADDED = "Required parameter was added"
    DEFAULT_REMOVED = "Parameter default was removed, so the parameter is now required"
    ASYNC_CHANGED = "Callable changed between async and sync"
    BASE_CLASS_REMOVED = "Base class was removed"
    CLASS_MEMBER_REMOVED = "Class member was removed"
    ALL_ENTRY_REMOVED = "Name was removed from __all__"
    DEFAULT_CHANGED = "Parameter default value was changed"
    RETURN_ANNOTATION_CHANGED = "Return annotation was changed"
    NOW_DYNAMIC = "Name is now served by a module __getattr__ (check with --import)"
    RUNTIME_UNCHECKED = "Name only exists at import time and was not checked (use --import)"

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self in _WARNINGS else Severity.BREAKING

    @property
    def slug(self) -> str:
        """`parameter-removed`: the name used in JSON and in allow entries."""
        return self.name.lower().replace("_", "-")


_WARNINGS = frozenset(
    {
        BreakageKind.DEFAULT_CHANGED,
        BreakageKind.RETURN_ANNOTATION_CHANGED,
        BreakageKind.NOW_DYNAMIC,
        BreakageKind.RUNTIME_UNCHECKED,
    }
)


@dataclass(frozen=True, slots=True)
class KindDoc:
    what: str
    why: str
    example: str


DOCS: dict[BreakageKind, KindDoc] = {
    BreakageKind.PATH_REMOVED: KindDoc(
        "An import path that resolved before resolves to nothing now.",
        "`from pkg.mod import Name` and `pkg.mod.Name` raise ImportError / AttributeError in user code.",
        "`pkg/big.py` is split into `pkg/big/` and `helper` is not re-exported from `pkg/big/__init__.py`.",
    ),
    BreakageKind.KIND_CHANGED: KindDoc(
        "The path now names a different kind of object (function -> class, method -> property...).",
        "Call sites written for the old kind (`obj.size()` vs `obj.size`) stop working.",
        "`def size(self)` becomes `@property def size(self)`.",
    ),
    BreakageKind.PARAMETER_REMOVED: KindDoc(
        "A parameter (or `*args` / `**kwargs`) no longer exists.",
        "Calls passing it raise TypeError.",
        "`def grow(self, by, limit=None)` becomes `def grow(self, by)`.",
    ),
    BreakageKind.PARAMETER_RENAMED: KindDoc(
        "A positional-or-keyword parameter keeps its position but has a new name.",
        "Positional calls still work; calls passing it by keyword raise TypeError.",
        "`def grow(self, by)` becomes `def grow(self, step)`.",
    ),
    BreakageKind.PARAMETER_MOVED: KindDoc(
        "A positional parameter now sits at another position.",
        "Positional calls pass values to the wrong parameters, silently or with a TypeError.",
        "`def f(a, b)` becomes `def f(b, a)`.",
    ),
    BreakageKind.PARAMETER_KIND_CHANGED: KindDoc(
        "A parameter became positional-only or keyword-only (or stopped being variadic).",
        "Calls passing it the way that is no longer allowed raise TypeError.",
        "`def f(a, b)` becomes `def f(a, *, b)`.",
    ),
    BreakageKind.REQUIRED_PARAMETER_ADDED: KindDoc(
        "A new parameter without a default.",
        "Every existing call lacks it and raises TypeError.",
        "`def make_widget(size=2)` becomes `def make_widget(color, size=2)`.",
    ),
    BreakageKind.DEFAULT_REMOVED: KindDoc(
        "A parameter that had a default has none now.",
        "Calls that relied on the default raise TypeError.",
        "`def f(a=1)` becomes `def f(a)`.",
    ),
    BreakageKind.ASYNC_CHANGED: KindDoc(
        "A function became a coroutine function, or stopped being one.",
        "Callers that did not `await` get a coroutine object; callers that did get a TypeError.",
        "`def fetch()` becomes `async def fetch()`.",
    ),
    BreakageKind.BASE_CLASS_REMOVED: KindDoc(
        "A class no longer has a base it had (directly or through its other bases).",
        "`isinstance` checks, `except Base:` clauses and inherited members stop working.",
        "`class Widget(Base)` becomes `class Widget`.",
    ),
    BreakageKind.CLASS_MEMBER_REMOVED: KindDoc(
        "A public method, property or attribute of a class that still exists is gone.",
        "`obj.member` raises AttributeError.",
        "`Widget.grow` is deleted while `Widget` stays.",
    ),
    BreakageKind.ALL_ENTRY_REMOVED: KindDoc(
        "A name listed in a module's `__all__` is no longer exported by `from module import *`.",
        "Star imports stop binding it (and tools that read `__all__` stop documenting it).",
        "`__all__ = ['Widget', 'helper']` becomes `__all__ = ['Widget']`.",
    ),
    BreakageKind.DEFAULT_CHANGED: KindDoc(
        "A default value has new source text.",
        "Calls relying on the default behave differently, without any error (a warning, not a failure).",
        "`def make_widget(size=2)` becomes `def make_widget(size=3)`.",
    ),
    BreakageKind.RETURN_ANNOTATION_CHANGED: KindDoc(
        "The return annotation has new text.",
        "Type-checked callers may fail; runtime callers may get another type (a warning).",
        "`-> list[str]` becomes `-> tuple[str, ...]`.",
    ),
    BreakageKind.NOW_DYNAMIC: KindDoc(
        "The name is no longer bound statically, but a module `__getattr__` names it.",
        "It probably still imports (a deprecation shim); only importing the package can prove it.",
        "`helper` moves and `def __getattr__(name): if name == 'helper': ...` serves it with a warning.",
    ),
    BreakageKind.RUNTIME_UNCHECKED: KindDoc(
        "The old snapshot (taken with --import) has a name made at import time that the static reading cannot see.",
        "Without importing the new code nobody knows whether it still exists; it is not assumed removed.",
        "`for name in COLORS: globals()[name] = ...` in the package `__init__`.",
    ),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One change at one public path; `accepted` holds the allow entry's reason when someone accepted it."""

    kind: BreakageKind
    path: str
    detail: str = ""
    file: str | None = None
    line: int | None = None
    accepted: str | None = None
    #: Other public paths of the same definition with the same change (`pkg.Widget`, `pkg.core.Widget`).
    also: tuple[str, ...] = ()

    @property
    def severity(self) -> Severity:
        return self.kind.severity

    @property
    def breaking(self) -> bool:
        return self.severity is Severity.BREAKING and self.accepted is None


@dataclass(frozen=True, slots=True)
class Addition:
    """A public path (or optional parameter) that is new: listed, never a failure."""

    path: str
    kind: str
    detail: str = ""
