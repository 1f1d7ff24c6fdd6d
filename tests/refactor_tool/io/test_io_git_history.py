"""`locate`: the repository top and a ref's commit in one git call, in every state a run meets; `GitFiles`."""

from __future__ import annotations

import subprocess
from pathlib import Path

from refactor_tool.io.git_history import GitFiles, locate, locate_with_folders


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.email=t@e", "-c", "user.name=t", *args], cwd=repo,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_locate_names_the_top_and_the_commit_from_any_folder_inside(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    _git(repo, "init", "-q")
    assert locate(repo / "sub") == (repo.resolve(), None)  # no commit yet
    (repo / "a.txt").write_text("a\n")
    _git(repo, "add", "a.txt")
    _git(repo, "commit", "-qm", "one")
    head = _git(repo, "rev-parse", "HEAD")
    assert locate(repo / "sub") == (repo.resolve(), head)
    _git(repo, "tag", "v1")
    assert locate(repo, "v1") == (repo.resolve(), head)
    assert locate(repo, "no-such-ref") == (repo.resolve(), None)


def test_locate_outside_a_repository_finds_nothing(tmp_path: Path) -> None:
    assert locate(tmp_path) == (None, None)


def test_git_files_from_the_folders_locate_found_are_those_git_names(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "sub").mkdir(parents=True)
    _git(repo, "init", "-q")
    (repo / "a.txt").write_text("a\n")
    _git(repo, "add", "a.txt")
    _git(repo, "commit", "-qm", "one")
    _git(repo, "worktree", "add", "-q", str(tmp_path / "linked"))
    (tmp_path / "linked" / "sub").mkdir()
    for folder in (repo / "sub", tmp_path / "linked" / "sub"):  # a linked work tree has two git folders
        top, _commit, folders = locate_with_folders(folder)
        assert top is not None and folders is not None
        assert GitFiles(top, folders).result() == GitFiles(top).result()
        assert folders[1] == (repo / ".git").resolve()
