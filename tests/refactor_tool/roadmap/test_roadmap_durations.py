"""Durations in both languages, and the two ways we print them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from refactor_tool.roadmap.durations import format_duration, iso_duration, parse_duration

H, M = timedelta(hours=1), timedelta(minutes=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2時間", 2 * H),
        ("２時間", 2 * H),  # full-width digit
        ("1時間30分", 90 * M),
        ("30分", 30 * M),
        ("半日", 12 * H),
        ("1日", 24 * H),
        ("0.5d", 12 * H),
        ("1d", 24 * H),
        ("90 min", 90 * M),
        ("1 hour", H),
        ("2 hours", 2 * H),
        ("1h30m", 90 * M),
        ("1 hour and 30 minutes", 90 * M),
        ("1.5 days", 36 * H),
        ("2 hours (hard stop)", 2 * H),
        ("1時間 (厳守)", H),
        ("about 2h", 2 * H),
        ("約2時間", 2 * H),
        ("1w", 7 * 24 * H),
    ],
)
def test_durations_people_write(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "two hours", "約二時間", "2 hrs-ish", "3 ways", "2", "hours", "1h or 2h"])
def test_text_that_is_not_only_a_duration(text: str) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    ("value", "short", "iso"),
    [
        (2 * H, "2 h", "PT2H"),
        (90 * M, "1 h 30 min", "PT1H30M"),
        (36 * H, "1 d 12 h", "P1DT12H"),
        (24 * H, "1 d", "P1D"),
        (timedelta(seconds=45), "45 s", "PT45S"),
        (timedelta(), "0 min", "PT0S"),
        (-30 * M, "-30 min", "-PT30M"),
    ],
)
def test_formats(value: timedelta, short: str, iso: str) -> None:
    assert (format_duration(value), iso_duration(value)) == (short, iso)
