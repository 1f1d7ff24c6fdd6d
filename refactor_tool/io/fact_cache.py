"""A cache of facts keyed on content, under `.refactor_tool_cache/` (ignored by git, safe to delete).

Values are plain JSON data in one file per cache name, grouped in namespaces; keys are content hashes
(git blob ids for files), so an entry never goes stale: a changed file simply has another key. Entries
that the last run did not use are kept up to a cap, so switching branches back and forth stays warm.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing's, without importing typing: a replayed refactor-check loads this module
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

CACHE_DIR = ".refactor_tool_cache"
_KEEP_UNUSED = 20_000
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# refactor-tool's cache: safe to delete.\n"


def blob_id(data: bytes) -> str:
    """The id git gives a file with this content (`git hash-object`), so git and the cache share keys."""
    import hashlib  # here, not above: a replayed run (check/replay.py) hashes nothing

    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def content_key(*parts: str | bytes) -> str:
    import hashlib

    digest = hashlib.sha1(usedforsecurity=False)
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


class FactCache:
    """`get`/`put` by (namespace, key); `save()` writes the file atomically when something changed."""

    def __init__(self, folder: Path | None, name: str, *, keep_unused: int = _KEEP_UNUSED) -> None:
        self.folder, self.keep_unused = folder, keep_unused
        self.file = None if folder is None else folder / f"{name}.json"
        self._data: dict[str, dict[str, Any]] | None = None
        self._used: dict[str, set[str]] = {}
        self._added: dict[str, set[str]] = {}
        self._changed = False

    @classmethod
    def disabled(cls) -> FactCache:
        return cls(None, "none")

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._data is None:
            self._data = {}
            if self.file is not None:
                try:
                    import json  # here: a replayed refactor-check loads this module, and no JSON

                    loaded = json.loads(self.file.read_text(encoding="utf-8"))
                    self._data = loaded if isinstance(loaded, dict) else {}
                except (OSError, ValueError):
                    self._data = {}
        return self._data

    def get(self, namespace: str, key: str) -> Any | None:
        if self.file is None:
            return None
        value = self._load().get(namespace, {}).get(key)
        if value is not None:
            self._used.setdefault(namespace, set()).add(key)
        return value

    def put(self, namespace: str, key: str, value: Any) -> None:
        if self.file is None:
            return
        self._load().setdefault(namespace, {})[key] = value
        self._used.setdefault(namespace, set()).add(key)
        self._added.setdefault(namespace, set()).add(key)
        self._changed = True

    def changes(self) -> dict[str, Any]:
        """What this process put and the keys it used, by namespace: a forked child sends them to its
        parent, which `merge`s them (the child's cache is a copy, never saved; what it used is kept)."""
        data = self._load()
        return {"put": {namespace: {key: data[namespace][key] for key in keys} for namespace, keys in self._added.items()},
                "used": {namespace: sorted(keys) for namespace, keys in self._used.items()}}

    def merge(self, changes: dict[str, Any]) -> None:
        """Take another process's `changes` as this one's own."""
        for namespace, entries in changes["put"].items():
            for key, value in entries.items():
                self.put(namespace, key, value)
        for namespace, keys in changes["used"].items():
            self._used.setdefault(namespace, set()).update(keys)

    def save(self) -> None:
        """Write the cache; a folder that cannot be written leaves the run uncached, never failed."""
        if self.file is None or self.folder is None or not self._changed:
            return
        data = self._load()
        for namespace, entries in data.items():
            used = self._used.get(namespace, set())
            unused = [key for key in entries if key not in used]
            for key in unused[: max(len(unused) - self.keep_unused, 0)]:
                del entries[key]
        import json

        try:
            self.folder.mkdir(exist_ok=True)
            _mark(self.folder)
            _write_atomically(self.folder, self.file.name, json.dumps(data, separators=(",", ":")).encode())
        except OSError:
            return
        self._changed = False


def _mark(folder: Path) -> None:
    """A `.gitignore` of `*` (git never sees the cache) and a CACHEDIR.TAG (backup tools skip it)."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# refactor-tool's cache: safe to delete.\n*\n", encoding="utf-8")
    tag = folder / "CACHEDIR.TAG"
    if not tag.exists():
        tag.write_text(_TAG, encoding="utf-8")


def write_cache_file(folder: Path, name: str, data: bytes, *, keep: int) -> None:
    """Write `folder/name` atomically (the cache folder made and marked if need be), then delete the
    oldest files of the same kind (`replay-*.marshal` for `replay-1a2b.marshal`) beyond the `keep` newest;
    a folder that cannot be written is left as it is, the run uncached, never failed."""
    try:
        folder.mkdir(exist_ok=True)
        _mark(folder)
        _write_atomically(folder, name, data)
        kind = name.partition("-")[0] + "-*" + os.path.splitext(name)[1]
        files = sorted(folder.glob(kind), key=lambda path: path.stat().st_mtime_ns, reverse=True)
        for old in files[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        return


def _write_atomically(folder: Path, name: str, data: bytes) -> None:
    """`folder/name`, written beside it and renamed over it (readers see the old file or the new).

    The temporary name is made here rather than with `tempfile`, whose import (with `random` and
    `shutil`) costs a cold run about 10 ms: this process's id and random bytes, created exclusively."""
    while True:
        temporary = folder / f".{name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, folder / name)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
