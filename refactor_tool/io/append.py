"""The append port: one line added to a log file (the timebox event log) with one write.

A log is the one kind of file we extend rather than replace: a whole-file transaction would rewrite what
others appended meanwhile. One `write` of the whole line (after a newline, when the last line lost its
own) leaves the log whole after a crash: either the line is there or it is not.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["append_line"]


def append_line(path: Path, line: str) -> None:
    """Add `line` (no newline inside) to the end of `path`, creating the file and its folder if needed."""
    if "\n" in line or "\r" in line:
        raise ValueError("a log line holds no line break")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as log:
        torn = False  # a last line without its newline (an editor, a crash) must not swallow ours
        if log.seek(0, os.SEEK_END):
            log.seek(-1, os.SEEK_END)
            torn = log.read(1) != b"\n"
        log.write((b"\n" if torn else b"") + line.encode("utf-8") + b"\n")
        log.flush()
        os.fsync(log.fileno())
