"""Ticking boxes changes one byte per task and nothing else: line endings, BOM, other lines, other boxes."""

from __future__ import annotations

import pytest

from refactor_tool.errors import InputError
from refactor_tool.roadmap.ticks import tick

TEXT = "\ufeff# Roadmap\r\n\r\n- [ ] first  \r\n  * [ ] nested\r\n1. [ ] numbered\r\n- [x] done\r\n- [ ] last"


def test_only_the_named_boxes_change_and_every_other_byte_stays() -> None:
    ticked = tick(TEXT, [3, 5, 7], path="R.md")
    assert ticked == TEXT.replace("- [ ] first", "- [x] first").replace("1. [ ] numbered", "1. [x] numbered") \
        .replace("- [ ] last", "- [x] last")
    changed = [i for i, (a, b) in enumerate(zip(TEXT, ticked, strict=True)) if a != b]
    assert len(changed) == 3 and all(ticked[i] == "x" for i in changed)


def test_an_indented_item_and_a_line_separator_inside_a_line_keep_their_place() -> None:
    text = "intro\u2028still line one\n  * [ ] nested\n"
    assert tick(text, [2], path="R.md") == "intro\u2028still line one\n  * [x] nested\n"


@pytest.mark.parametrize(("line", "words"), [(1, "holds no open task box"), (6, "holds no open task box"),
                                             (99, "no such line")])
def test_a_line_without_an_open_box_is_an_error_naming_it(line: int, words: str) -> None:
    with pytest.raises(InputError, match=words) as caught:
        tick(TEXT, [line], path="R.md")
    assert caught.value.line == line
