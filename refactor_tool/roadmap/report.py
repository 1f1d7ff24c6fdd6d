"""The phase timebox report as values: per phase budget, time spent and where that figure came from.

Time comes from the event log when it has the phase, else from git history (an estimate), else it is
unknown; the report always says which. `AuditResults` is the hook `roadmap audit` and `refactor-check`
fill: without it, verdicts, limit usage and criterion results read "not audited" / "not measured".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from refactor_tool.roadmap.events import TimeboxEvent, phase_time
from refactor_tool.roadmap.history import PhaseEstimate
from refactor_tool.roadmap.model import (
    ActionKind,
    Criterion,
    GanttItem,
    Limit,
    LimitKind,
    Phase,
    Roadmap,
    TimeboxAction,
    as_data,
)


class TimeSource(str, Enum):
    EVENT_LOG = "event log"
    GIT_HISTORY = "estimated from git history"
    NONE = "not recorded"


class PhaseStatus(str, Enum):
    WITHIN = "within budget"
    OVER = "over budget"
    RUNNING = "running"
    NOT_STARTED = "not started"
    UNMEASURED = "unmeasured"
    NO_TIMEBOX = "no timebox"


@dataclass(frozen=True, slots=True)
class AuditResults:
    """What the audit and the checks found, keyed by the roadmap line of the task or criterion."""

    #: task line -> verdict (`verified`, `contradicted`, `not checkable`)
    task_verdicts: Mapping[int, str] = field(default_factory=dict)
    #: what each resource limit measured (new files added, dependencies added, API breaks)
    limit_usage: Mapping[LimitKind, int] = field(default_factory=dict)
    #: criterion line -> result (`passed`, `failed`, `skipped`)
    criterion_results: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PhaseRow:
    number: int
    title: str
    budget: timedelta | None
    spent: timedelta | None
    source: TimeSource
    status: PhaseStatus
    #: the roadmap's circuit breaker for the phase
    action: TimeboxAction | None
    #: breakers the log says were applied
    actions_taken: tuple[ActionKind, ...]
    tasks_done: int
    tasks_total: int
    #: verdict -> how many of the phase's tasks got it (empty when not audited)
    verdicts: Mapping[str, int]
    actual_start: datetime | None
    actual_end: datetime | None
    #: the commits the git estimate rests on
    commits: tuple[str, ...]
    #: why the time is unknown, when it is
    note: str

    @property
    def action_taken(self) -> str:
        if self.actions_taken:
            return ", ".join(kind.value for kind in self.actions_taken)
        if self.status is PhaseStatus.OVER and self.action is not None:
            return f"none recorded (the roadmap says: {self.action.text})"
        return "none needed" if self.spent is not None else "—"


@dataclass(frozen=True, slots=True)
class LimitRow:
    limit: Limit
    used: int | None

    @property
    def held(self) -> bool | None:
        return None if self.used is None else self.used <= self.limit.value


@dataclass(frozen=True, slots=True)
class CriterionRow:
    criterion: Criterion
    result: str | None


@dataclass(frozen=True, slots=True)
class TimeboxReport:
    roadmap: str
    title: str
    generated_at: datetime
    phases: tuple[PhaseRow, ...]
    limits: tuple[LimitRow, ...]
    criteria: tuple[CriterionRow, ...]
    planned: tuple[GanttItem, ...]
    audited: bool

    @property
    def sources(self) -> tuple[TimeSource, ...]:
        return tuple(dict.fromkeys(row.source for row in self.phases))

    def as_dict(self) -> dict[str, Any]:
        data = as_data(self)
        for row, out in zip(self.phases, data["phases"], strict=True):
            out["action_taken"] = row.action_taken
        for row, out in zip(self.limits, data["limits"], strict=True):
            out["held"] = row.held
        data["sources"] = [source.value for source in self.sources]
        return data


def build_report(roadmap: Roadmap, events: tuple[TimeboxEvent, ...], estimates: Mapping[int, PhaseEstimate],
                 now: datetime, audit: AuditResults | None = None) -> TimeboxReport:
    results = audit or AuditResults()
    return TimeboxReport(
        roadmap=roadmap.path,
        title=roadmap.title,
        generated_at=now,
        phases=tuple(_phase_row(roadmap, phase, events, estimates.get(phase.number), now, results)
                     for phase in roadmap.phases),
        limits=tuple(LimitRow(limit, results.limit_usage.get(limit.kind)) for limit in roadmap.limits),
        criteria=tuple(CriterionRow(criterion, results.criterion_results.get(criterion.line))
                       for criterion in roadmap.criteria),
        planned=roadmap.gantt,
        audited=audit is not None,
    )


def _phase_row(roadmap: Roadmap, phase: Phase, events: tuple[TimeboxEvent, ...],
               estimate: PhaseEstimate | None, now: datetime, results: AuditResults) -> PhaseRow:
    box = roadmap.timebox(phase.number)
    budget = box.limit if box else None
    logged = phase_time(events, phase.number)
    running = False
    commits: tuple[str, ...] = ()
    if logged.started:
        source, spent, running = TimeSource.EVENT_LOG, logged.spent(now), logged.running_since is not None
        start = logged.first_start
        end = now if running else logged.intervals[-1][1]
    elif estimate is not None and estimate.spent is not None:
        source, spent, start, end = TimeSource.GIT_HISTORY, estimate.spent, estimate.start, estimate.end
        commits = estimate.commits
    else:
        source, spent, start, end = TimeSource.NONE, None, None, None
    note = ""
    if spent is None and phase.done_count:
        note = ("its tasks were ticked when the roadmap was written, so git history has no timing"
                if estimate is not None and estimate.born_ticked else "no event log and no commit ticking its tasks")
    if spent is None:
        status = PhaseStatus.NOT_STARTED if phase.done_count == 0 else PhaseStatus.UNMEASURED
    elif budget is None:
        status = PhaseStatus.NO_TIMEBOX
    elif spent > budget:
        status = PhaseStatus.OVER
    else:
        status = PhaseStatus.RUNNING if running else PhaseStatus.WITHIN
    verdicts = Counter(results.task_verdicts[task.line] for task in phase.tasks
                       if task.line in results.task_verdicts)
    return PhaseRow(
        number=phase.number, title=phase.title, budget=budget, spent=spent, source=source, status=status,
        action=box.action if box else None, actions_taken=logged.actions,
        tasks_done=phase.done_count, tasks_total=len(phase.tasks), verdicts=dict(verdicts),
        actual_start=start, actual_end=end, commits=commits, note=note,
    )

