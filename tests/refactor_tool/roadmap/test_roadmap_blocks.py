"""The token stream flattened into blocks: task items, tables, fences, each with its line."""

from __future__ import annotations

from refactor_tool.roadmap.blocks import Fence, Heading, Item, Paragraph, Table, read_blocks

TEXT = """\
# Title

**Goal**: `a.py` split

- [x] `a.py` extract (A)
- [ ] not yet
- plain bullet
  - [X] nested and ticked

1. **First**: `make test`

| A | B |
|---|---|
| 1 |   |

```mermaid
gantt
```
"""


def test_blocks_in_order_with_their_lines() -> None:
    blocks = read_blocks(TEXT)
    assert [type(block).__name__ for block in blocks] == [
        "Heading", "Paragraph", "Item", "Item", "Item", "Item", "Item", "Table", "Fence",
    ]
    assert [block.line for block in blocks if not isinstance(block, Table)] == [1, 3, 5, 6, 7, 8, 10, 17]


def test_task_items_know_their_box_and_lose_it_from_the_text() -> None:
    items = [block for block in read_blocks(TEXT) if isinstance(block, Item)]
    assert [(item.checked, item.inline.plain) for item in items] == [
        (True, "a.py extract (A)"), (False, "not yet"), (None, "plain bullet"), (True, "nested and ticked"),
        (None, "First: make test"),
    ]
    assert items[0].inline.code == ("a.py",)
    assert items[0].inline.prose.strip() == "extract (A)"
    assert (items[4].ordered, items[4].inline.strong) == (True, ("First",))


def test_tables_keep_empty_cells_and_row_lines() -> None:
    (table,) = [block for block in read_blocks(TEXT) if isinstance(block, Table)]
    assert table.header.texts == ("A", "B")
    assert [(row.texts, row.line) for row in table.rows] == [(("1", ""), 14)]


def test_fence_line_is_its_first_content_line() -> None:
    (fence,) = [block for block in read_blocks(TEXT) if isinstance(block, Fence)]
    assert (fence.info, fence.lines, fence.line) == ("mermaid", ("gantt",), 17)


def test_heading_text_is_plain_and_paragraph_keeps_bold_runs() -> None:
    blocks = read_blocks("## Phase 1: `core` split\n\n**目標**: 分割\n")
    assert blocks[0] == Heading(2, "Phase 1: core split", 1)
    assert isinstance(blocks[1], Paragraph) and blocks[1].inline.strong == ("目標",)
