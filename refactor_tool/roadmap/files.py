"""Whole files the roadmap feature writes (the report, the ticked roadmap), through the one transaction.

No journal: a report or a tick is not a change `refactor-tool undo` should revert (it would hide the
split before it from `undo`); all files of one call are written or none.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.io.transaction import FileChange, Transaction


def current_text(path: Path) -> str | None:
    """The file's exact contents (bytes that are not UTF-8 kept as surrogate escapes), None when absent."""
    try:
        return path.read_bytes().decode("utf-8", "surrogateescape")
    except (FileNotFoundError, NotADirectoryError):
        return None


def write_texts(texts: Mapping[Path, str], *, what: str) -> None:
    """Write every file (`what` names them in an error: "the report"); on any failure none changes."""
    try:
        changes = [FileChange(path, current_text(path), text) for path, text in texts.items()]
        Transaction([change for change in changes if change.before != change.after]).commit()
    except OSError as error:
        raise InputError(f"cannot write {what}: {error.strerror or error}",
                         path=error.filename2 or error.filename) from None
