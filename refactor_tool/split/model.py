"""Values passed between the split stages: options, plan specs, proposed modules, warnings, file changes.

Everything here is frozen and JSON-friendly so a plan can be printed, stored and applied later.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
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
    FILE_REWRITTEN = "code locating files through `__file__` was rewritten for the new location"
    MODULE_NAME_CHANGED = "code reads `__name__`, which now names the new module"
    NAMESPACE_INTROSPECTION = "code reads `globals()` or `vars()`, which now see the new module's namespace"
    KEPT_IN_FACADE = "code that needs the whole module namespace stays in the module users import"
    LAMBDA_MOVED = "a module-level lambda moved: dill and cloudpickle would pickle it with its new module's namespace"
    STAR_IMPORT = "a star import is copied into every new module because its names are unknown"
    MAIN_GUARD = "the `if __name__ == '__main__':` block moved to `__main__.py`"
    NOTHING_TO_SPLIT = "the module is already under the line limit; nothing to split"
    CLASS_SPLIT = "a class over the limit was split into mixins, changing its `__mro__`"
    PATCH_TARGETS = "test patch targets name moved code"
    OVER_LIMIT = "a generated module is over the line limit"
    SHIM_LAYOUT = "the module keeps its file (shim layout): code depends on it being that file"


@dataclass(frozen=True, slots=True)
class SplitWarning:
    kind: WarningKind
    message: str
    line: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind.name.lower().replace("_", "-"), "what": self.kind.value,
                "message": self.message, "line": self.line}


class LimitKind(str, Enum):
    """A limit of the roadmap that the split cannot meet; values read as sentences."""

    FILE_TOO_LARGE = "a file the split writes is not under the line limit"
    TOO_MANY_NEW_FILES = "the split writes more new files than the limit allows"

    @property
    def slug(self) -> str:
        """The finding's name, as `refactor-check` names it (`file-too-large`)."""
        return self.name.lower().replace("_", "-")


@dataclass(frozen=True, slots=True)
class LimitFinding:
    """A limit the split does not meet, and why (naming the definition that is too long by itself).

    `path` is the file written (or the split module, for the number of files); `line` is where the
    definition responsible starts in the split module, when one is.
    """

    kind: LimitKind
    path: str
    actual: int
    limit: int
    message: str
    line: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind.slug, "what": self.kind.value, "path": self.path, "actual": self.actual,
                "limit": self.limit, "message": self.message, "line": self.line}


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


class ClassSplitMode(str, Enum):
    """What happens to a class too long for the line limit."""

    BODY = "body"
    MIXINS = "mixins"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class SplitOptions:
    max_lines: int = 400
    max_new_files: int = 15
    plan_path: Path | None = None
    layout: Layout = Layout.PACKAGE
    #: Moved code keeps the old module's name (`__module__`, reprs, pickles, doctest discovery, loggers);
    #: `--new-module-names` turns it off so moved code names its new module.
    keep_module_name: bool = True
    #: body: groups of methods move to part modules, bound in the class body (the class is unchanged);
    #: mixins: they move to mixin classes (the `__mro__` changes); none: classes stay whole.
    split_classes: ClassSplitMode = ClassSplitMode.BODY
    dry_run: bool = False
    gate: str | None = None
    allow_dirty: bool = False
    rewrite_tests: bool = True
    layout_given: bool = False
    limits_given: tuple[str, ...] = ()
    #: An explicit plan from any other source (a roadmap phase); `plan_path` wins when both are set.
    spec: PlanSpec | None = None
    # Fields added since 0.1 go below, so that options built positionally in the old order still mean the same.
    #: Import the original and the split module in fresh interpreters and compare them before keeping the split.
    verify: bool = True
    #: The interpreter that verification imports with (`--python`); None: the project's, see `choose_interpreter`.
    python: str | None = None
    #: Why the layout was chosen for this module when none was given (see `inputs.choose_layout`).
    layout_reason: str | None = None
    layout_line: int | None = None
    #: Where other project code may run the module by its path (`tests/test_mod.py:12`), when that chose
    #: the shim layout: the shim then prepares for being `__main__` as a module with a main guard does.
    run_by_path: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.split_classes, bool):  # 0.1's flag: True was mixins, False left classes whole
            mode = ClassSplitMode.MIXINS if self.split_classes else ClassSplitMode.NONE
            warnings.warn(f"SplitOptions(split_classes={self.split_classes}) is deprecated: pass "
                          f"split_classes=ClassSplitMode.{mode.name}", DeprecationWarning, stacklevel=3)
            object.__setattr__(self, "split_classes", mode)
        elif not isinstance(self.split_classes, ClassSplitMode):
            object.__setattr__(self, "split_classes", ClassSplitMode(self.split_classes))


@dataclass(frozen=True, slots=True)
class ChangedClass:
    """A class the split changes on request (classes split into mixins): its `__mro__` changes, and `adds` (its
    mixins) appear in the module's dir(). The verification expects exactly these changes, nothing else."""

    name: str
    line: int
    adds: tuple[str, ...]
    #: One line for people: the bases before and after, the mixins, the line counts.
    description: str

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "line": self.line, "adds": list(self.adds), "description": self.description}


@dataclass(frozen=True, slots=True)
class ProposedModule:
    """A module the split creates: where it goes, what it holds, whom it imports."""

    dotted: str
    path: str
    symbols: tuple[str, ...]
    lines: int
    imports_from: tuple[str, ...] = ()
    statements: tuple[int, ...] = field(default=(), repr=False)
    #: One line saying why these definitions belong together (from the planner).
    reason: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"module": self.dotted, "path": self.path, "symbols": list(self.symbols),
                "lines": self.lines, "imports_from": list(self.imports_from), "reason": self.reason}


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
    #: Patch targets in project files re-aimed at the new modules (old -> new), see `emit.patched_names`.
    test_moves: tuple[tuple[str, str], ...] = ()
    #: Names project files set on the old module that the facade forwards -> the first such statement.
    forwarded: tuple[tuple[str, str], ...] = ()
    #: Limits not met (every file at or over `max_lines`, too many new files): the split exits 1.
    limits: tuple[LimitFinding, ...] = ()

    @property
    def moves_map(self) -> dict[str, str]:
        return dict(self.moves)

    @property
    def within_limits(self) -> bool:
        return not self.limits

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source_path, "module": self.old_module, "layout": self.layout.value,
            "max_lines": self.max_lines, "max_new_files": self.max_new_files,
            "modules": [m.as_dict() for m in self.modules], "reexports": list(self.reexports),
            "warnings": [w.as_dict() for w in self.warnings], "moves": dict(self.moves),
            "test_moves": dict(self.test_moves), "forwarded": dict(self.forwarded),
            "limits": [f.as_dict() for f in self.limits],
        }


def listed(names: Sequence[str], shown: int = 3) -> str:
    """The first `shown` of `names` for a message, the rest counted: `a, b, c and 4 more`."""
    rest = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {rest} more" if rest > 0 else "")
