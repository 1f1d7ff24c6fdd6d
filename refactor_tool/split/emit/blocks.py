"""Joining a generated module's header sections and its statements, as they were written."""

from __future__ import annotations

import re
from collections.abc import Iterable

_LEADING_BLANKS = re.compile(r"\A(?:[ \t]*\r?\n)+")


def strip_leading_blank_lines(text: str) -> str:
    return _LEADING_BLANKS.sub("", text)


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
