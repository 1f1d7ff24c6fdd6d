"""The project's files at one point in time — the work tree, the index, or the base commit — as data.

Each source lists `path -> blob id` (paths relative to the project root) and reads contents on demand;
`load_state` turns a source into a `ProjectState`, taking each file's facts from the cache by blob id and
parsing only the files it has not seen (in parallel processes when there are many).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from refactor_tool.check.facts import FACTS_VERSION, ModuleFacts
from refactor_tool.check.parallel import parse_all
from refactor_tool.check.read import read_scanned
from refactor_tool.errors import InputError
from refactor_tool.io import git_history
from refactor_tool.io.fact_cache import FactCache, blob_id
from refactor_tool.io.git import blob_request, parse_blobs
from refactor_tool.io.git_history import GitCall
from refactor_tool.io.project import DEFAULT_EXCLUDE, is_excluded
from refactor_tool.syntax.package_files import package_files

_NAMESPACE = f"facts-{FACTS_VERSION}"
_STATS = "stat-1"


def facts_namespace(code: str) -> str:
    return f"{_NAMESPACE}-{code[:12]}"


class FileSource(Protocol):
    label: str

    def listing(self) -> dict[str, str]:
        """Every file: path relative to the project root -> blob id ('' where none is needed)."""
        ...

    def read(self, paths: tuple[str, ...]) -> dict[str, bytes]:
        ...


@dataclass(frozen=True, slots=True)
class ProjectState:
    label: str
    #: every file, Python or not (excluded ones left out)
    paths: frozenset[str]
    #: Python file -> blob id
    ids: Mapping[str, str]
    facts: Mapping[str, ModuleFacts]
    pyproject: bytes | None
    #: the commit these files are from (None for the work tree and the index)
    commit: str | None = None
    #: the project root's folder inside the repository (`` or `sub/`), as git paths spell it
    prefix: str = ""
    #: Python files inside the packages that git does not list (ignored, generated) -> blob id: no check
    #: reads them, but the api engine reads every module of a package folder (`unlisted_package_files`)
    unlisted: Mapping[str, str] = field(default_factory=dict)


#: a file changed this close to a run may change again within the clock's granularity: not remembered
_RACY_NS = 2_000_000_000


class WorkTree:
    """The files on disk: those git tracks or would track, else every file below the root.

    With `stats`, a file whose stat (mtime, ctime, size, inode) is as a run last saw it keeps the blob id
    that run computed, as git's index does, so a repeated run reads and hashes only the files changed.
    """

    label = "work tree"

    def __init__(self, root: Path, top: Path | None, stats: FactCache | None = None) -> None:
        self.root, self.top, self.stats = root, top, stats
        self._read: dict[str, bytes] = {}

    def listing(self) -> dict[str, str]:
        if self.top is not None:
            prefix = _prefix(self.root, self.top)
            paths = [p[len(prefix):] for p in git_history.worktree_paths(self.top) if p.startswith(prefix)]
        else:
            paths = _walk(self.root)
        listed = {}
        settled = time.time_ns() - _RACY_NS
        for path in paths:
            if path.endswith(".py") or path == "pyproject.toml":
                listed[path] = self._blob_id(path, settled)
            else:
                listed[path] = ""
        return listed

    def _blob_id(self, path: str, settled: int) -> str:
        try:
            seen = None
            if self.stats is not None:
                info = os.stat(os.path.join(self.root, path))  # no Path made: most files end here
                seen = [info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino]
                known = self.stats.get(_STATS, path)
                if isinstance(known, list) and len(known) == 5 and known[:4] == seen:
                    return str(known[4])
            data = (self.root / path).read_bytes()
        except OSError as error:  # never skipped: its budgets and imports would go unchecked
            raise InputError(f"cannot read this file ({error.strerror or error})", path=self.root / path) from None
        self._read[path] = data
        sha = blob_id(data)
        if seen is not None and self.stats is not None and max(seen[0], seen[1]) < settled:
            self.stats.put(_STATS, path, [*seen, sha])
        return sha

    def read(self, paths: tuple[str, ...]) -> dict[str, bytes]:
        return {path: self._read[path] if path in self._read else (self.root / path).read_bytes() for path in paths}


class GitSnapshot:
    """The index (`commit=None`) or a commit, read with `git ls-files --stage` / `ls-tree` and `cat-file`."""

    def __init__(self, root: Path, top: Path, commit: str | None, label: str) -> None:
        self.root, self.top, self.commit, self.label = root, top, commit, label
        self.prefix = _prefix(root, top)
        #: git calls started by `read_early`, collected by `listing` and `read`
        self._listing_call: GitCall | None = None
        self._pyproject_call: GitCall | None = None

    def read_early(self) -> GitSnapshot:
        """Start listing the files and reading pyproject.toml (what `load_state(parse=False)` reads): the
        two git processes run while this one lists the work tree."""
        self._listing_call = git_history.listing_call(self.top, self.commit)
        request = blob_request(self.commit or "", (self.prefix + "pyproject.toml",))
        self._pyproject_call = GitCall(self.top, "cat-file", "--batch", stdin=request)
        return self

    def close(self) -> None:
        for call in (self._listing_call, self._pyproject_call):
            if call is not None:
                call.close()
        self._listing_call = self._pyproject_call = None

    def listing(self) -> dict[str, str]:
        call, self._listing_call = self._listing_call, None
        files = git_history.listed_files(call or git_history.listing_call(self.top, self.commit))
        return {path[len(self.prefix):]: sha for path, sha in files.items() if path.startswith(self.prefix)}

    def read(self, paths: tuple[str, ...]) -> dict[str, bytes]:
        call, self._pyproject_call = self._pyproject_call, None
        if paths == ("pyproject.toml",) and call is not None:
            blobs = parse_blobs(call.output(), (self.prefix + "pyproject.toml",))
            return {path[len(self.prefix):]: data for path, data in blobs.items()}
        if call is not None:
            call.close()
        return self._read(paths)

    def _read(self, paths: tuple[str, ...]) -> dict[str, bytes]:
        blobs = git_history.read_blobs(self.top, self.commit or "", tuple(self.prefix + p for p in paths))
        return {path[len(self.prefix):]: data for path, data in blobs.items()}


def _walk(root: Path) -> list[str]:
    """Every file below `root` outside hidden and default-excluded folders (never walked into)."""
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = [f for f in folders if not f.startswith(".") and f not in DEFAULT_EXCLUDE]
        relative = Path(folder).relative_to(root).as_posix()
        found.extend(name if relative == "." else f"{relative}/{name}" for name in files)
    return found


def _prefix(root: Path, top: Path) -> str:
    relative = root.resolve().relative_to(top.resolve()).as_posix()
    return "" if relative == "." else relative + "/"


def unlisted_package_files(root: Path, state: ProjectState) -> dict[str, str]:
    """The Python files of the state's top-level packages that it does not list, by blob id."""
    packages = {path.rpartition("/")[0] for path in state.ids if path.endswith("/__init__.py")}
    tops = sorted(folder for folder in packages if folder.rpartition("/")[0] not in packages)
    found = {}
    for folder in tops:
        for path in package_files(root / folder):
            relative = path.relative_to(root).as_posix()
            if relative not in state.ids:
                found[relative] = blob_id(path.read_bytes())
    return found


def load_state(source: FileSource, exclude: tuple[str, ...], cache: FactCache, *, parse: bool = True,
               namespace: str = _NAMESPACE) -> ProjectState:
    """The source's files and (with `parse`) every Python file's facts; excluded paths left out."""
    listed = {path: sha for path, sha in source.listing().items() if not is_excluded(path, exclude)}
    ids = {path: sha for path, sha in listed.items() if path.endswith(".py")}
    pyproject = source.read(("pyproject.toml",)).get("pyproject.toml") if "pyproject.toml" in listed else None
    facts = facts_of(source, ids, cache, namespace) if parse else {}
    return ProjectState(source.label, frozenset(listed), ids, facts, pyproject,
                        getattr(source, "commit", None), getattr(source, "prefix", ""))


def facts_of(source: FileSource, ids: Mapping[str, str], cache: FactCache,
             namespace: str = _NAMESPACE) -> dict[str, ModuleFacts]:
    """Every file's facts, from the cache by blob id, the others read (deprecated names left unread)."""
    return _by_content(source, ids, cache, namespace, read_scanned)


def deprecations_of(source: FileSource, ids: Mapping[str, str], cache: FactCache,
                    namespace: str = _NAMESPACE) -> dict[str, tuple[tuple[str, int], ...]]:
    """The deprecated names of files that mention deprecation, read with `ast` (cached by blob id)."""
    from refactor_tool.check.facts_ast import read_facts_ast

    read = _by_content(source, ids, cache, f"deprecated-{namespace}", read_facts_ast)
    return {path: facts.deprecated or () for path, facts in read.items()}


def _by_content(source: FileSource, ids: Mapping[str, str], cache: FactCache, namespace: str,
                read: Callable[[bytes], ModuleFacts]) -> dict[str, ModuleFacts]:
    facts: dict[str, ModuleFacts] = {}
    missing: list[str] = []
    for path, sha in ids.items():
        cached = cache.get(namespace, sha) if sha else None
        if cached is not None:
            facts[path] = ModuleFacts.from_data(cached)
        else:
            missing.append(path)
    if missing:
        contents = source.read(tuple(missing))
        paths = [path for path in missing if path in contents]
        for path, found in zip(paths, parse_all(read, [contents[path] for path in paths]), strict=True):
            facts[path] = found
            cache.put(namespace, ids[path] or blob_id(contents[path]), found.as_data())
    return facts
