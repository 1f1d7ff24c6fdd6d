"""The mermaid Gantt: `after` chains, dates, lengths, and its errors with their lines."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from refactor_tool.errors import InputError
from refactor_tool.roadmap.blocks import Fence
from refactor_tool.roadmap.gantt import is_gantt, read_gantt

SEED = """\
gantt
    title Bit-TTT Refactoring Roadmap
    dateFormat  YYYY-MM-DD
    section Phase 1
    core_engine 分割      :p1, 2026-01-11, 1d
    テスト・検証          :after p1, 0.5d
    section Phase 2
    train.rs リファクタリング :p2, after p1, 1d
    テスト・検証          :after p2, 0.5d
    section Phase 3
    legacy 削除・クリーンアップ :p3, after p2, 0.5d"""


def _gantt(text: str):
    return read_gantt(Fence("mermaid", tuple(text.splitlines()), 11), "R.md")


def test_the_seeds_chart_resolves_its_after_chain() -> None:
    items = _gantt(SEED)
    day = datetime(2026, 1, 11)
    assert [(item.phase, item.id, item.start, item.end) for item in items] == [
        (1, "p1", day, day + timedelta(days=1)),
        (1, None, day + timedelta(days=1), day + timedelta(days=1.5)),
        (2, "p2", day + timedelta(days=1), day + timedelta(days=2)),
        (2, None, day + timedelta(days=2), day + timedelta(days=2.5)),
        (3, "p3", day + timedelta(days=2), day + timedelta(days=2.5)),
    ]
    assert [item.after for item in items] == [(), ("p1",), ("p1",), ("p2",), ("p2",)]
    assert [item.line for item in items] == [15, 16, 18, 19, 21]
    assert items[0].name == "core_engine 分割"


def test_tags_end_dates_following_tasks_several_afters_and_until() -> None:
    items = _gantt("""gantt
    dateFormat YYYY-MM-DD HH:mm
    section Phase 1
    a :done, a, 2026-01-01 09:00, 2026-01-01 11:30
    b :crit, b, 2026-01-01 10:00, 2h
    c :c, after a b, 1h
    follows c :30m
    section Notes
    d :2026-01-01 11:30, until c""")
    assert [item.tags for item in items] == [("done",), ("crit",), (), (), ()]
    assert [item.duration for item in items] == [timedelta(minutes=150), timedelta(hours=2), timedelta(hours=1),
                                                  timedelta(minutes=30), timedelta(minutes=30)]
    assert items[2].start == datetime(2026, 1, 1, 12, 0)  # after the later of a (11:30) and b (12:00)
    assert items[3].start == datetime(2026, 1, 1, 13, 0)  # a task without a start follows the one before
    assert (items[4].phase, items[4].end) == (None, datetime(2026, 1, 1, 12, 0))


def test_a_chart_without_dates_still_has_lengths() -> None:
    items = _gantt("gantt\n    section Phase 1\n    a :2h\n    b :1h")
    assert [(item.start, item.duration) for item in items] == [(None, timedelta(hours=2)), (None, timedelta(hours=1))]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("gantt\n    section Phase 1\n    a :a, 2026-01-01, 1d\n    b :after zz, 1d", 14, "after zz"),
        ("gantt\n    a :a, 2026/01/01, 1d", 12, "neither a date"),
        ("gantt\n    a without colon", 12, "name : "),
        ("gantt\n    a :x, y, z, w", 12, "1 to 3 fields"),
        ("gantt\n    a :a, 2026-01-01, 1d\n    b :a, 2026-01-02, 1d", 13, "used twice"),
        ("gantt\n    dateFormat DD.MM.YYYY Q\n    a :1d", 12, "dateFormat"),
        ("gantt\n    a :2026-01-01", 12, "no start date"),
        ("gantt\n    a :2026-01-02, 2026-01-01", 12, "ends before it starts"),
        ("gantt\n    a :2026-01-02, until nobody", 12, "until nobody"),
    ],
)
def test_errors_name_the_chart_line(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError, match=words) as caught:
        _gantt(text)
    assert caught.value.line == line


def test_only_mermaid_gantt_blocks_are_charts() -> None:
    assert is_gantt(Fence("mermaid", ("gantt",), 1))
    assert not is_gantt(Fence("mermaid", ("flowchart LR",), 1))
    assert not is_gantt(Fence("", ("gantt",), 1))
