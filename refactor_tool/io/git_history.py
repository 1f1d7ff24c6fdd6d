"""The git facts `refactor-check` compares against: which files a commit, the index or the work tree hold.

Every listing is `path -> blob id`, so contents are read only for files the cache has not seen, in one
`git cat-file --batch` (`io.git.read_blobs`).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from refactor_tool.errors import GitError
from refactor_tool.io.git import read_blobs, split_entries, toplevel


def _git(top: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=top, capture_output=True, check=False)
    except FileNotFoundError as error:  # pragma: no cover - git missing from PATH
        raise GitError("git is not installed") from error
    if done.returncode != 0:
        raise GitError(done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed", path=top)
    return done.stdout


class GitCall:
    """`git ARGS` started now, its output read on `output()`: git runs while this process goes on, without
    forking this process (a fork makes the kernel copy the parent's memory page by page as either side
    writes to it: about 4 ms of CPU for each child of a cold run)."""

    def __init__(self, top: Path, *args: str, stdin: bytes = b"") -> None:
        self.top, self.command = top, args[0]
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                ["git", *args], cwd=top, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except FileNotFoundError as error:  # pragma: no cover - git missing from PATH
            raise GitError("git is not installed") from error
        if stdin and self._process.stdin is not None:  # a request of a few lines: within the pipe's buffer
            self._process.stdin.write(stdin)
            self._process.stdin.close()
            self._process.stdin = None

    def output(self) -> bytes:
        """What git printed; a `GitError` with its message when it failed."""
        if self._process is None:
            raise GitError(f"git {self.command}: its output was read already", path=self.top)
        process, self._process = self._process, None
        out, err = process.communicate()
        if process.returncode != 0:
            raise GitError(err.decode(errors="replace").strip() or f"git {self.command} failed", path=self.top)
        return out

    def close(self) -> None:
        """End git if its output is not wanted (the run failed before it asked)."""
        if self._process is not None:
            process, self._process = self._process, None
            process.kill()
            process.communicate()


def repository_root(folder: Path) -> Path | None:
    """The top of the git work tree holding `folder`, None outside any repository (or without git)."""
    try:
        return toplevel(folder)
    except GitError:
        return None


def locate(folder: Path, ref: str = "HEAD") -> tuple[Path | None, str | None]:
    """(the top of the work tree holding `folder`, the commit `ref` names) in one git call.

    (None, None) outside any repository (or without git); (top, None) when `ref` names no commit (an
    unknown ref, or HEAD before the first commit).
    """
    return locate_with_folders(folder, ref)[:2]


def locate_with_folders(folder: Path, ref: str = "HEAD") -> tuple[Path | None, str | None, tuple[Path, Path] | None]:
    """`locate`, and from the same git call git's own folders: (the git folder, the common one), as
    `GitFiles` needs them (None outside a repository)."""
    try:
        done = subprocess.run(["git", "rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir",
                               "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=folder, capture_output=True, check=False)
    except OSError:
        return None, None, None
    lines = done.stdout.decode(errors="surrogateescape").splitlines()
    if done.returncode not in (0, 1) or len(lines) < 3:
        return None, None, None
    commit = (lines[3].strip() or None) if done.returncode == 0 and len(lines) > 3 else None
    common = os.path.normpath(os.path.join(folder, lines[2]))  # printed relative to `folder` (unless absolute)
    return Path(lines[0]), commit, (Path(lines[1]), Path(common))


def commit_files(top: Path, commit: str) -> dict[str, str]:
    """Every file of `commit`: path (relative to the repository top) -> blob id."""
    return listed_files(listing_call(top, commit))


def index_files(top: Path) -> dict[str, str]:
    """Every file the index holds (what the next commit would contain): path -> blob id."""
    return listed_files(listing_call(top, None))


def listing_call(top: Path, commit: str | None) -> GitCall:
    """The git call listing `commit`'s files (None: the index's), started now; `listed_files` reads it."""
    if commit is None:
        return GitCall(top, "ls-files", "-z", "--stage")
    return GitCall(top, "ls-tree", "-r", "-z", "--full-tree", commit)


def listed_files(call: GitCall) -> dict[str, str]:
    """A `listing_call`'s answer: path -> blob id (an index entry added with --intent-to-add has none yet)."""
    return {path: sha for path, sha in split_entries(call.output()) if sha != "0" * 40}


def worktree_paths(top: Path) -> tuple[str, ...]:
    """Files of the work tree git tracks or would track (untracked but not ignored), that exist."""
    listed = _git(top, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split(b"\0")
    paths = dict.fromkeys(name.decode(errors="surrogateescape") for name in listed if name)
    folder = str(top)
    return tuple(path for path in paths if os.path.isfile(os.path.join(folder, path)))


def read_index_blobs(top: Path, paths: tuple[str, ...]) -> dict[str, bytes]:
    """Contents of files as staged (`:path` names the index's copy)."""
    return read_blobs(top, "", paths)


def checkout_index(top: Path, paths: tuple[str, ...], into: Path) -> None:
    """Copy the index's version of `paths` under `into` (for checks that read a folder)."""
    if paths:
        _git(top, "checkout-index", f"--prefix={into.as_posix().rstrip('/')}/", "--", *paths)


def git_files_read(top: Path) -> tuple[Path, ...]:
    """The files git itself reads to list the work tree and resolve HEAD (`GitFiles`)."""
    return GitFiles(top).result()


class GitFiles:
    """The files git itself reads to list the work tree and resolve HEAD: HEAD, the index, the branch's
    ref (loose or packed), every configuration file and every exclude file outside the tree (the
    `.gitignore` files inside it are the tree's own files). A change to any of them changes what a
    listing or `HEAD` says. The git calls start at once (only the configuration's, when `folders`, git's
    own as `locate_with_folders` gives them, are known); `result()` waits for them."""

    def __init__(self, top: Path, folders: tuple[Path, Path] | None = None) -> None:
        self.top, self.folders = top, folders
        self._folders = None if folders else GitCall(top, "rev-parse", "--absolute-git-dir", "--git-common-dir")
        self._config = GitCall(top, "config", "--list", "--show-origin", "-z")

    def close(self) -> None:
        if self._folders is not None:
            self._folders.close()
        self._config.close()

    def result(self) -> tuple[Path, ...]:
        top = self.top
        if self._folders is not None:
            lines = self._folders.output().decode(errors="surrogateescape").splitlines()
            self.folders = (Path(lines[0]), Path(lines[1]))
        assert self.folders is not None
        git_dir, common = self.folders
        common_dir = top / common  # an absolute `common` stays as it is
        files = [git_dir / "HEAD", git_dir / "index", common_dir / "packed-refs", common_dir / "info" / "exclude",
                 common_dir / "config"]
        try:
            head = (git_dir / "HEAD").read_text(encoding="utf-8", errors="surrogateescape")
        except OSError:
            head = ""
        if head.startswith("ref: "):  # on a branch: its loose ref (packed-refs is listed above)
            files.append(common_dir / head[5:].strip())
        excludes = None
        listed = self._config.output().split(b"\0")
        for origin, entry in zip(listed[::2], listed[1::2], strict=False):
            if origin.startswith(b"file:"):
                files.append(top / origin[5:].decode(errors="surrogateescape"))
            key, _, value = entry.decode(errors="surrogateescape").partition("\n")
            if key == "core.excludesfile":
                excludes = Path(os.path.expanduser(value))
        config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
        files += [Path(os.path.expanduser("~/.gitconfig")), Path(config_home) / "git" / "config"]
        files.append(top / excludes if excludes is not None else Path(config_home) / "git" / "ignore")
        return tuple(dict.fromkeys(files))


def ignored_folders(top: Path, folders: tuple[str, ...]) -> frozenset[str]:
    """Which of these folders (relative to the top) git ignores as a whole: nothing below one is listed."""
    if not folders:
        return frozenset()
    try:
        done = subprocess.run(["git", "check-ignore", "--stdin", "-z"], cwd=top, capture_output=True, check=False,
                              input=b"".join(folder.encode(errors="surrogateescape") + b"/\0" for folder in folders))
    except OSError:
        return frozenset()
    if done.returncode not in (0, 1):
        raise GitError(done.stderr.decode(errors="replace").strip() or "git check-ignore failed", path=top)
    return frozenset(name.decode(errors="surrogateescape").rstrip("/") for name in done.stdout.split(b"\0") if name)
