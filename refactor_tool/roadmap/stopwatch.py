"""`phase start|stop|status N`: a stopwatch for people doing a phase by hand, kept in the event log.

Starting a phase while another runs, or stopping one that does not run, is refused: the log must read
as one person's working sessions, so that the time it adds up is the time spent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.roadmap.durations import format_duration
from refactor_tool.roadmap.events import (
    Clock,
    EventKind,
    TimeboxEvent,
    append_event,
    phase_time,
    read_events,
)
from refactor_tool.roadmap.model import Phase, Roadmap, TimeboxAction


class ClockState(str, Enum):
    NOT_STARTED = "not started"
    RUNNING = "running"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class PhaseClock:
    """One phase's time against its timebox, at `now`."""

    phase: int
    title: str
    state: ClockState
    spent: timedelta
    limit: timedelta | None
    #: the roadmap's circuit breaker for this phase
    action: TimeboxAction | None
    running_since: datetime | None
    now: datetime
    log: str

    @property
    def over(self) -> bool:
        return self.limit is not None and self.spent > self.limit

    @property
    def fraction(self) -> float | None:
        return self.spent / self.limit if self.limit else None

    @property
    def summary(self) -> str:
        budget = f" of {format_duration(self.limit)}" if self.limit is not None else " (no timebox)"
        over = f", over by {format_duration(self.spent - self.limit)}" if self.over and self.limit else ""
        return f"phase {self.phase} {self.state.value}: {format_duration(self.spent)}{budget}{over}"

    def as_dict(self) -> dict[str, object]:
        return {
            "phase": self.phase, "title": self.title, "state": self.state.value,
            "spent_seconds": round(self.spent.total_seconds()),
            "limit_seconds": round(self.limit.total_seconds()) if self.limit is not None else None,
            "over": self.over, "now": self.now.isoformat(), "log": self.log,
            "running_since": self.running_since.isoformat() if self.running_since else None,
            "action": None if self.action is None or not self.over else
            {"kind": self.action.kind.value, "text": self.action.text, "scope": list(self.action.scope)},
            "summary": self.summary,
        }


def start_phase(roadmap: Roadmap, number: int, log: Path, clock: Clock) -> PhaseClock:
    phase = _phase(roadmap, number)
    events = read_events(log)
    running = [other for other in _phases_running(events) if other != number]
    if phase_time(events, number).running_since is not None:
        raise InputError(f"phase {number} is already running (phase status {number} shows its time)", path=log)
    if running:
        raise InputError(f"phase {running[0]} is still running; stop it first (phase stop {running[0]})",
                         path=log)
    append_event(log, TimeboxEvent(EventKind.START, number, clock.now()))
    return phase_status(roadmap, phase.number, log, clock)


def stop_phase(roadmap: Roadmap, number: int, log: Path, clock: Clock, *, took_action: bool = False) -> PhaseClock:
    """Stop the phase's clock; `took_action` also records that its circuit breaker was applied."""
    _phase(roadmap, number)
    if phase_time(read_events(log), number).running_since is None:
        raise InputError(f"phase {number} is not running (phase start {number} starts it)", path=log)
    box = roadmap.timebox(number)
    if took_action and box is None:
        raise InputError(f"phase {number} has no timebox, so it has no action to record", path=roadmap.path)
    now = clock.now()
    append_event(log, TimeboxEvent(EventKind.STOP, number, now))
    if took_action and box is not None:
        append_event(log, TimeboxEvent(EventKind.ACTION, number, now, box.action.kind))
    return phase_status(roadmap, number, log, clock)


def phase_status(roadmap: Roadmap, number: int, log: Path, clock: Clock) -> PhaseClock:
    phase = _phase(roadmap, number)
    now = clock.now()
    time = phase_time(read_events(log), number)
    state = ClockState.NOT_STARTED
    if time.running_since is not None:
        state = ClockState.RUNNING
    elif time.started:
        state = ClockState.STOPPED
    box = roadmap.timebox(number)
    return PhaseClock(
        phase=number, title=phase.title, state=state, spent=time.spent(now),
        limit=box.limit if box else None, action=box.action if box else None,
        running_since=time.running_since, now=now, log=str(log),
    )


def _phase(roadmap: Roadmap, number: int) -> Phase:
    phase = roadmap.phase(number)
    if phase is None:
        known = ", ".join(str(phase.number) for phase in roadmap.phases)
        raise InputError(f"the roadmap has no phase {number} (it has {known})", path=roadmap.path)
    return phase


def _phases_running(events: tuple[TimeboxEvent, ...]) -> list[int]:
    numbers = sorted({event.phase for event in events})
    return [number for number in numbers if phase_time(events, number).running_since is not None]
