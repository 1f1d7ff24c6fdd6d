"""Real history: a repository built in the test, diffed between refs without touching its work tree."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from api_cases import BIG, split
from api_trees import write_tree

from refactor_tool.api.use_case import api_diff
from refactor_tool.errors import GitError, InputError


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """v1: `mypkg/big.py`; v2 (HEAD): split into a package, `helper` dropped, `make_widget` changed."""
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "config", "user.email", "t@example.com")
    _git(tmp_path, "config", "user.name", "t")
    write_tree(tmp_path, {"src/mypkg/__init__.py": "", "src/mypkg/big.py": BIG})
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "v1")
    _git(tmp_path, "tag", "v1")
    (tmp_path / "src/mypkg/big.py").unlink()
    files = split(init="from ._widgets import Base, Widget\nfrom ._helpers import make_widget\nfrom ._rest import fetch\n")
    files["mypkg/big/_helpers.py"] = files["mypkg/big/_helpers.py"].replace("def make_widget(size=2)", "def make_widget(size)")
    write_tree(tmp_path / "src", {k: v for k, v in files.items() if k != "mypkg/__init__.py"})
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "v2: split")
    return tmp_path


def test_diff_between_two_refs(repo: Path) -> None:
    result = api_diff("git:v1:src/mypkg", "git:HEAD:src/mypkg", cwd=repo)
    found = {(f.kind.slug, f.path) for f in result.diff.findings}
    assert found == {
        ("path-removed", "mypkg.big.CONSTANT"),
        ("path-removed", "mypkg.big.helper"),
        ("default-removed", "mypkg.big.make_widget"),
    }
    assert result.exit_code == 1
    removed = next(f for f in result.diff.findings if f.path == "mypkg.big.helper")
    assert removed.file == "src/mypkg/big/__init__.py"  # where the re-export is missing, for annotations


def test_module_file_and_package_folder_name_the_same_module(repo: Path) -> None:
    """`git:v1:src/mypkg/big` finds `big.py` at v1 and the `big/` folder at HEAD."""
    result = api_diff("git:v1:src/mypkg/big", "git:HEAD:src/mypkg/big.py", cwd=repo)
    assert {f.path for f in result.diff.breaking} == {
        "big.CONSTANT", "big.helper", "big.make_widget",
    }


def test_git_ref_without_path_takes_the_other_side(repo: Path) -> None:
    result = api_diff("git:v1", "src/mypkg", cwd=repo)
    assert {f.path for f in result.diff.breaking} == {
        "mypkg.big.CONSTANT", "mypkg.big.helper", "mypkg.big.make_widget",
    }


def test_work_tree_is_not_touched(repo: Path) -> None:
    (repo / "src/mypkg/big/_rest.py").write_text("def helper(x, y): ...\ndef fetch(url): ...\n")
    before = _git(repo, "status", "--porcelain")
    head = _git(repo, "rev-parse", "HEAD")
    api_diff("git:v1:src/mypkg", "src/mypkg", cwd=repo)
    assert _git(repo, "status", "--porcelain") == before
    assert _git(repo, "rev-parse", "HEAD") == head
    assert _git(repo, "worktree", "list").count("\n") == 1


def test_unknown_ref_is_one_line_git_error(repo: Path) -> None:
    with pytest.raises(GitError) as raised:
        api_diff("git:no-such-tag:src/mypkg", "src/mypkg", cwd=repo)
    assert "unknown git ref 'no-such-tag'" in raised.value.one_line()
    assert raised.value.exit_code == 2


def test_missing_path_at_ref(repo: Path) -> None:
    with pytest.raises(InputError, match="no Python files"):
        api_diff("git:v1:src/elsewhere", "src/mypkg", cwd=repo)
