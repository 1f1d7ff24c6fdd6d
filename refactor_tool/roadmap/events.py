"""The timebox event log (`reports/timebox_events.jsonl`): one JSON object a line, appended, committed.

Time comes through the `Clock` port, so the stopwatch is tested with a fake clock rather than by waiting.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Protocol

from refactor_tool.errors import InputError
from refactor_tool.io.append import append_line
from refactor_tool.roadmap.model import ActionKind

#: where the log lives, relative to the roadmap's folder
DEFAULT_LOG = Path("reports") / "timebox_events.jsonl"


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class EventKind(str, Enum):
    START = "start"
    STOP = "stop"
    #: the phase's circuit breaker was applied (by a person with `phase stop --took-action`, or `roadmap run`)
    ACTION = "action"


@dataclass(frozen=True, slots=True)
class TimeboxEvent:
    kind: EventKind
    phase: int
    at: datetime
    action: ActionKind | None = None
    line: int = 0

    def as_json_line(self) -> str:
        data: dict[str, object] = {"event": self.kind.value, "phase": self.phase, "at": self.at.isoformat()}
        if self.action is not None:
            data["action"] = self.action.value
        return json.dumps(data, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True, slots=True)
class PhaseTime:
    """What the log says about one phase: closed intervals, and the start of an open one."""

    phase: int
    intervals: tuple[tuple[datetime, datetime], ...]
    running_since: datetime | None
    actions: tuple[ActionKind, ...]

    def spent(self, now: datetime) -> timedelta:
        closed = sum((end - start for start, end in self.intervals), timedelta())
        return closed + (now - self.running_since if self.running_since else timedelta())

    @property
    def started(self) -> bool:
        return bool(self.intervals) or self.running_since is not None

    @property
    def first_start(self) -> datetime | None:
        return self.intervals[0][0] if self.intervals else self.running_since


def read_events(path: Path) -> tuple[TimeboxEvent, ...]:
    """Every event in the log, in order; a missing log is an empty one."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the timebox event log: {error}", path=path) from None
    return tuple(_event(raw, path, number) for number, raw in enumerate(text.splitlines(), 1) if raw.strip())


def append_event(path: Path, event: TimeboxEvent) -> None:
    """One line added through the append port, so a crash leaves the log whole."""
    try:
        append_line(path, event.as_json_line())
    except OSError as error:
        raise InputError(f"cannot write the timebox event log: {error.strerror}", path=path) from None


def phase_time(events: Iterable[TimeboxEvent], phase: int) -> PhaseTime:
    intervals: list[tuple[datetime, datetime]] = []
    actions: list[ActionKind] = []
    running: datetime | None = None
    for event in events:
        if event.phase != phase:
            continue
        if event.kind is EventKind.START and running is None:
            running = event.at
        elif event.kind is EventKind.STOP and running is not None:
            intervals.append((running, event.at))
            running = None
        elif event.kind is EventKind.ACTION and event.action is not None:
            actions.append(event.action)
    return PhaseTime(phase, tuple(intervals), running, tuple(actions))


def _event(raw: str, path: Path, line: int) -> TimeboxEvent:
    try:
        data = json.loads(raw)
        kind = EventKind(data["event"])
        phase = data["phase"]
        at = datetime.fromisoformat(data["at"])
        action = ActionKind(data["action"]) if data.get("action") is not None else None
    except (ValueError, KeyError, TypeError) as error:
        reason = f"missing {error}" if isinstance(error, KeyError) else str(error)
        raise InputError(f"not a timebox event ({reason}); each line is "
                         '{"event": "start"|"stop"|"action", "phase": N, "at": ISO time}',
                         path=path, line=line) from None
    if not isinstance(phase, int) or isinstance(phase, bool):
        raise InputError(f"phase must be a number, found {phase!r}", path=path, line=line)
    if at.tzinfo is None:
        raise InputError(f"time {data['at']!r} has no timezone (write it as ...+00:00)", path=path, line=line)
    return TimeboxEvent(kind, phase, at, action, line)
