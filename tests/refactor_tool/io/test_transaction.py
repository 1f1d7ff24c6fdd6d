"""The transactional writer: all files or none, restored on failure or a failed gate, git dirtiness."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from refactor_tool.errors import GitError
from refactor_tool.io.gate import run_gate
from refactor_tool.io.git import check_clean
from refactor_tool.io.transaction import FileChange, Transaction, unified_diffs


def _tree(tmp_path: Path) -> dict[Path, str]:
    files = {tmp_path / "a.py": "A = 1\n", tmp_path / "b.py": "B = 2\n"}
    for path, text in files.items():
        path.write_text(text)
    return files


def _snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_commit_writes_creates_and_deletes(tmp_path: Path) -> None:
    _tree(tmp_path)
    changes = [
        FileChange(tmp_path / "a.py", "A = 1\n", "A = 10\n"),
        FileChange(tmp_path / "b.py", "B = 2\n", None),
        FileChange(tmp_path / "new" / "deep" / "c.py", None, "C = 3\n"),
    ]
    Transaction(changes).commit()
    assert _snapshot(tmp_path) == {"a.py": "A = 10\n", "new/deep/c.py": "C = 3\n"}


def test_rollback_restores_everything_and_removes_created_folders(tmp_path: Path) -> None:
    _tree(tmp_path)
    before = _snapshot(tmp_path)
    transaction = Transaction([
        FileChange(tmp_path / "a.py", "A = 1\n", "A = 10\n"),
        FileChange(tmp_path / "b.py", "B = 2\n", None),
        FileChange(tmp_path / "pkg" / "c.py", None, "C = 3\n"),
    ])
    transaction.commit()
    transaction.rollback()
    assert _snapshot(tmp_path) == before
    assert not (tmp_path / "pkg").exists()


def test_a_failure_midway_leaves_every_file_as_it_was(tmp_path: Path) -> None:
    _tree(tmp_path)
    before = _snapshot(tmp_path)
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where a folder must go\n")
    before["blocked"] = blocker.read_text()
    changes = [
        FileChange(tmp_path / "a.py", "A = 1\n", "A = 10\n"),
        FileChange(tmp_path / "blocked" / "x.py", None, "X = 1\n"),
    ]
    with pytest.raises(OSError):
        Transaction(changes).commit()
    assert _snapshot(tmp_path) == before


def test_dry_run_diff_names_created_and_deleted_files(tmp_path: Path) -> None:
    diff = unified_diffs([
        FileChange(tmp_path / "a.py", "A = 1\n", None),
        FileChange(tmp_path / "p" / "b.py", None, "B = 2\n"),
    ], tmp_path)
    assert "--- a/a.py\n+++ /dev/null\n" in diff and "-A = 1\n" in diff
    assert "--- /dev/null\n+++ b/p/b.py\n" in diff and "+B = 2\n" in diff


def test_gate_outcome_reflects_the_command_exit_status(tmp_path: Path) -> None:
    assert run_gate("exit 0", tmp_path).passed
    failed = run_gate("echo nope; exit 3", tmp_path)
    assert not failed.passed and failed.returncode == 3 and "nope" in failed.output_tail


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_dirty_git_tree_is_refused_clean_and_untracked_are_not(tmp_path: Path) -> None:
    _tree(tmp_path)
    check_clean(tmp_path)  # not a repository: nothing to lose
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "a.py")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init")
    check_clean(tmp_path)  # b.py is untracked only
    (tmp_path / "a.py").write_text("A = 2\n")
    with pytest.raises(GitError, match="uncommitted changes"):
        check_clean(tmp_path)


def test_new_files_get_the_usual_mode_and_restored_files_keep_theirs(tmp_path: Path) -> None:
    script = tmp_path / "tool.py"
    script.write_text("print(1)\n")
    script.chmod(0o755)
    umask = os.umask(0o022)
    try:
        transaction = Transaction([FileChange(script, "print(1)\n", None),
                                   FileChange(tmp_path / "tool" / "__init__.py", None, "print(1)\n")])
        transaction.commit()
        assert stat.S_IMODE((tmp_path / "tool" / "__init__.py").stat().st_mode) == 0o644  # not mkstemp's 0600
        transaction.rollback()
    finally:
        os.umask(umask)
    assert stat.S_IMODE(script.stat().st_mode) == 0o755
