"""Write a set of file changes as one transaction: all of them or none, durable across interruptions.

New contents go to temporary files beside their targets first; only when every one is ready are they
renamed into place. With a `Journal`, what is about to change (with the old contents) is on disk before
the first rename, so even a `kill -9` loses nothing (`refactor-tool undo` restores from it). Used as a
context manager, SIGINT and SIGTERM roll every file back and surface as `Interrupted`.

Test hook: when `REFACTOR_TOOL_TEST_PAUSE_WRITE` names a file, `commit` creates it after the first
rename and waits (up to a minute) until it is deleted, so a test can signal a run stopped mid-write.
"""

from __future__ import annotations

import difflib
import os
import tempfile
import time
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from refactor_tool.io.interrupts import SignalGuard
from refactor_tool.io.journal import Journal, JournalEntry, text_hash

__all__ = ["FileChange", "Transaction", "restore", "unified_diffs"]

PAUSE_HOOK = "REFACTOR_TOOL_TEST_PAUSE_WRITE"
_TEMP_SUFFIX = ".refactor-tmp"


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file a command touches: `before` None means created, `after` None means deleted.

    Written as UTF-8; a text with surrogate escapes (`syntax.source.exact_text`) writes back to the
    exact bytes it was read from (how `before` restores a file in another encoding).
    """

    path: Path
    before: str | None
    after: str | None


class Transaction:
    """`with Transaction(changes, journal) as tx:` writes on entry; leaving keeps it, an exception undoes it."""

    def __init__(self, changes: Sequence[FileChange], journal: Journal | None = None) -> None:
        self.changes = tuple(changes)
        self.journal = journal
        self.rolled_back = False
        self._created_dirs: list[Path] = []
        self._done: list[FileChange] = []
        self._modes: dict[Path, int] = {}
        self._guard: SignalGuard | None = None

    def __enter__(self) -> Transaction:
        self._guard = SignalGuard().__enter__()
        try:
            self.commit()
        except BaseException:
            self._close_guard()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            with self._shield():
                if kind is not None:
                    self.rollback()
                elif not self.rolled_back:
                    self.complete()
        finally:
            self._close_guard()

    def _close_guard(self) -> None:
        guard, self._guard = self._guard, None
        if guard is not None:
            guard.__exit__(None, None, None)

    def _shield(self) -> AbstractContextManager[None]:
        return self._guard.shielded() if self._guard is not None else nullcontext()

    def _missing_dirs(self) -> tuple[Path, ...]:
        missing: list[Path] = []
        for change in self.changes:
            if change.after is None:
                continue
            directory, chain = change.path.parent, []
            while not directory.exists() and directory not in missing:
                chain.append(directory)
                directory = directory.parent
            missing.extend(reversed(chain))
        return tuple(missing)

    def commit(self) -> None:
        """Journal (if any), stage every new text, then rename them into place; any failure undoes all."""
        created = self._missing_dirs()
        staged: list[tuple[FileChange, Path | None]] = []
        try:
            if self.journal is not None:
                entries = tuple(JournalEntry(c.path.resolve(), c.before, None if c.after is None else
                                             text_hash(c.after)) for c in self.changes)
                with self._shield():
                    self.journal.begin(entries, tuple(d.resolve() for d in created))
            for folder in created:
                folder.mkdir()
                self._created_dirs.append(folder)
            for change in self.changes:
                staged.append((change, None if change.after is None else _stage(change.path, change.after)))
            for change, temp in staged:
                if temp is None:
                    self._modes[change.path] = change.path.stat().st_mode
                    change.path.unlink()
                else:
                    os.replace(temp, change.path)
                self._done.append(change)
                if len(self._done) == 1:
                    _pause_for_tests()
        except BaseException:
            with self._shield():
                for _, temp in staged:
                    if temp is not None and temp.exists():
                        temp.unlink()
                self.rollback()
            raise

    def rollback(self) -> None:
        """Every touched file back as it was; created files and folders removed; the journal entry dropped.

        Inside the context manager a signal cannot cut it short: it waits until every file is back.
        """
        with self._shield():
            for change in reversed(self._done):
                if change.before is None:
                    change.path.unlink(missing_ok=True)
                else:
                    change.path.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(_stage(change.path, change.before, self._modes.get(change.path)), change.path)
            self._done.clear()
            _remove_empty(reversed(self._created_dirs))
            self._created_dirs.clear()
            if self.journal is not None:
                self.journal.discard()
            self.rolled_back = True

    def complete(self) -> None:
        """The change stays; with a journal it becomes the last completed change, which `undo` can revert."""
        if self.journal is not None:
            self.journal.complete()


def _stage(path: Path, text: str, mode: int | None = None) -> Path:
    """`text` in a temporary file beside `path` (same folder, so the rename is atomic), flushed to disk.

    It gets the mode of the file it replaces, else `mode`, else what a plain `open()` would give.
    """
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="surrogateescape", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            mode = path.stat().st_mode
        os.chmod(temp, (mode if mode is not None else 0o666 & ~_umask()) & 0o7777)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return Path(temp)


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _pause_for_tests() -> None:
    marker = os.environ.get(PAUSE_HOOK)
    if not marker:
        return
    Path(marker).write_text(f"{os.getpid()}\n", encoding="utf-8")
    deadline = time.monotonic() + 60
    while Path(marker).exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def _remove_empty(folders: Iterable[Path]) -> tuple[Path, ...]:
    """Remove folders a change created (and the bytecode caches imports left there); keep any holding more."""
    kept = []
    for folder in folders:
        cache = folder / "__pycache__"
        if cache.is_dir():
            for item in cache.iterdir():
                item.unlink()
            cache.rmdir()
        if folder.is_dir():
            if any(folder.iterdir()):
                kept.append(folder)
            else:
                folder.rmdir()
    return tuple(kept)


def restore(entries: Sequence[JournalEntry], created_dirs: Sequence[Path]) -> tuple[Path, ...]:
    """Put every journalled file back as it was before (idempotent); the folders left because they hold more."""
    for entry in entries:
        for leftover in entry.path.parent.glob(f".{entry.path.name}.*{_TEMP_SUFFIX}"):
            leftover.unlink()
        if entry.before is None:
            entry.path.unlink(missing_ok=True)
        elif not entry.path.is_file() or entry.path.read_bytes() != entry.before.encode("utf-8", "surrogateescape"):
            entry.path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(_stage(entry.path, entry.before), entry.path)
    return _remove_empty(sorted(created_dirs, key=lambda d: len(d.parts), reverse=True))


def _shown(text: str) -> str:
    """Bytes kept as surrogate escapes (a file in another encoding) shown as U+FFFD, so a diff prints."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def unified_diffs(changes: Sequence[FileChange], root: Path) -> str:
    chunks = []
    for change in changes:
        name = os.path.relpath(change.path, root)
        before = _shown(change.before or "").splitlines(keepends=True)
        after = (change.after or "").splitlines(keepends=True)
        old = "/dev/null" if change.before is None else f"a/{name}"
        new = "/dev/null" if change.after is None else f"b/{name}"
        chunks.extend(difflib.unified_diff(before, after, old, new))
    return "".join(line if line.endswith("\n") else line + "\n" for line in chunks)
