"""`locate`: the repository top and a ref's commit in one git call, in every state a run meets."""

from __future__ import annotations

import subprocess
from pathlib import Path

from refactor_tool.io.git_history import locate


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
