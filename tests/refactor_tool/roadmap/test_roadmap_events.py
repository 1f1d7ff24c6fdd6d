"""The event log: what is appended, how it reads back, and bad lines named by their line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from refactor_tool.errors import InputError
from refactor_tool.roadmap.events import (
    EventKind,
    TimeboxEvent,
    append_event,
    phase_time,
    read_events,
)
from refactor_tool.roadmap.model import ActionKind

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_appended_events_read_back(tmp_path: Path) -> None:
    log = tmp_path / "reports" / "timebox_events.jsonl"
    assert read_events(log) == ()
    events = [TimeboxEvent(EventKind.START, 1, T0), TimeboxEvent(EventKind.STOP, 1, T0 + timedelta(minutes=40)),
              TimeboxEvent(EventKind.ACTION, 1, T0 + timedelta(minutes=40), ActionKind.CARRY_OVER)]
    for event in events:
        append_event(log, event)
    assert [(e.kind, e.phase, e.at, e.action, e.line) for e in read_events(log)] == [
        (e.kind, e.phase, e.at, e.action, number) for number, e in enumerate(events, 1)]
    assert log.read_text(encoding="utf-8").splitlines()[0] == \
        '{"at": "2026-03-02T09:00:00+00:00", "event": "start", "phase": 1}'


def test_a_last_line_without_newline_is_not_joined_to_ours(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text('{"at": "2026-03-02T09:00:00+00:00", "event": "start", "phase": 1}', encoding="utf-8")
    append_event(log, TimeboxEvent(EventKind.STOP, 1, T0 + timedelta(hours=1)))
    assert [event.kind for event in read_events(log)] == [EventKind.START, EventKind.STOP]


def test_time_adds_up_over_sessions_and_counts_a_running_one() -> None:
    events = [TimeboxEvent(EventKind.START, 1, T0), TimeboxEvent(EventKind.STOP, 1, T0 + timedelta(minutes=30)),
              TimeboxEvent(EventKind.START, 2, T0 + timedelta(minutes=30)),
              TimeboxEvent(EventKind.STOP, 2, T0 + timedelta(minutes=35)),
              TimeboxEvent(EventKind.START, 1, T0 + timedelta(hours=1))]
    one = phase_time(events, 1)
    assert one.spent(T0 + timedelta(hours=2)) == timedelta(minutes=90)
    assert (one.running_since, one.first_start, one.started) == (T0 + timedelta(hours=1), T0, True)
    assert phase_time(events, 2).spent(T0 + timedelta(hours=5)) == timedelta(minutes=5)
    assert not phase_time(events, 3).started


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("not json", "not a timebox event"),
        ('{"event": "pause", "phase": 1, "at": "2026-03-02T09:00:00+00:00"}', "not a timebox event"),
        ('{"event": "start", "at": "2026-03-02T09:00:00+00:00"}', "missing 'phase'"),
        ('{"event": "start", "phase": "one", "at": "2026-03-02T09:00:00+00:00"}', "phase must be a number"),
        ('{"event": "start", "phase": 1, "at": "2026-03-02T09:00:00"}', "no timezone"),
        ('{"event": "start", "phase": 1, "at": "yesterday"}', "not a timebox event"),
    ],
)
def test_bad_lines_name_their_line(tmp_path: Path, line: str, words: str) -> None:
    log = tmp_path / "log.jsonl"
    log.write_text('{"event": "start", "phase": 1, "at": "2026-03-02T09:00:00+00:00"}\n\n' + line + "\n",
                   encoding="utf-8")
    with pytest.raises(InputError, match=words) as caught:
        read_events(log)
    assert (caught.value.path, caught.value.line) == (str(log), 3)
