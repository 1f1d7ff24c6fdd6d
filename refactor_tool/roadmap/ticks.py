"""Ticking a roadmap's boxes: `- [ ]` becomes `- [x]` on the tasks' lines, and no other byte changes.

Line endings, the byte-order mark, trailing spaces and every other line stay exactly as they were, so
the diff of a run's roadmap is one character per task it completed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from refactor_tool.errors import InputError

#: a task-list item's open box: `- [ ] `, `* [ ] `, `1. [ ] ` (indented or not)
_OPEN_BOX = re.compile(r"^(\ufeff?[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[) (\])")


def tick(text: str, lines: Iterable[int], *, path: str) -> str:
    """`text` with the open boxes on `lines` (1-based) ticked; a line holding no open box is an error."""
    rows = text.split("\n")  # `\n` only: the lines a Markdown parser numbers (a `\r` stays in its row)
    for line in sorted(set(lines)):
        if not 1 <= line <= len(rows):
            raise InputError("no such line to tick (the roadmap changed while the run worked?)", path=path,
                             line=line)
        ticked, count = _OPEN_BOX.subn(r"\1x\2", rows[line - 1], count=1)
        if not count:
            raise InputError("this line holds no open task box to tick (the roadmap changed while the run "
                             "worked?)", path=path, line=line)
        rows[line - 1] = ticked
    return "\n".join(rows)
