"""Durations as people write them in roadmaps, in Japanese or English: 「2時間」, `0.5d`, `90 min`, `1 hour`.

Days are calendar days (24 hours), as in a mermaid Gantt chart.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

_UNITS: dict[str, timedelta] = {
    **dict.fromkeys(("w", "wk", "week", "weeks", "週", "週間"), timedelta(weeks=1)),
    **dict.fromkeys(("d", "day", "days", "日", "日間"), timedelta(days=1)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "時間"), timedelta(hours=1)),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "分", "分間"), timedelta(minutes=1)),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "秒"), timedelta(seconds=1)),
}
_UNIT_PATTERN = "|".join(sorted((re.escape(unit) for unit in _UNITS), key=len, reverse=True))
_PART = re.compile(rf"(\d+(?:\.\d+)?)\s*({_UNIT_PATTERN})(?![a-z])", re.IGNORECASE)
#: what may stand between the parts of `1 hour and 30 minutes`, `1時間30分`
_GAP = re.compile(r"[\s,+]*(?:and\s+)?")
_HALF_DAY = ("半日",)


def parse_duration(text: str) -> timedelta | None:
    """`2時間` -> 2 h, `1h30m` -> 90 min, `0.5d` -> 12 h; None when the text is not only a duration.

    A note in parentheses after it is allowed: `1時間 (厳守)`, `2 hours (hard stop)`.
    """
    cleaned = re.sub(r"[(（][^)）]*[)）]", " ", unicodedata.normalize("NFKC", text)).strip()
    cleaned = cleaned.removeprefix("約").removeprefix("about ").removeprefix("~").strip()
    if cleaned in _HALF_DAY:
        return timedelta(hours=12)
    total = timedelta()
    position = 0
    found = False
    for match in _PART.finditer(cleaned):
        if not _GAP.fullmatch(cleaned[position:match.start()]):
            return None
        total += float(match.group(1)) * _UNITS[match.group(2).lower()]
        position = match.end()
        found = True
    if not found or cleaned[position:].strip():
        return None
    return total


def format_duration(value: timedelta) -> str:
    """`2 h`, `1 d 12 h`, `1 h 30 min`, `45 s`: short, for tables."""
    sign, days, hours, minutes, secs = _parts(value)
    parts = [f"{n} {unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "min")) if n]
    if secs and not days and not hours:
        parts.append(f"{secs} s")
    return sign + (" ".join(parts) or "0 min")


def iso_duration(value: timedelta) -> str:
    """ISO 8601 (`PT2H`, `P1DT12H`), the unambiguous form for JSON."""
    sign, days, hours, minutes, secs = _parts(value)
    date = f"{days}D" if days else ""
    time = "".join(f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if n)
    if not date and not time:
        return "PT0S"
    return f"{sign}P{date}" + (f"T{time}" if time else "")


def _parts(value: timedelta) -> tuple[str, int, int, int, int]:
    """Sign, days, hours, minutes and seconds of a duration rounded to the second."""
    seconds = round(value.total_seconds())
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return sign, days, hours, minutes, secs
