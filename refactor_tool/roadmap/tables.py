"""The two tables a roadmap sets its budgets in: timeboxes (phase, limit, action) and resource limits.

A table is known by its columns, so a roadmap may put it under any heading; a known table with a row
that cannot be read is an error naming that row's line.
"""

from __future__ import annotations

import re

from refactor_tool.errors import InputError
from refactor_tool.roadmap.blocks import Table
from refactor_tool.roadmap.durations import parse_duration
from refactor_tool.roadmap.model import ActionKind, Limit, LimitKind, Timebox, TimeboxAction
from refactor_tool.roadmap.vocabulary import (
    ACTION_COLUMN,
    ACTION_WORDS,
    LIMIT_WORDS,
    PHASE_COLUMN,
    RESOURCE_COLUMN,
    RESOURCE_LIMIT_COLUMN,
    TIME_LIMIT_COLUMN,
    Section,
    column,
    first_kind,
    normalise,
    phase_number,
)

_NUMBER = re.compile(r"\d+")


def table_section(table: Table) -> Section | None:
    """TIMEBOXES for a table with a phase column, LIMITS for one with a resource column, else None."""
    headers = table.header.texts
    if column(headers, PHASE_COLUMN) is not None:
        return Section.TIMEBOXES
    if column(headers, RESOURCE_COLUMN) is not None:
        return Section.LIMITS
    return None


def read_timeboxes(table: Table, path: str) -> tuple[Timebox, ...]:
    headers = table.header.texts
    phase_at = column(headers, PHASE_COLUMN)
    limit_at = column(headers, TIME_LIMIT_COLUMN, skip=(phase_at,) if phase_at is not None else ())
    used = tuple(index for index in (phase_at, limit_at) if index is not None)
    action_at = column(headers, ACTION_COLUMN, skip=used)
    if phase_at is None or limit_at is None or action_at is None:
        raise InputError(
            "a timebox table needs a phase, a time-limit and an action column (Phase | 上限時間 | 超過時のアクション, "
            f"or Phase | Limit | Action when exceeded); found {' | '.join(headers)}",
            path=path, line=table.header.line,
        )
    boxes: list[Timebox] = []
    for row in table.rows:
        cells = row.texts
        phase = phase_number(_cell(cells, phase_at))
        if phase is None:
            raise InputError(f"timebox row names no phase: {_cell(cells, phase_at)!r} (write Phase 1)",
                             path=path, line=row.line)
        limit = parse_duration(_cell(cells, limit_at))
        if limit is None or limit.total_seconds() <= 0:
            raise InputError(
                f"timebox of phase {phase}: {_cell(cells, limit_at)!r} is not a duration "
                "(write 2時間, 90 min, 1 hour or 0.5d)",
                path=path, line=row.line,
            )
        if any(box.phase == phase for box in boxes):
            raise InputError(f"phase {phase} has a second timebox row", path=path, line=row.line)
        action_text = _cell(cells, action_at)
        kind = first_kind(action_text, ACTION_WORDS, earliest=True)
        if kind is None:
            raise InputError(
                f"timebox of phase {phase}: {action_text!r} is not an action this tool knows "
                "(carry the rest over / reduce scope / defer; 持ち越し / スコープ縮小 / 延期)",
                path=path, line=row.line,
            )
        scope = tuple(span for span in row.cells[action_at].code if kind is ActionKind.REDUCE_SCOPE)
        boxes.append(Timebox(phase, limit, TimeboxAction(kind, action_text, scope), row.line))
    return tuple(boxes)


def read_limits(table: Table, path: str) -> tuple[Limit, ...]:
    headers = table.header.texts
    resource_at = column(headers, RESOURCE_COLUMN)
    limit_at = column(headers, RESOURCE_LIMIT_COLUMN, skip=(resource_at,) if resource_at is not None else ())
    if resource_at is None or limit_at is None:
        raise InputError(
            f"a resource-limit table needs a resource and a limit column (リソース | 上限, or Resource | Limit); "
            f"found {' | '.join(headers)}",
            path=path, line=table.header.line,
        )
    limits: list[Limit] = []
    for row in table.rows:
        cells = row.texts
        resource = _cell(cells, resource_at)
        kind = first_kind(resource, LIMIT_WORDS)
        if kind is None:
            known = ", ".join(kind.value for kind in LimitKind)
            raise InputError(f"{resource!r} is not a resource this tool can count (known: {known})",
                             path=path, line=row.line)
        number = _NUMBER.search(normalise(_cell(cells, limit_at)))
        if number is None:
            raise InputError(f"the limit of {resource!r} has no number: {_cell(cells, limit_at)!r}",
                             path=path, line=row.line)
        limits.append(Limit(kind, int(number.group()), _cell(cells, limit_at), row.line))
    return tuple(limits)



def _cell(cells: tuple[str, ...], index: int) -> str:
    return cells[index] if index < len(cells) else ""
