"""The values `refactor-check` passes around: what to check (options) and what it found (the result)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from refactor_tool.check.cycles import CycleReport
from refactor_tool.check.findings import Finding, FindingKind
from refactor_tool.check.limits import Limit
from refactor_tool.io.project import AllowEntry

if TYPE_CHECKING:
    from refactor_tool.check.replay import Watched
    from refactor_tool.io.gate import GateOutcome


@dataclass(frozen=True, slots=True)
class CheckOptions:
    root: Path
    #: report findings only for these files or folders (relative to the root); empty: the whole project
    paths: tuple[str, ...] = ()
    #: the git ref to compare with; None: HEAD inside a repository, nothing outside one
    base: str | None = None
    #: the index instead of the work tree (pre-commit)
    staged: bool = False
    #: run the gate command: None runs it when one is configured
    gate: bool | None = None
    #: only these checks; empty: all
    select: tuple[FindingKind, ...] = ()
    #: budgets given on the command line (`max-lines` -> 300)
    overrides: Mapping[str, int | None] = field(default_factory=dict)
    cache: bool = True
    #: note what the answer depended on (`CheckResult.watched`), for the program to replay it next time
    watch: bool = False

    def selected(self, kind: FindingKind) -> bool:
        return not self.select or kind in self.select


@dataclass(frozen=True, slots=True)
class Progress:
    """Ports for the shell to show progress: a step's name, and each line the gate prints."""

    step: Callable[[str], None] = lambda name: None
    gate_output: Callable[[str], None] | None = None


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What one run found. The first three fields are the first public form's, in its order; the rest
    came later and have defaults, so `CheckResult(root, files_checked, findings)` still builds one."""

    root: str
    files_checked: int
    #: failing and accepted findings, in report order
    findings: tuple[Finding, ...]
    #: `work tree` or `index`
    mode: str = "work tree"
    #: what the change was compared with (`HEAD (1a2b3c4)`), None without a base
    base: str | None = None
    limits: tuple[Limit, ...] = ()
    #: budget name -> how much of it this change uses
    usage: Mapping[str, int] = field(default_factory=dict)
    cycles: CycleReport = field(default_factory=lambda: CycleReport((), (), ()))
    gate: GateOutcome | None = None
    #: checks that did not run, each with why
    skipped: tuple[str, ...] = ()
    unused_allow: tuple[AllowEntry, ...] = ()
    checks: tuple[FindingKind, ...] = ()
    seconds: float = 0.0
    #: what this answer depended on, for a repeated run to replay it (None: it may not be replayed)
    watched: Watched | None = field(default=None, compare=False, repr=False)

    @property
    def failing(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.failing)

    @property
    def accepted(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if not finding.failing)

    @property
    def ok(self) -> bool:
        return not self.failing

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def as_dict(self) -> dict[str, object]:
        return {
            "root": self.root,
            "mode": self.mode,
            "base": self.base,
            "files_checked": self.files_checked,
            "ok": self.ok,
            "checks": [kind.value for kind in self.checks],
            "findings": [finding.as_dict() for finding in self.failing],
            "accepted": [finding.as_dict() for finding in self.accepted],
            "limits": [limit.as_dict() | {"used": self.usage.get(limit.name)} for limit in self.limits],
            "cycles": {"new": [c.as_dict() for c in self.cycles.new],
                       "existing": [c.as_dict() for c in self.cycles.existing],
                       "deferred_only": [c.as_dict() for c in self.cycles.deferred]},
            "gate": None if self.gate is None else self.gate.as_dict(),
            "skipped": list(self.skipped),
            "unused_allow": [{"kind": e.kind, "path": e.path, "line": e.line} for e in self.unused_allow],
            "seconds": round(self.seconds, 3),
        }
