"""Values passed between the split stages: options, plan specs, proposed modules, warnings, file changes.

Everything here is frozen and JSON-friendly so a plan can be printed, stored and applied later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Layout(str, Enum):
    """Where the new modules go and what stays at the old path."""

    PACKAGE = "package"
    SHIM = "shim"


class WarningKind(str, Enum):
    """Things a user must know about a split; each value reads as a sentence fragment."""

    DEFINITION_OVER_LIMIT = "a single definition is over the line limit and cannot be split by moving statements"
    CYCLE_OVER_LIMIT = "definitions that use each other must share a module, and together they are over the limit"
    STALE_REEXPORT = "a re-exported global is rebound with `global`, so the re-exported binding goes stale"
    FILE_REWRITTEN = "code locating files through `__file__` was rewritten for the new location"
    MODULE_NAME_CHANGED = "code reads `__name__`, which now names the new module"
    NAMESPACE_INTROSPECTION = "code reads `globals()` or `vars()`, which now see the new module's namespace"
    STAR_IMPORT = "a star import is copied into every new module because its names are unknown"
    MAIN_GUARD = "the `if __name__ == '__main__':` block moved to `__main__.py`"
    NOTHING_TO_SPLIT = "the module is already under the line limit; nothing to split"
    CLASS_SPLIT = "a class over the limit was split into mixins, changing its `__mro__`"
    PATCH_TARGETS = "test patch targets name moved code"
    OVER_LIMIT = "a generated module is over the line limit"


@dataclass(frozen=True, slots=True)
class SplitWarning:
    kind: WarningKind
    message: str
    line: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind.name.lower().replace("_", "-"), "what": self.kind.value,
                "message": self.message, "line": self.line}


@dataclass(frozen=True, slots=True)
class PlannedModule:
    """One target of an explicit plan: a path (relative, see `PlanSpec`) and the symbols it receives."""

    path: str
    symbols: tuple[str, ...]
    line: int | None = None


@dataclass(frozen=True, slots=True)
class PlanSpec:
    """An explicit plan from any source (TOML today, a roadmap phase later); unlisted names go automatically.

    `path` of each module is relative to the split module's directory (shim layout) or to the new
    package directory (package layout); a bare name `parsers` means `parsers.py`.
    """

    modules: tuple[PlannedModule, ...] = ()
    layout: Layout | None = None
    max_lines: int | None = None
    max_new_files: int | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class SplitOptions:
    max_lines: int = 400
    max_new_files: int = 15
    plan_path: Path | None = None
    layout: Layout = Layout.PACKAGE
    keep_module_name: bool = False
    split_classes: bool = False
    dry_run: bool = False
    gate: str | None = None
    allow_dirty: bool = False
    rewrite_tests: bool = True
    #: Import the original and the split module in fresh interpreters and compare them before keeping the split.
    verify: bool = True
    layout_given: bool = False
    limits_given: tuple[str, ...] = ()
    #: An explicit plan from any other source (a roadmap phase); `plan_path` wins when both are set.
    spec: PlanSpec | None = None


@dataclass(frozen=True, slots=True)
class ProposedModule:
    """A module the split creates: where it goes, what it holds, whom it imports."""

    dotted: str
    path: str
    symbols: tuple[str, ...]
    lines: int
    imports_from: tuple[str, ...] = ()
    statements: tuple[int, ...] = field(default=(), repr=False)

    def as_dict(self) -> dict[str, object]:
        return {"module": self.dotted, "path": self.path, "symbols": list(self.symbols),
                "lines": self.lines, "imports_from": list(self.imports_from)}


@dataclass(frozen=True, slots=True)
class SplitPlan:
    source_path: str
    old_module: str
    layout: Layout
    modules: tuple[ProposedModule, ...]
    reexports: tuple[str, ...]
    warnings: tuple[SplitWarning, ...]
    moves: tuple[tuple[str, str], ...]
    max_lines: int
    max_new_files: int

    @property
    def moves_map(self) -> dict[str, str]:
        return dict(self.moves)

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source_path, "module": self.old_module, "layout": self.layout.value,
            "max_lines": self.max_lines, "max_new_files": self.max_new_files,
            "modules": [m.as_dict() for m in self.modules], "reexports": list(self.reexports),
            "warnings": [w.as_dict() for w in self.warnings], "moves": dict(self.moves),
        }
