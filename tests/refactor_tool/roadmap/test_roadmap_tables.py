"""Timebox and resource-limit tables, known by their columns, in both languages."""

from __future__ import annotations

from datetime import timedelta

import pytest

from refactor_tool.errors import InputError
from refactor_tool.roadmap.blocks import Table, read_blocks
from refactor_tool.roadmap.model import ActionKind, LimitKind
from refactor_tool.roadmap.tables import read_limits, read_timeboxes, table_section
from refactor_tool.roadmap.vocabulary import Section


def _table(text: str) -> Table:
    (table,) = [block for block in read_blocks(text) if isinstance(block, Table)]
    return table


JA_BOXES = """\
| Phase | 上限時間 | 超過時のアクション |
|-------|----------|---------------------|
| Phase 1 | 2時間 | 残りを次回セッションへ持ち越し |
| Phase 2 | 2時間 | スコープ縮小 (`checkpoint.rs` のみ) |
| フェーズ３ | 1時間 | 延期可能 (必須ではない) |
"""
EN_BOXES = """\
| Phase | Limit | Action when exceeded |
|---|---|---|
| Phase 1 | 2 hours | carry the rest over to the next session |
| Phase 2 | 120 min | reduce scope (`checkpoint.py` only) |
| 3 | 1 hour | may be deferred (not required) |
"""


@pytest.mark.parametrize(("text", "scope"), [(JA_BOXES, "checkpoint.rs"), (EN_BOXES, "checkpoint.py")])
def test_timeboxes_with_their_actions(text: str, scope: str) -> None:
    table = _table(text)
    assert table_section(table) is Section.TIMEBOXES
    boxes = read_timeboxes(table, "R.md")
    assert [(box.phase, box.limit, box.action.kind, box.line) for box in boxes] == [
        (1, timedelta(hours=2), ActionKind.CARRY_OVER, 3),
        (2, timedelta(hours=2), ActionKind.REDUCE_SCOPE, 4),
        (3, timedelta(hours=1), ActionKind.DEFER_OPTIONAL, 5),
    ]
    assert [box.action.scope for box in boxes] == [(), (scope,), ()]
    assert [box.optional for box in boxes] == [False, False, True]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("| リソース | 上限 |\n|---|---|\n| 新規ファイル数 | 15ファイル以内 |\n| 新規依存クレート | 0 (既存のみ使用) |\n"
         "| API破壊的変更 | 0 (互換性維持) |\n", [(LimitKind.NEW_FILES, 15), (LimitKind.NEW_DEPENDENCIES, 0),
                                              (LimitKind.API_BREAKS, 0)]),
        ("| Resource | Limit |\n|---|---|\n| New files | 15 at most |\n| New dependencies | 0 |\n"
         "| Breaking API changes | 0 |\n| File size | < 400 lines |\n",
         [(LimitKind.NEW_FILES, 15), (LimitKind.NEW_DEPENDENCIES, 0), (LimitKind.API_BREAKS, 0),
          (LimitKind.FILE_LINES, 400)]),
        ("| リソース | 上限 |\n|---|---|\n| 新規ファイル数 | １５ |\n", [(LimitKind.NEW_FILES, 15)]),
    ],
)
def test_resource_limits(text: str, expected: list[tuple[LimitKind, int]]) -> None:
    table = _table(text)
    assert table_section(table) is Section.LIMITS
    assert [(limit.kind, limit.value) for limit in read_limits(table, "R.md")] == expected


def test_other_tables_are_not_ours() -> None:
    assert table_section(_table("| name | value |\n|---|---|\n| a | 1 |\n")) is None


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("| Phase | Limit | Action |\n|---|---|---|\n| Phase 1 | soon | carry over |\n", 3, "not a duration"),
        ("| Phase | Limit | Action |\n|---|---|---|\n| Phase 1 | 0 min | carry over |\n", 3, "not a duration"),
        ("| Phase | Limit | Action |\n|---|---|---|\n| Phase 1 | 1h | panic |\n", 3, "not an action"),
        ("| Phase | Limit | Action |\n|---|---|---|\n| Phase 1 | 1h | defer |\n| Phase 1 | 2h | defer |\n", 4,
         "second timebox"),
        ("| Phase | Limit |\n|---|---|\n| Phase 1 | 1h |\n", 1, "an action column"),
    ],
)
def test_bad_timebox_rows_name_their_line(text: str, line: int, words: str) -> None:
    with pytest.raises(InputError, match=words) as caught:
        read_timeboxes(_table(text), "R.md")
    assert (caught.value.path, caught.value.line) == ("R.md", line)
