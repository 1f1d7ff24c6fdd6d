"""Write a set of file changes as one transaction: all of them or none, restored after a failed gate.

New contents go to temporary files beside their targets first; only when every one is ready are they
renamed into place. Any failure, or `rollback()` after a failed `--gate`, puts every file back.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


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
    def __init__(self, changes: Sequence[FileChange]) -> None:
        self.changes = tuple(changes)
        self._created_dirs: list[Path] = []
        self._done: list[FileChange] = []

    def _make_dirs(self, directory: Path) -> None:
        missing = []
        while not directory.exists():
            missing.append(directory)
            directory = directory.parent
        for folder in reversed(missing):
            folder.mkdir()
            self._created_dirs.append(folder)

    def commit(self) -> None:
        staged: list[tuple[FileChange, Path | None]] = []
        try:
            for change in self.changes:
                if change.after is None:
                    staged.append((change, None))
                    continue
                self._make_dirs(change.path.parent)
                handle, temp = tempfile.mkstemp(prefix=f".{change.path.name}.", suffix=".refactor-tmp",
                                                dir=change.path.parent)
                with os.fdopen(handle, "w", encoding="utf-8", errors="surrogateescape", newline="") as stream:
                    stream.write(change.after)
                if change.path.exists():
                    os.chmod(temp, change.path.stat().st_mode & 0o7777)
                staged.append((change, Path(temp)))
            for change, temp in staged:
                if temp is None:
                    change.path.unlink()
                else:
                    os.replace(temp, change.path)
                self._done.append(change)
        except BaseException:
            for _, temp in staged:
                if temp is not None and temp.exists():
                    temp.unlink()
            self.rollback()
            raise

    def rollback(self) -> None:
        """Every touched file back as it was; created files and folders removed."""
        for change in reversed(self._done):
            if change.before is None:
                if change.path.exists():
                    change.path.unlink()
            else:
                change.path.parent.mkdir(parents=True, exist_ok=True)
                change.path.write_text(change.before, encoding="utf-8", errors="surrogateescape", newline="")
        self._done.clear()
        for folder in reversed(self._created_dirs):
            cache = folder / "__pycache__"
            if cache.is_dir():
                for item in cache.iterdir():
                    item.unlink()
                cache.rmdir()
            if folder.exists() and not any(folder.iterdir()):
                folder.rmdir()
        self._created_dirs.clear()


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
