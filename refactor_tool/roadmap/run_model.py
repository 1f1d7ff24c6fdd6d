"""What `roadmap run` did, as values: per phase its steps, how it ended (a circuit breaker, a failure),
the time it took against its timebox, the boxes it ticked; and the ports it works through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from refactor_tool.io.interpreter import Interpreter
from refactor_tool.roadmap.commands import CommandRunner
from refactor_tool.roadmap.events import Clock
from refactor_tool.roadmap.model import ActionKind, as_data
from refactor_tool.roadmap.verdicts import AuditItem

if TYPE_CHECKING:
    from refactor_tool.split.use_case import PlanSpec


class StepKind(str, Enum):
    SPLIT = "split a module by the phase's extract tasks"
    CREATE = "create a package folder"
    DELETE = "delete a path nothing imports"
    DEPRECATED = "remove the exports still marked deprecated"
    COMMAND = "run a check task's commands"
    CHECKS = "check the limits with refactor-check"
    GATE = "run the gate"


class StepStatus(str, Enum):
    DONE = "done"
    FAILED = "failed"
    #: the run cannot do it (a new file's contents, a name a `__getattr__` serves): left for a person
    LEFT = "left for a person"
    PLANNED = "planned (dry run)"


class PhaseEnd(str, Enum):
    DONE = "done"
    ALREADY_DONE = "already done (every task ticked)"
    CARRIED_OVER = "over its timebox: the rest carried over to the next run"
    SCOPE_CUT = "over its timebox: scope cut as the roadmap says"
    DEFERRED = "over its timebox: deferred (the phase is optional)"
    INCOMPLETE = "tasks left undone"
    FAILED = "a step failed"
    PLANNED = "planned (dry run)"

    @property
    def finished(self) -> bool:
        """Whether the phase did what the roadmap asks (a deferred optional phase counts)."""
        return self in (PhaseEnd.DONE, PhaseEnd.ALREADY_DONE, PhaseEnd.DEFERRED, PhaseEnd.PLANNED)


@dataclass(frozen=True, slots=True)
class SplitOutcome:
    """What the split port did: kept or not, the files written (or, in a dry run, the diff)."""

    ok: bool
    written: tuple[str, ...] = ()
    detail: tuple[str, ...] = ()
    diff: str = ""
    #: the exit code when a signal stopped it (every file restored)
    interrupted: int | None = None


#: (module to split, plan, dry run) -> outcome
SplitPort = Callable[[Path, "PlanSpec", bool], SplitOutcome]


@dataclass(frozen=True, slots=True)
class RunPorts:
    clock: Clock | None = None
    commands: CommandRunner | None = None
    interpreter: Interpreter | None = None
    split: SplitPort | None = None


@dataclass(frozen=True, slots=True)
class StepResult:
    kind: StepKind
    title: str
    #: roadmap lines of the tasks the step carries out (none for the closing checks and gate)
    tasks: tuple[int, ...]
    status: StepStatus
    detail: tuple[str, ...] = ()
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.name.lower(), "what": self.kind.value, "title": self.title,
                "tasks": list(self.tasks), "status": self.status.value, "detail": list(self.detail),
                "seconds": round(self.seconds, 2)}


@dataclass(frozen=True, slots=True)
class PhaseRun:
    number: int
    title: str
    end: PhaseEnd
    budget: timedelta | None
    spent: timedelta
    steps: tuple[StepResult, ...]
    #: the breaker applied, if the phase ran over
    action: ActionKind | None = None
    #: task lines a breaker or a failure left undone
    cut: tuple[int, ...] = ()
    ticked: tuple[int, ...] = ()
    verdicts: tuple[AuditItem, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"phase": self.number, "title": self.title, "end": self.end.name.lower(), "how": self.end.value,
                "finished": self.end.finished, "budget": as_data(self.budget), "spent": as_data(self.spent),
                "spent_seconds": round(self.spent.total_seconds(), 1),
                "action": self.action.value if self.action else None, "cut": list(self.cut),
                "ticked": list(self.ticked), "steps": [step.as_dict() for step in self.steps],
                "verdicts": [entry.as_dict() for entry in self.verdicts]}


@dataclass(frozen=True, slots=True)
class RunResult:
    roadmap: str
    dry_run: bool
    phases: tuple[PhaseRun, ...]
    #: the timebox report's files, once written
    report: tuple[str, ...] = ()
    interrupted: int | None = None
    #: phases not reached because an earlier one stopped the run
    waiting: tuple[int, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.interrupted is None and all(phase.end.finished for phase in self.phases)

    @property
    def exit_code(self) -> int:
        return self.interrupted if self.interrupted is not None else 0 if self.ok else 1

    def as_dict(self) -> dict[str, Any]:
        return {"roadmap": self.roadmap, "dry_run": self.dry_run, "ok": self.ok, "interrupted": self.interrupted,
                "phases": [phase.as_dict() for phase in self.phases], "waiting": list(self.waiting),
                "report": list(self.report)}
