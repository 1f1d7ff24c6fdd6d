"""Git at the edges: files of a package as they are at a ref (`git ls-tree` + one `git cat-file --batch`,
the work tree never touched), and whether the work tree is clean enough to write into.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from refactor_tool.errors import GitError


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False)
    except FileNotFoundError as error:  # pragma: no cover - git missing from PATH
        raise GitError("git is not installed") from error


def toplevel(cwd: Path) -> Path:
    done = _git(cwd, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise GitError("not inside a git repository", path=cwd)
    return Path(done.stdout.decode().strip())


def verify_ref(top: Path, ref: str) -> str:
    """The commit id `ref` names; an unknown ref is a one-line `GitError`."""
    done = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if done.returncode != 0 or not done.stdout.strip():
        raise GitError(f"unknown git ref {ref!r}", path=top)
    return done.stdout.decode().strip()


def list_files(top: Path, commit: str, path: str) -> dict[str, str]:
    """Files at `commit` under `path` (a folder or one file): path relative to the repository root -> blob id."""
    done = _git(top, "ls-tree", "-r", "-z", commit, "--", path)
    if done.returncode != 0:
        raise GitError(done.stderr.decode().strip() or f"cannot list {path} at {commit}", path=top)
    return dict(split_entries(done.stdout))


def split_entries(data: bytes) -> list[tuple[str, str]]:
    """`<meta> <sha>[ <stage>]\\t<path>` records (ls-tree, ls-files --stage), NUL separated -> (path, sha)."""
    entries = []
    for record in data.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        fields = meta.split()
        if b"commit" in fields:  # a submodule: not our file
            continue
        sha = fields[2] if len(fields) >= 3 and len(fields[2]) >= 40 else fields[1]
        entries.append((path.decode(errors="surrogateescape"), sha.decode()))
    return entries


def read_blobs(top: Path, commit: str, paths: tuple[str, ...]) -> dict[str, bytes]:
    """Contents of many files in one process: `git cat-file --batch` reads `commit:path` lines."""
    if not paths:
        return {}
    done = _git(top, "cat-file", "--batch", stdin=blob_request(commit, paths))
    if done.returncode != 0:
        raise GitError(done.stderr.decode().strip() or "git cat-file failed", path=top)
    return parse_blobs(done.stdout, paths)


def blob_request(commit: str, paths: tuple[str, ...]) -> bytes:
    """What `git cat-file --batch` reads to print these files at `commit` ('' for the index)."""
    return "".join(f"{commit}:{p}\n" for p in paths).encode()


def parse_blobs(data: bytes, paths: tuple[str, ...]) -> dict[str, bytes]:
    """`git cat-file --batch`'s answer to `blob_request(commit, paths)`: path -> contents (missing left out)."""
    offset, blobs = 0, {}
    for path in paths:
        end = data.index(b"\n", offset)
        header = data[offset:end].split()
        offset = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        blobs[path] = data[offset : offset + size]
        offset += size + 1
    return blobs


def check_clean(directory: Path) -> None:
    """Refuse a dirty git work tree (tracked changes); a folder outside any repository is clean."""
    try:
        result = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=directory,
                                capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return
    if result.returncode != 0:
        return
    dirty = [line[3:] for line in result.stdout.splitlines() if line.strip()]
    if dirty:
        raise GitError(f"git work tree has uncommitted changes ({', '.join(dirty[:3])}"
                       f"{'...' if len(dirty) > 3 else ''}); commit them or pass --allow-dirty", path=directory)
