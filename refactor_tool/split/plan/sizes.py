"""Line counts as files are written, and the one meaning of the line limit.

Planning decides what fits by `module_bound`, the most lines a module of a given `Shape` can take
as code generation writes it (imports wrapped by `wrap_from_import`); after generating, the split
checks every module against that bound and reports the exact line counts of the files written
(`wc -l`, `count_lines`). The limit is the roadmap's "< 400 lines": a file of exactly `max_lines`
lines is over it (`over_limit`), in `plan`, `split` and `refactor-check` alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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


#: How close to the limit one statement may come and still be planned into a module with others: the
#: module's head (docstring, imports) takes at least this many lines besides it.
ALONE_SLACK = 10


def too_long_alone(span: int, max_lines: int) -> bool:
    """Whether a statement of `span` lines leaves no room under the limit for a module's head."""
    return span > max_lines - ALONE_SLACK


def wrap_from_import(module: str, names: Iterable[str], indent: str = "", *, reserve: int = 0) -> str:
    """`from module import a, b` on one line when it fits in `WIDTH`, else names packed in parentheses.

    `indent` is the indentation of the statement (an import in a class body); the text ends with a
    newline and carries the indentation on every line. `reserve`: room the one line leaves at its end
    (for a comment that follows it).
    """
    names = list(names)
    single = f"{indent}from {module} import {', '.join(names)}\n"
    if len(single) + reserve <= WIDTH + 1:
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


#: Lines a new module's docstring may take (the generated docstring stays within it).
DOCSTRING_LINES = 6
#: Blank lines between the sections of a module's head, and the two above its statements.
GAPS = 6
#: `__name__ = ...` (moved code keeps the module name), and `_ORIGIN_FILE = ...` with its import and
#: comment for code that located files through `__file__`.
NAME_LINES = 1
ORIGIN_LINES = 5
#: The late-binding declaration's own lines: `from typing import TYPE_CHECKING`, a comment, `if ...:`.
LATE_LINES = 6


@dataclass(frozen=True, slots=True)
class Shape:
    """What planning knows of a new module before module names exist: the bound of its lines.

    `body`: lines of its statements; `copied`: original import statements it copies (one line each);
    `fixed`: lines every new module repeats (futures, star imports, the module's `__name__ = ...`);
    names it imports from modules before it (`eager`, from `eager_sources` definitions at most, so at
    most that many modules) and names bound late from modules after it (`late`, `late_sources`);
    `guarded`: how many of those names exist only on some paths, each imported in its own `try`;
    `handed`: lines it writes to give names it binds to modules loaded before it (`plan.handed`).
    """

    body: int
    copied: int = 0
    fixed: int = 0
    eager: tuple[str, ...] = ()
    eager_sources: int = 0
    late: tuple[str, ...] = ()
    late_sources: int = 0
    reads_file: bool = False
    guarded: int = 0
    handed: int = 0


def names_bound(names: Sequence[str], sources: int) -> int:
    """Most lines `from .x import ...` statements for `names` may take, spread over at most `sources`
    modules: one line per module when it fits, else parentheses and names packed by `wrap_from_import`."""
    if not names:
        return 0
    alone = sum(1 if len(n) < WIDTH - 30 else 3 for n in names)
    chars = sum(len(n) + 2 for n in names)
    homes = max(1, min(len(names), sources))
    return min(alone, 3 * homes + -(-chars // (WIDTH - 8)))


def guarded_bound(names: int) -> int:
    """Most lines `try: from .x import name / except ImportError: pass` takes for `names` names bound on
    some paths only: four lines each, a blank line, and the comment naming the deciding statements
    (`new_module.guarded_imports`; about 20 characters a statement, 60 for the words)."""
    if not names:
        return 0
    return 4 * names + 1 + -(-(60 + 22 * names) // (WIDTH - 2))


def module_bound(shape: Shape) -> int:
    """The most lines a new module of this shape takes as written; planning keeps it under the limit."""
    late = names_bound(shape.late, shape.late_sources)
    return (DOCSTRING_LINES + GAPS + NAME_LINES + (ORIGIN_LINES if shape.reads_file else 0) + shape.fixed
            + shape.copied + shape.body + names_bound(shape.eager, shape.eager_sources)
            + guarded_bound(shape.guarded) + (late + LATE_LINES if late else 0) + shape.handed)
