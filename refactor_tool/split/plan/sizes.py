"""Line counts as files are written, and the one meaning of the line limit.

Planning decides what fits by these functions, and code generation writes what they describe (it
wraps imports with `wrap_from_import` and joins sections with `join_sections`), so a plan's line
counts are the line counts of the files written (`wc -l`). The limit is the roadmap's "< 400 lines":
a file of exactly `max_lines` lines is over it, in `plan`, `split` and `refactor-check` alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

#: Width generated import lines are wrapped at (ruff's and black's default).
WIDTH = 88


def count_lines(text: str) -> int:
    """Lines as `wc -l` and editors count them: a final line without a newline still counts."""
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def over_limit(lines: int, max_lines: int) -> bool:
    """Whether a file of `lines` lines breaks the limit "under `max_lines` lines"."""
    return lines >= max_lines


def wrap_from_import(module: str, names: Iterable[str], indent: str = "") -> str:
    """`from module import a, b` on one line when it fits in `WIDTH`, else names packed in parentheses.

    `indent` is the indentation of the statement (an import in a class body); the text ends with a
    newline and carries the indentation on every line.
    """
    names = list(names)
    single = f"{indent}from {module} import {', '.join(names)}\n"
    if len(single) <= WIDTH + 1:
        return single
    inner = indent + "    "
    lines, current = [], inner[:-1]
    for name in names:
        piece = f" {name},"
        if len(current) + len(piece) > WIDTH and current.strip():
            lines.append(current)
            current = inner[:-1]
        current += piece
    lines.append(current)
    return f"{indent}from {module} import (\n" + "\n".join(lines) + f"\n{indent})\n"


def from_import_lines(module: str, names: Sequence[str], indent: str = "") -> int:
    return count_lines(wrap_from_import(module, names, indent))
