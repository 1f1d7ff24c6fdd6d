"""Small text blocks every generated module shares: `from X import (...)` lines and joining sections."""

from __future__ import annotations

import re
from collections.abc import Iterable

_LEADING_BLANKS = re.compile(r"\A(?:[ \t]*\r?\n)+")
WIDTH = 88


def from_import(module: str, names: Iterable[str]) -> str:
    """`from module import a, b` on one line when it fits, else packed lines inside parentheses."""
    names = list(names)
    single = f"from {module} import {', '.join(names)}\n"
    if len(single) <= WIDTH + 1:
        return single
    lines, current = [], "   "
    for name in names:
        piece = f" {name},"
        if len(current) + len(piece) > WIDTH and current.strip():
            lines.append(current)
            current = "   "
        current += piece
    lines.append(current)
    return f"from {module} import (\n" + "\n".join(lines) + "\n)\n"


def strip_leading_blank_lines(text: str) -> str:
    return _LEADING_BLANKS.sub("", text)


def origin_file_line(name: str, depth: int, original_file: str) -> str:
    """A constant holding where the original module lived, for code that located files via `__file__`."""
    ups = ", ".join(['".."'] * (depth + 1))
    return (f'{name} = __import__("os").path.normpath(__import__("os").path.join(__file__, {ups}, '
            f'"{original_file}"))\n')


def assemble(sections: Iterable[str], body: Iterable[str]) -> str:
    """Header sections, then two blank lines, then the statements exactly as they were written."""
    head = "".join(s for s in sections if s)
    statements = list(body)
    if statements:
        statements[0] = strip_leading_blank_lines(statements[0])
    text = "".join(statements)
    if head and text:
        return head + "\n\n" + text
    return head + text
