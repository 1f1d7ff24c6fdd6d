"""The `undo` use case: put back every file the journal names, unless someone changed them since.

A pending journal (a run killed mid-change) is undone first; otherwise the last completed split or
merge is reverted. (`undo_change`, since `refactor_tool.undo` is this folder.) Every file must be as that change left it (or already as before): one edited since
refuses the whole undo, so nobody's later work is overwritten, unless `force` says to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from refactor_tool.io.journal import (
    JournalEntry,
    JournalRecord,
    JournalState,
    find_journal_root,
    forget_last,
    forget_pending,
    read_record,
)
from refactor_tool.io.transaction import restore

__all__ = ["UndoKind", "UndoResult", "undo_change"]


class UndoKind(str, Enum):
    INTERRUPTED = "restored every file an interrupted run had changed"
    COMPLETED = "reverted the last completed change"
    NOTHING = "nothing to undo"
    REFUSED = "files changed since the change; nothing restored"


class FileState(str, Enum):
    AS_WRITTEN = "as the change left it"
    AS_BEFORE = "already as before the change"
    CHANGED = "changed since"


@dataclass(frozen=True, slots=True)
class UndoResult:
    kind: UndoKind
    root: str
    command: str | None = None
    started: str | None = None
    restored: tuple[str, ...] = ()
    changed_since: tuple[str, ...] = ()
    kept_dirs: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.kind in (UndoKind.INTERRUPTED, UndoKind.COMPLETED)

    def as_dict(self) -> dict[str, object]:
        return {"result": self.kind.name.lower(), "what": self.kind.value, "ok": self.ok, "root": self.root,
                "command": self.command, "started": self.started, "restored": list(self.restored),
                "changed_since": list(self.changed_since), "kept_dirs": list(self.kept_dirs)}


def _hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def file_state(entry: JournalEntry) -> FileState:
    """Whether the file is as the change wrote it, as it was before, or something else (edited since)."""
    current = _hash(entry.path.read_bytes()) if entry.path.is_file() else None
    if current == entry.before_hash or (entry.before is None and not entry.path.exists()):
        return FileState.AS_BEFORE
    if current == entry.after_hash or (entry.after_hash is None and not entry.path.exists()):
        return FileState.AS_WRITTEN
    return FileState.CHANGED


def _record(root: Path) -> JournalRecord | None:
    return read_record(root, JournalState.PENDING) or read_record(root, JournalState.DONE)


def undo_change(start: Path = Path("."), *, force: bool = False) -> UndoResult:
    """Undo in the project holding `start` (the nearest journal from there up)."""
    root = find_journal_root(start)
    record = None if root is None else _record(root)
    if root is None or record is None:
        return UndoResult(UndoKind.NOTHING, str(start.resolve()))

    def spelled(path: Path) -> str:
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    states = {entry.path: file_state(entry) for entry in record.entries}
    changed = tuple(spelled(p) for p, state in states.items() if state is FileState.CHANGED)
    base = {"root": str(root), "command": record.command, "started": record.started}
    if changed and not force:
        return UndoResult(UndoKind.REFUSED, changed_since=changed, **base)
    kept = restore(record.entries, record.created_dirs)
    if record.state is JournalState.PENDING:
        forget_pending(root)
    else:
        forget_last(root)
    kind = UndoKind.INTERRUPTED if record.state is JournalState.PENDING else UndoKind.COMPLETED
    restored = tuple(spelled(p) for p, state in states.items() if state is not FileState.AS_BEFORE)
    return UndoResult(kind, restored=restored, changed_since=changed, kept_dirs=tuple(spelled(d) for d in kept),
                      **base)
