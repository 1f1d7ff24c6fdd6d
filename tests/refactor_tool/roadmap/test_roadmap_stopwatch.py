"""`phase start|stop|status` against the seed's timeboxes, with a fake clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from roadmap_support import SEED, FakeClock

from refactor_tool.errors import InputError
from refactor_tool.roadmap.events import EventKind, read_events
from refactor_tool.roadmap.model import ActionKind
from refactor_tool.roadmap.parse import read_roadmap
from refactor_tool.roadmap.stopwatch import ClockState, phase_status, start_phase, stop_phase

ROADMAP = read_roadmap(SEED)


def test_a_phase_within_its_timebox(tmp_path: Path, clock: FakeClock) -> None:
    log = tmp_path / "events.jsonl"
    assert phase_status(ROADMAP, 1, log, clock).state is ClockState.NOT_STARTED
    started = start_phase(ROADMAP, 1, log, clock)
    assert (started.state, started.spent, started.limit) == (ClockState.RUNNING, timedelta(), timedelta(hours=2))
    clock.advance(minutes=45)
    status = phase_status(ROADMAP, 1, log, clock)
    assert (status.spent, status.fraction, status.over) == (timedelta(minutes=45), 0.375, False)
    assert status.as_dict()["action"] is None
    stopped = stop_phase(ROADMAP, 1, log, clock)
    clock.advance(hours=5)  # time after the stop does not count
    assert phase_status(ROADMAP, 1, log, clock).spent == timedelta(minutes=45)
    assert stopped.state is ClockState.STOPPED
    assert stopped.summary == "phase 1 stopped: 45 min of 2 h"


def test_over_the_limit_the_status_names_the_roadmaps_action(tmp_path: Path, clock: FakeClock) -> None:
    log = tmp_path / "events.jsonl"
    start_phase(ROADMAP, 2, log, clock)
    clock.advance(hours=2, minutes=10)
    status = phase_status(ROADMAP, 2, log, clock)
    assert status.over and status.action is not None
    assert (status.action.kind, status.action.scope) == (ActionKind.REDUCE_SCOPE, ("checkpoint.rs",))
    assert status.summary == "phase 2 running: 2 h 10 min of 2 h, over by 10 min"
    assert status.as_dict()["action"] == {"kind": "reduce-scope", "text": "スコープ縮小 (checkpoint.rs のみ)",
                                          "scope": ["checkpoint.rs"]}


def test_sessions_add_up(tmp_path: Path, clock: FakeClock) -> None:
    log = tmp_path / "events.jsonl"
    for minutes in (20, 25, 30):
        start_phase(ROADMAP, 3, log, clock)
        clock.advance(minutes=minutes)
        stop_phase(ROADMAP, 3, log, clock)
        clock.advance(hours=1)
    status = phase_status(ROADMAP, 3, log, clock)
    assert (status.spent, status.over, status.action.kind) == (timedelta(minutes=75), True, ActionKind.DEFER_OPTIONAL)


def test_took_action_is_recorded(tmp_path: Path, clock: FakeClock) -> None:
    log = tmp_path / "events.jsonl"
    start_phase(ROADMAP, 1, log, clock)
    clock.advance(hours=3)
    stop_phase(ROADMAP, 1, log, clock, took_action=True)
    assert [(event.kind, event.action) for event in read_events(log)] == [
        (EventKind.START, None), (EventKind.STOP, None), (EventKind.ACTION, ActionKind.CARRY_OVER)]


@pytest.mark.parametrize(
    ("steps", "words"),
    [
        ([("start", 1), ("start", 1)], "phase 1 is already running"),
        ([("start", 1), ("start", 2)], "phase 1 is still running; stop it first"),
        ([("stop", 1)], "phase 1 is not running"),
        ([("start", 4)], "the roadmap has no phase 4 (it has 1, 2, 3)"),
        ([("status", 9)], "no phase 9"),
    ],
)
def test_refused(tmp_path: Path, clock: FakeClock, steps: list[tuple[str, int]], words: str) -> None:
    log = tmp_path / "events.jsonl"
    actions = {"start": start_phase, "stop": stop_phase, "status": phase_status}
    with pytest.raises(InputError, match=words.replace("(", r"\(").replace(")", r"\)")):
        for action, number in steps:
            actions[action](ROADMAP, number, log, clock)
    assert [event.kind for event in read_events(log)] in ([], [EventKind.START])  # nothing written when refused


def test_an_action_is_refused_for_a_phase_without_timebox_and_the_clock_keeps_running(tmp_path: Path,
                                                                                   clock: FakeClock) -> None:
    roadmap = read_roadmap(SEED)
    bare = replace(roadmap, timeboxes=())
    log = tmp_path / "events.jsonl"
    start_phase(bare, 1, log, clock)
    with pytest.raises(InputError, match="no timebox"):
        stop_phase(bare, 1, log, clock, took_action=True)
    assert phase_status(bare, 1, log, clock).state is ClockState.RUNNING
