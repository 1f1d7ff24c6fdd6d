"""What a roadmap promises, as frozen values: phases of tasks, expected trees, timeboxes, limits, criteria.

Every value keeps the 1-based line it came from, so lint findings and audit verdicts can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from refactor_tool.roadmap.durations import iso_duration


class TaskState(str, Enum):
    DONE = "done"
    OPEN = "open"


class TaskKind(str, Enum):
    """What a task does to the code; read from its verb (抽出 / extract, 削除 / delete, ...)."""

    EXTRACT = "extract"
    CREATE = "create"
    DELETE = "delete"
    UPDATE = "update"
    CHECK = "check"
    OTHER = "other"


class ActionKind(str, Enum):
    """The circuit breaker a timebox sets off when the phase runs over."""

    CARRY_OVER = "carry-over"
    REDUCE_SCOPE = "reduce-scope"
    DEFER_OPTIONAL = "defer-optional"


class LimitKind(str, Enum):
    NEW_FILES = "new-files"
    NEW_DEPENDENCIES = "new-dependencies"
    API_BREAKS = "api-breaks"
    FILE_LINES = "file-lines"


class CriterionKind(str, Enum):
    TESTS = "tests"
    CI = "ci"
    FILE_SIZE = "file-size"
    SMOKE_TEST = "smoke-test"
    COMMAND = "command"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Task:
    phase: int
    text: str
    state: TaskState
    kind: TaskKind
    #: paths the task acts on (`rms_norm.rs`, `legacy/`); a trailing `/` marks a directory
    files: tuple[str, ...]
    #: names it moves or touches, from its parenthesis: `(save_training_state, load_start_step)`
    symbols: tuple[str, ...]
    #: files the change happens inside (`lib.rs から ... 削除`, "remove ... from X"), not acted on
    within: tuple[str, ...]
    #: commands a check task runs (`cargo test`, `pytest tests/bit_ttt`)
    commands: tuple[str, ...]
    line: int

    @property
    def done(self) -> bool:
        return self.state is TaskState.DONE


@dataclass(frozen=True, slots=True)
class TreeEntry:
    path: str
    is_dir: bool
    line: int


@dataclass(frozen=True, slots=True)
class ExpectedTree:
    root: str
    entries: tuple[TreeEntry, ...]
    line: int

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(entry.path for entry in self.entries if not entry.is_dir)

    def paths(self) -> tuple[str, ...]:
        """The root and every entry, directories with their trailing `/`."""
        return (self.root, *(entry.path + ("/" if entry.is_dir else "") for entry in self.entries))


@dataclass(frozen=True, slots=True)
class Phase:
    number: int
    title: str
    #: the parenthesis closing the heading: (MVP), (Enhancement)
    label: str
    goal: str
    tasks: tuple[Task, ...]
    trees: tuple[ExpectedTree, ...]
    line: int

    @property
    def done_count(self) -> int:
        return sum(task.done for task in self.tasks)


@dataclass(frozen=True, slots=True)
class TimeboxAction:
    kind: ActionKind
    text: str
    #: what is kept when the scope is cut: (`checkpoint.rs`,)
    scope: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Timebox:
    phase: int
    limit: timedelta
    action: TimeboxAction
    line: int

    @property
    def optional(self) -> bool:
        return self.action.kind is ActionKind.DEFER_OPTIONAL


@dataclass(frozen=True, slots=True)
class Limit:
    kind: LimitKind
    value: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Criterion:
    kind: CriterionKind
    title: str
    text: str
    command: str | None
    #: the number a file-size criterion sets (`< 400行` -> 400)
    number: int | None
    line: int


@dataclass(frozen=True, slots=True)
class GanttItem:
    section: str
    #: the phase the section names (`section Phase 1`), if any
    phase: int | None
    name: str
    id: str | None
    start: datetime | None
    end: datetime | None
    duration: timedelta
    after: tuple[str, ...]
    tags: tuple[str, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Roadmap:
    path: str
    title: str
    phases: tuple[Phase, ...]
    timeboxes: tuple[Timebox, ...]
    limits: tuple[Limit, ...]
    criteria: tuple[Criterion, ...]
    gantt: tuple[GanttItem, ...]

    def phase(self, number: int) -> Phase | None:
        return next((phase for phase in self.phases if phase.number == number), None)

    def timebox(self, number: int) -> Timebox | None:
        return next((box for box in self.timeboxes if box.phase == number), None)

    def limit(self, kind: LimitKind) -> Limit | None:
        return next((limit for limit in self.limits if limit.kind is kind), None)

    def planned(self, number: int) -> tuple[GanttItem, ...]:
        return tuple(item for item in self.gantt if item.phase == number)

    def as_dict(self) -> dict[str, Any]:
        return as_data(self)


def as_data(value: Any) -> Any:
    """JSON-ready data for any of our values: enums by value, durations as ISO 8601, dates in ISO form."""
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: as_data(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, timedelta):
        return iso_duration(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [as_data(item) for item in value]
    if isinstance(value, dict):
        return {str(as_data(key)): as_data(item) for key, item in value.items()}
    return value
