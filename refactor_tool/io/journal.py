"""The journal: what a transaction is about to change, on disk (fsynced) before the first file changes.

`<project>/.refactor_tool/journal/pending.json` exists from just before the first rename until the
change is kept or rolled back; finding it later means a run was killed (`kill -9`, power loss) and
`refactor-tool undo` restores every file from it. A kept change moves to `last.json`, with the hash of
every file as written, so `undo` can revert the last completed split or merge while nobody touched it.
The folder writes its own `.gitignore`, so git (and `refactor-check`) never see it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path

from refactor_tool.errors import InputError

__all__ = [
    "JOURNAL_DIR", "Journal", "JournalEntry", "JournalRecord", "JournalState", "find_journal_root",
    "forget_last", "forget_pending", "project_root", "read_record", "refuse_if_interrupted", "text_hash",
]

JOURNAL_DIR = Path(".refactor_tool") / "journal"
_PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")
_FORMAT = 1


class JournalState(str, Enum):
    PENDING = "files were changing when the run stopped"
    DONE = "the change completed"


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One file: its text before (None: it did not exist) and the hash of its text after (None: deleted)."""

    path: Path
    before: str | None
    after_hash: str | None

    @property
    def before_hash(self) -> str | None:
        return None if self.before is None else text_hash(self.before)


@dataclass(frozen=True, slots=True)
class JournalRecord:
    root: Path
    command: str
    state: JournalState
    started: str
    entries: tuple[JournalEntry, ...]
    created_dirs: tuple[Path, ...]

    def as_dict(self) -> dict[str, object]:
        def spelled(path: Path) -> str:
            return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

        return {
            "format": _FORMAT, "command": self.command, "state": self.state.name.lower(), "started": self.started,
            "entries": [{"path": spelled(e.path), "before": e.before, "after_hash": e.after_hash}
                        for e in self.entries],
            "created_dirs": [spelled(d) for d in self.created_dirs],
        }


def text_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def project_root(start: Path) -> Path:
    """Where the journal goes: the nearest folder from `start` up holding a project marker, else `start`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in _PROJECT_MARKERS):
            return folder
    return start


def find_journal_root(start: Path) -> Path | None:
    """The nearest folder from `start` up that holds a journal (pending or last), if any."""
    start = start.resolve()
    for folder in (start, *start.parents):
        journal = folder / JOURNAL_DIR
        if (journal / "pending.json").is_file() or (journal / "last.json").is_file():
            return folder
    return None


def refuse_if_interrupted(root: Path) -> None:
    """A run killed mid-change left a pending journal here: nothing more may change until `undo` ran."""
    pending = _file(root, JournalState.PENDING)
    if pending.is_file():
        raise InputError("an interrupted run left files half-changed; run `refactor-tool undo` first "
                         "(it restores every file from this journal)", path=pending)


def read_record(root: Path, state: JournalState) -> JournalRecord | None:
    """The pending or the last record of the journal at `root`; a damaged one is an input error naming it."""
    file = _file(root, state)
    if not file.is_file():
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        entries = tuple(JournalEntry(root / e["path"], e["before"], e["after_hash"]) for e in data["entries"])
        return JournalRecord(root=root, command=data["command"], state=state, started=data["started"],
                             entries=entries, created_dirs=tuple(root / d for d in data["created_dirs"]))
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(f"damaged journal ({error}); restore the files from version control and delete it",
                         path=file) from None


def _file(root: Path, state: JournalState) -> Path:
    return root / JOURNAL_DIR / ("pending.json" if state is JournalState.PENDING else "last.json")


def _write_durably(path: Path, text: str, *, exclusive: bool = False) -> None:
    """Write beside, fsync, rename, fsync the folder: after a crash the file is whole or absent."""
    import tempfile  # only when writing: every command reads the journal first, most never write one

    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if exclusive:
            os.link(temp, path)  # fails if another run's journal is already there
            os.unlink(temp)
        else:
            os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class Journal:
    """The journal of one project root for one command (`split inventory.py`), written by the transaction."""

    def __init__(self, root: Path, command: str) -> None:
        self.root = root.resolve()
        self.command = command
        self._record: JournalRecord | None = None

    @property
    def folder(self) -> Path:
        return self.root / JOURNAL_DIR

    def begin(self, entries: tuple[JournalEntry, ...], created_dirs: tuple[Path, ...]) -> None:
        """Record what is about to change; refused while another run's pending journal is there."""
        refuse_if_interrupted(self.root)
        pending = _file(self.root, JournalState.PENDING)
        self._make_folder()
        started = datetime.now(UTC).isoformat(timespec="seconds")
        self._record = JournalRecord(self.root, self.command, JournalState.PENDING, started, entries, created_dirs)
        try:
            _write_durably(pending, json.dumps(self._record.as_dict(), indent=1), exclusive=True)
        except FileExistsError:
            raise InputError("another run is changing files in this project right now", path=pending) from None

    def complete(self) -> None:
        """The change stays: it becomes the last completed change (what `undo` reverts), pending goes."""
        if self._record is None:
            return
        done = replace(self._record, state=JournalState.DONE)
        _write_durably(_file(self.root, JournalState.DONE), json.dumps(done.as_dict(), indent=1))
        self._drop_pending()

    def discard(self) -> None:
        """The change was rolled back: no trace left, the journal folder removed if this run made it."""
        if self._record is None:
            return
        self._drop_pending()
        _tidy(self.root)

    def _drop_pending(self) -> None:
        _file(self.root, JournalState.PENDING).unlink(missing_ok=True)
        _fsync_dir(self.folder)
        self._record = None

    def _make_folder(self) -> None:
        top = self.root / ".refactor_tool"
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = top / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by refactor-tool: its journal, never committed\n*\n", encoding="utf-8")


def forget_last(root: Path) -> None:
    """After `undo` reverted the last completed change, there is nothing left to revert."""
    _file(root, JournalState.DONE).unlink(missing_ok=True)
    _tidy(root)


def forget_pending(root: Path) -> None:
    """After `undo` restored an interrupted run's files, its journal has done its work."""
    _file(root, JournalState.PENDING).unlink(missing_ok=True)
    _tidy(root)


def _tidy(root: Path) -> None:
    """An empty journal leaves no trace: its folder, and `.refactor_tool/` if it holds nothing else, go."""
    folder, top = root / JOURNAL_DIR, root / ".refactor_tool"
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    if top.is_dir() and {item.name for item in top.iterdir()} <= {".gitignore"}:
        (top / ".gitignore").unlink(missing_ok=True)
        top.rmdir()
