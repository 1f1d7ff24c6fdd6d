"""A repeated `refactor-check` answered from stat data: the same command line, in the same folder, with
nothing it depended on changed, prints the last answer again without loading click or any check.

A run that could be answered this way leaves a record: what it printed, its exit code, the files and
folders it depended on, and their state. A file counts by its stat (mtime, ctime, size, inode, as git's
index does), a folder by the names in it (a file added anywhere the listing could see it), and beside
them the tool's own code, the installed distributions and git's own files (HEAD, the index, the branch,
configuration and excludes). A run whose inputs changed while it ran leaves no record, and a record is
replayed only when every part of the state is as it was: a stale answer is worse than a slow one.
Only runs in a git repository, without `--base` (HEAD is the base) or `--no-cache`, that ran no gate,
and wrote `json` or `concise` off a terminal are recorded.

Standard library only, and not typing or dataclasses (their imports cost more than a replay): the replay
costs what the interpreter does.
"""

from __future__ import annotations

import marshal
import os
import zlib

from refactor_tool.check.stamps import environment_parts, package_parts
from refactor_tool.io.fact_cache import CACHE_DIR

TYPE_CHECKING = False  # typing's, without importing typing: a replayed refactor-check loads this module
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

#: a file or folder changed this close to the run's start may change again within the clock's granularity
_RACY_NS = 2_000_000_000
#: command lines remembered per project (each record names the few hundred files it depends on)
_KEPT = 16
#: an interrupted split's journal (io/journal.py's JOURNAL_DIR): its warning comes from the full command
_PENDING_JOURNAL = os.path.join(".refactor_tool", "journal", "pending.json")
_VERSION = 2


class Watched:
    """What one run's answer depended on, and their state when it was given (`state_of`)."""

    __slots__ = ("files", "folders", "state")

    def __init__(self, files: tuple[str, ...], folders: tuple[str, ...], state: tuple[str, ...]) -> None:
        self.files = files
        #: compared by the names they hold (the cache folder left out)
        self.folders = folders
        self.state = state


class Replay:
    __slots__ = ("exit_code", "output")

    def __init__(self, output: list[str], exit_code: int) -> None:
        #: the answer as the renderer recorded it (render/check_replay.py writes it)
        self.output = output
        self.exit_code = exit_code


def replay_key(argv: Iterable[str], cwd: str) -> str:
    """The command line and the folder it ran in (the same options mean the same checks), with the
    variables that tell git where to look."""
    variables = sorted(f"{name}={value}" for name, value in os.environ.items()
                       if name.startswith("GIT_") or name in ("HOME", "PATH", "XDG_CONFIG_HOME"))
    return "\0".join([f"replay-{_VERSION}", cwd, *argv, "", *variables])


def state_of(files: Iterable[str], folders: Iterable[str]) -> tuple[str, ...]:
    """Every file's stat, every folder's names, the tool's code and the installed distributions: compared
    whole (no digest), so no two states are ever taken for one."""
    parts = [*package_parts(), *environment_parts()]
    for path in files:
        try:
            info = os.stat(path)
        except OSError:
            parts.append(f"{path} -")
            continue
        parts.append(f"{path} {info.st_mtime_ns} {info.st_ctime_ns} {info.st_size} {info.st_ino}")
    parts += [f"{folder}/ {folder_names(folder)}" for folder in folders]
    return tuple(parts)


def folder_names(folder: str) -> str:
    try:
        names = sorted(name for name in os.listdir(folder) if name != CACHE_DIR)
    except OSError:
        return "-"
    return "\0".join(names)


def project_root(argv: list[str], cwd: str) -> str | None:
    """The root `refactor-check` checks: `--root DIR`, else the nearest folder from `cwd` up with a
    pyproject.toml (io/project.py's `find_pyproject`); None when it has none, or the options are odd."""
    if "--" in argv or sum(a == "--root" or a.startswith("--root=") for a in argv) > 1:
        return None
    for index, argument in enumerate(argv):
        if argument == "--root":
            return os.path.realpath(os.path.join(cwd, argv[index + 1])) if index + 1 < len(argv) else None
        if argument.startswith("--root="):
            return os.path.realpath(os.path.join(cwd, argument[len("--root="):]))
    folder = os.path.realpath(cwd)
    while True:
        if os.path.isfile(os.path.join(folder, "pyproject.toml")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _record_name(key: str) -> str:
    return f"replay-{zlib.crc32(key.encode(errors='surrogateescape')):08x}.marshal"


def replayed(argv: list[str], cwd: str) -> Replay | None:
    """The recorded answer to this command line, when nothing it depended on has changed."""
    root = project_root(argv, cwd)
    if root is None or journal_pending(cwd) or journal_pending(root):
        return None
    key = replay_key(argv, cwd)
    try:  # marshal, not JSON: no module to import (json loads re and enum, half a replay's time)
        with open(os.path.join(root, CACHE_DIR, _record_name(key)), "rb") as handle:
            record = marshal.load(handle)
        if not isinstance(record, dict) or record.get("key") != key:
            return None
        if state_of(record["files"], record["folders"]) != tuple(record["state"]):
            return None
        output_format, before, after = record["output"]
        return Replay([str(output_format), str(before), str(after)], int(record["exit_code"]))
    except (OSError, EOFError, KeyError, TypeError, ValueError):  # none, or a damaged one: the full command answers
        return None


def record(root: Path, argv: list[str], cwd: str, watched: Watched, output: list[str], exit_code: int) -> None:
    """Keep this run's answer (render/check.py's `replay_output`) for the next run of the same command
    line. (The root is found afresh by each run, so a pyproject.toml added between `cwd` and the root
    sends the next run elsewhere.)"""
    from refactor_tool.io.fact_cache import write_cache_file

    key = replay_key(argv, cwd)
    data = {"key": key, "files": watched.files, "folders": watched.folders, "state": watched.state,
            "output": output, "exit_code": exit_code}
    write_cache_file(root / CACHE_DIR, _record_name(key), marshal.dumps(data), keep=_KEPT)


def journal_pending(start: str) -> bool:
    """An interrupted split's journal in `start` or a folder above it (its warning is the full command's)."""
    folder = os.path.realpath(start)
    while True:
        if os.path.isfile(os.path.join(folder, _PENDING_JOURNAL)):
            return True
        parent = os.path.dirname(folder)
        if parent == folder:
            return False
        folder = parent


def watch(root: Path, top: Path, paths: Iterable[str], extra: Iterable[Path], started_ns: int,
          root_names: str, git_files: Iterable[Path] | None = None) -> Watched | None:
    """What a run over `paths` (relative to the root) depended on; None when something in it changed
    after `started_ns` (less the clock's granularity), or the root's names differ from `root_names`.
    `git_files`: `git_history.git_files_read(top)`, when the caller has it already."""
    from refactor_tool.io import git_history

    if git_files is None:
        git_files = git_history.git_files_read(top)

    relative = {folder for path in paths for folder in _parents(path)}
    folders = _visible_folders(root, top, relative | {""})
    prefix = root.resolve().relative_to(top.resolve())
    above = [top.joinpath(*prefix.parts[:depth], ".gitignore") for depth in range(len(prefix.parts))]
    files = [*(str(root / path) for path in sorted(paths)), *(str(path) for path in extra),
             *(str(path) for path in above), *(str(path) for path in git_files)]
    if (top / ".git").is_file():  # a linked work tree: the file naming its git folder
        files.append(str(top / ".git"))
    files = list(dict.fromkeys(files))
    folder_paths = [str(root / folder) if folder else str(root) for folder in sorted(folders)]
    state = state_of(files, folder_paths)
    # after the state is taken: a change before it shows here, one after it shows to the next run
    settled = started_ns - _RACY_NS
    for path in [*files, *folder_paths[1:]]:  # the root (first) is compared by its names: the run
        try:                                    # itself may have made the cache folder in it
            info = os.stat(path)
        except OSError:
            continue
        if max(info.st_mtime_ns, info.st_ctime_ns) >= settled:
            return None
    if folder_names(str(root)) != root_names:
        return None
    return Watched(tuple(files), tuple(folder_paths), state)


def _parents(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: depth + 1]) for depth in range(len(parts))]


def _visible_folders(root: Path, top: Path, folders: set[str]) -> set[str]:
    """`folders` and every folder below them that git does not ignore (an empty one, or one holding
    only ignored files, could receive a file the listing would show)."""
    from refactor_tool.io import git_history

    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    seen, frontier = set(folders), set(folders)
    while frontier:
        candidates = set()
        for folder in frontier:
            try:
                entries = list(os.scandir(root / folder if folder else root))
            except OSError:
                continue
            for entry in entries:
                name = f"{folder}/{entry.name}" if folder else entry.name
                if entry.name not in (".git", CACHE_DIR) and name not in seen and entry.is_dir(follow_symlinks=False):
                    candidates.add(name)
        ignored = git_history.ignored_folders(top, tuple(prefix + name for name in sorted(candidates)))
        frontier = {name for name in candidates if prefix + name not in ignored}
        seen |= frontier
    return seen
