"""The public surface as data: one `Entry` per importable public path, each a frozen value.

A `Surface` is what a snapshot file stores and what `diff` compares; nothing here knows about files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class EntryKind(str, Enum):
    """What a public path points to; the value is what a report prints."""

    MODULE = "module"
    CLASS = "class"
    FUNCTION = "function"
    METHOD = "method"
    CLASSMETHOD = "classmethod"
    STATICMETHOD = "staticmethod"
    PROPERTY = "property"
    ATTRIBUTE = "attribute"
    CONSTANT = "constant"
    #: A name imported from outside the package and re-exported (`__all__` or `import x as x`).
    EXTERNAL = "external"
    #: A name served by a module-level `__getattr__` (PEP 562); only `--import` can say what it is.
    DYNAMIC = "dynamic"
    #: A name only seen when importing the package (`--import`): made in a loop, computed `__all__`.
    RUNTIME = "runtime"


class ParamKind(str, Enum):
    """The five kinds of `inspect.Parameter`, spelled as people say them."""

    POSITIONAL_ONLY = "positional-only"
    POSITIONAL_OR_KEYWORD = "positional-or-keyword"
    VAR_POSITIONAL = "var-positional"
    KEYWORD_ONLY = "keyword-only"
    VAR_KEYWORD = "var-keyword"

    @property
    def positional(self) -> bool:
        return self in (ParamKind.POSITIONAL_ONLY, ParamKind.POSITIONAL_OR_KEYWORD)

    @property
    def variadic(self) -> bool:
        return self in (ParamKind.VAR_POSITIONAL, ParamKind.VAR_KEYWORD)


@dataclass(frozen=True, slots=True)
class Parameter:
    """One parameter; `default` is the default's source text, None when there is none."""

    name: str
    kind: ParamKind
    default: str | None = None
    annotation: str | None = None

    @property
    def has_default(self) -> bool:
        return self.default is not None

    @property
    def required(self) -> bool:
        return not self.has_default and not self.kind.variadic


@dataclass(frozen=True, slots=True)
class Signature:
    """How a callable is called: what call sites depend on (`self`/`cls` already dropped)."""

    parameters: tuple[Parameter, ...] = ()
    returns: str | None = None
    is_async: bool = False

    def render(self) -> str:
        parts: list[str] = []
        star_done = False
        for index, param in enumerate(self.parameters):
            if param.kind is ParamKind.KEYWORD_ONLY and not star_done:
                parts.append("*")
                star_done = True
            if param.kind is ParamKind.VAR_POSITIONAL:
                star_done = True
            prefix = {"var-positional": "*", "var-keyword": "**"}.get(param.kind.value, "")
            text = prefix + param.name
            if param.annotation:
                text += f": {param.annotation}"
            if param.default is not None:
                text += f" = {param.default}" if param.annotation else f"={param.default}"
            parts.append(text)
            is_last_posonly = param.kind is ParamKind.POSITIONAL_ONLY and (
                index + 1 == len(self.parameters)
                or self.parameters[index + 1].kind is not ParamKind.POSITIONAL_ONLY
            )
            if is_last_posonly:
                parts.append("/")
        text = ("async " if self.is_async else "") + "(" + ", ".join(parts) + ")"
        return text + (f" -> {self.returns}" if self.returns else "")


@dataclass(frozen=True, slots=True)
class Entry:
    """One public import path and what it resolves to.

    `target` is where the object is defined when that differs from `path` (a re-export), so moving
    a definition and re-exporting it keeps the path and changes only the target.
    """

    path: str
    kind: EntryKind
    target: str = ""
    signature: Signature | None = None
    bases: tuple[str, ...] = ()
    exports: tuple[str, ...] | None = None
    value: str | None = None
    value_kind: str | None = None
    annotation: str | None = None
    file: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    @property
    def parent(self) -> str:
        return self.path.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]


@dataclass(frozen=True, slots=True)
class Problem:
    """A module the extractor could not read; its paths are left out of every comparison."""

    module: str
    message: str
    file: str | None = None
    line: int | None = None

    def one_line(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else (f"{self.file}: " if self.file else "")
        return f"{where}{self.message}"


@dataclass(frozen=True, slots=True)
class Surface:
    """Every public path of one package, sorted by path; `root` prefixes `Entry.file` for display."""

    package: str
    entries: tuple[Entry, ...]
    problems: tuple[Problem, ...] = ()
    root: str = ""
    #: Modules that define a module-level `__getattr__`, so a missing name there may still import.
    dynamic_modules: tuple[str, ...] = ()
    #: Modules whose text could not be parsed: every path under them is unknown, not removed.
    unparsed_modules: tuple[str, ...] = ()

    def by_path(self) -> dict[str, Entry]:
        return {entry.path: entry for entry in self.entries}

    def is_unknown(self, path: str) -> bool:
        """True when `path` sits in a module that could not be parsed."""
        return any(path == module or path.startswith(module + ".") for module in self.unparsed_modules)
