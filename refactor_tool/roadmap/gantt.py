"""A mermaid `gantt` block read into planned items, with `after p1` chains resolved to dates.

Task lines follow mermaid's grammar: `name : [tags,] [id,] [start,] length-or-end`, where a start is a
date in the chart's `dateFormat` or `after id [id ...]`, and a task without a start follows the one
before it. `excludes` (weekends) is not applied: planned lengths stay as written.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from refactor_tool.errors import InputError
from refactor_tool.roadmap.blocks import Fence
from refactor_tool.roadmap.durations import parse_duration
from refactor_tool.roadmap.model import GanttItem
from refactor_tool.roadmap.vocabulary import phase_number

_TAGS = frozenset({"done", "active", "crit", "milestone"})
_SETTINGS = ("title", "dateformat", "axisformat", "excludes", "includes", "todaymarker", "tickinterval",
             "weekday", "displaymode", "acctitle", "accdescr", "inclusiveenddates", "topaxis")
_DATE_TOKENS = {"YYYY": "%Y", "YY": "%y", "MM": "%m", "DD": "%d", "HH": "%H", "mm": "%M", "ss": "%S"}


def is_gantt(fence: Fence) -> bool:
    return fence.info.split()[:1] == ["mermaid"] and bool(fence.lines) and fence.lines[0].strip() == "gantt"


def read_gantt(fence: Fence, path: str) -> tuple[GanttItem, ...]:
    date_format = "%Y-%m-%d"
    section = ""
    items: list[GanttItem] = []
    by_id: dict[str, GanttItem] = {}
    for offset, raw in enumerate(fence.lines[1:], start=1):
        line = fence.line + offset
        text = raw.strip()
        keyword = text.split(maxsplit=1)[0].lower() if text else ""
        if not text or text.startswith("%%"):
            continue
        if keyword == "dateformat":
            date_format = _strptime_format(text.split(maxsplit=1)[1:], path, line)
        elif keyword == "section":
            section = text.split(maxsplit=1)[1].strip() if " " in text else ""
        elif keyword in _SETTINGS or keyword.startswith(("accdescr", "acctitle")):
            continue
        else:
            item = _item(text, section, items[-1] if items else None, by_id, date_format, path, line)
            items.append(item)
            if item.id:
                if item.id in by_id:
                    raise InputError(f"Gantt task id {item.id!r} is used twice", path=path, line=line)
                by_id[item.id] = item
    return tuple(items)


def _item(text: str, section: str, previous: GanttItem | None, by_id: dict[str, GanttItem],
          date_format: str, path: str, line: int) -> GanttItem:
    name, colon, meta = text.partition(":")
    if not colon or not name.strip():
        raise InputError(f"a Gantt task is `name : [id,] start, length`, found {text!r}", path=path, line=line)
    parts = [part.strip() for part in meta.split(",") if part.strip()]
    tags = []
    while parts and parts[0].lower() in _TAGS:
        tags.append(parts.pop(0).lower())
    if not 1 <= len(parts) <= 3:
        raise InputError(f"a Gantt task has 1 to 3 fields after its tags, found {meta.strip()!r}",
                         path=path, line=line)
    task_id = parts.pop(0) if len(parts) == 3 else None
    start_text = parts[0] if len(parts) == 2 else None
    after: tuple[str, ...] = ()
    if start_text is None:
        start = previous.end if previous else None
    elif start_text.lower().startswith("after "):
        after = tuple(start_text.split()[1:])
        start = _after(after, by_id, path, line)
    else:
        start = _date(start_text, date_format, path, line)
    end, duration = _length(parts[-1], start, by_id, date_format, path, line)
    return GanttItem(section, phase_number(section), name.strip(), task_id, start, end, duration, after,
                     tuple(tags), line)


def _after(ids: tuple[str, ...], by_id: dict[str, GanttItem], path: str, line: int) -> datetime | None:
    missing = [task_id for task_id in ids if task_id not in by_id]
    if missing or not ids:
        known = ", ".join(sorted(by_id)) or "none"
        raise InputError(f"`after {' '.join(ids)}` names no earlier Gantt task (ids so far: {known})",
                         path=path, line=line)
    ends = [by_id[task_id].end for task_id in ids]
    return None if any(end is None for end in ends) else max(end for end in ends if end is not None)


def _length(text: str, start: datetime | None, by_id: dict[str, GanttItem], date_format: str,
            path: str, line: int) -> tuple[datetime | None, timedelta]:
    duration = parse_duration(text)
    if duration is not None:
        return (start + duration if start else None), duration
    if text.lower().startswith("until "):
        target = by_id.get(text.split(maxsplit=1)[1].strip())
        if target is None:
            raise InputError(f"`{text}` names no earlier Gantt task", path=path, line=line)
        end = target.start
    else:
        end = _date(text, date_format, path, line)
    if start is None or end is None:
        raise InputError(f"cannot tell how long {text!r} lasts: the task has no start date",
                         path=path, line=line)
    if end < start:
        raise InputError(f"the task ends before it starts ({text!r})", path=path, line=line)
    return end, end - start


def _date(text: str, date_format: str, path: str, line: int) -> datetime:
    try:
        return datetime.strptime(text, date_format)
    except ValueError:
        raise InputError(f"{text!r} is neither a date in the chart's dateFormat nor a length (1d, 0.5d, 24h)",
                         path=path, line=line) from None


def _strptime_format(rest: list[str], path: str, line: int) -> str:
    pattern = rest[0].strip() if rest else ""
    converted = re.sub("|".join(_DATE_TOKENS), lambda match: _DATE_TOKENS[match.group()], pattern)
    if not pattern or re.search(r"[A-Za-z]", re.sub(r"%[A-Za-z]", "", converted)):
        raise InputError(f"dateFormat {pattern!r} is not supported (use YYYY-MM-DD, optionally HH:mm)",
                         path=path, line=line)
    return converted
