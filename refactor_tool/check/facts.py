"""What the checks need from one Python file, kept as plain data (cacheable): read by scanning
(check/scan.py, check/read.py), or with `ast` (check/facts_ast.py, the reference reader).

Imports carry their scope, because an import inside a function or under `if TYPE_CHECKING:` does not run
when the module loads: it closes no import cycle, but it still counts as a use of the module it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

#: Bumped whenever what `read_facts` returns changes, so old cache entries are not reused.
FACTS_VERSION = 3

_DOTTED_STRING = re.compile(rb"""["']([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?::[\w.]+)?["']""")
_IMPORT_CALL = re.compile(rb"""import_module\(\s*["']([A-Za-z_][\w.]*)["']""")


class Scope(str, Enum):
    """When an import runs; only module-level imports run as the module loads."""

    MODULE = "module level"
    TYPE_CHECKING = "under TYPE_CHECKING"
    FUNCTION = "inside a function"


@dataclass(frozen=True, slots=True)
class ImportFact:
    #: the module as written (`a.b` in `import a.b`, `x` in `from ..x import y`, '' in `from . import y`)
    module: str
    #: names after `from ... import` (empty for `import a.b`)
    names: tuple[str, ...]
    level: int
    line: int
    scope: Scope
    #: inside `try:` with an `except ImportError` (an optional dependency)
    guarded: bool = False


@dataclass(frozen=True, slots=True)
class ModuleFacts:
    lines: int
    imports: tuple[ImportFact, ...] = ()
    #: dotted names in string literals and `import_module("...")` calls (modules loaded by name)
    references: tuple[str, ...] = ()
    #: module-level names marked deprecated (decorator, a DeprecationWarning, a warning `__getattr__`);
    #: None when the file mentions deprecation but was only scanned (check/read.py)
    deprecated: tuple[tuple[str, int], ...] | None = ()
    #: has `if __name__ == "__main__":`, so it is run as a script
    main_guard: bool = False
    #: (line, message) when the file does not parse
    error: tuple[int, str] | None = None

    def as_data(self) -> list[Any]:
        return [self.lines, [[i.module, list(i.names), i.level, i.line, i.scope.name, i.guarded]
                             for i in self.imports],
                list(self.references), None if self.deprecated is None else [list(d) for d in self.deprecated],
                self.main_guard,
                None if self.error is None else list(self.error)]

    @classmethod
    def from_data(cls, data: list[Any]) -> ModuleFacts:
        lines, imports, references, deprecated, main_guard, error = data
        return cls(lines, tuple(ImportFact(m, tuple(n), lv, ln, Scope[s], g) for m, n, lv, ln, s, g in imports),
                   tuple(references), None if deprecated is None else tuple((name, line) for name, line in deprecated),
                   main_guard,
                   None if error is None else (error[0], error[1]))


def count_lines(data: bytes) -> int:
    """Lines as `wc -l` and editors count them: a final line without a newline still counts."""
    if not data:
        return 0
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def mentions_deprecation(data: bytes) -> bool:
    return b"eprecat" in data or b"FutureWarning" in data


def references(data: bytes) -> tuple[str, ...]:
    """Dotted names in string literals and `import_module("...")` calls, sorted."""
    found = {m.decode() for m in _DOTTED_STRING.findall(data)} | {m.decode() for m in _IMPORT_CALL.findall(data)}
    return tuple(sorted(found))
