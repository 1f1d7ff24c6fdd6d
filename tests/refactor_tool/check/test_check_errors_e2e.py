"""Bad configuration, an unknown key, an unknown base ref and --base outside git: one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_support import check, make_repo, write


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("max-lines = -3", "max-lines must be a positive integer"),
     ("max-line = 30", "unknown key 'max-line' in [tool.refactor_tool]; did you mean 'max-lines'?")],
)
def test_bad_configuration_is_one_line_and_exit_2(tmp_path: Path, setting: str, expected: str) -> None:
    repo = make_repo(tmp_path)
    text = (repo / "pyproject.toml").read_text(encoding="utf-8")
    write(repo, "pyproject.toml", text + setting + "\n")
    code, _document, stderr = check(repo, "--no-gate")
    assert code == 2
    assert expected in stderr and "pyproject.toml:" in stderr
    assert len(stderr.strip().splitlines()) == 1


def test_an_allow_entry_of_an_unknown_kind_is_a_configuration_error(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    text = (repo / "pyproject.toml").read_text(encoding="utf-8")
    write(repo, "pyproject.toml", text + '\n[[tool.refactor_tool.allow]]\nkind = "dead-modules"\npath = "x"\nreason = "r"\n')
    code, _document, stderr = check(repo, "--no-gate")
    assert code == 2 and "did you mean 'dead-module'?" in stderr


def test_an_unknown_base_ref(tmp_path: Path) -> None:
    code, _document, stderr = check(make_repo(tmp_path), "--no-gate", "--base", "no-such-branch")
    assert code == 2 and "unknown git ref 'no-such-branch'" in stderr


def test_base_outside_a_git_repository(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    write(folder, "mod.py", "x = 1\n")
    code, _document, stderr = check(folder, "--base", "main")
    assert code == 2 and "needs a git repository" in stderr


def test_a_file_that_does_not_parse_is_named_and_still_checked(tmp_path: Path) -> None:
    """Syntax is the linters' and the gate's to judge (files are scanned, not compiled); the budgets still
    hold for the file, and the API check, which must read it, says it cannot."""
    repo = make_repo(tmp_path)
    write(repo, "pkg/broken.py", "import os\nx = 1\ndef (:\n" + "y = 2\n" * 5)
    write(repo, "pkg/__init__.py", "from pkg.core import public_function\nfrom pkg import broken\n")
    code, document, _ = check(repo, "--no-gate", "--max-lines", "8")
    assert code == 1 and [(f["kind"], f["path"]) for f in document["findings"]] == [
        ("file-too-large", "pkg/broken.py"), ("api-break", "pkg/broken.py")]
    assert "cannot read pkg.broken" in document["findings"][1]["message"]


def test_a_python_file_that_cannot_be_read_is_an_error_naming_it(tmp_path: Path) -> None:
    """Outside git every file below the root is listed: a dangling link is not skipped unchecked."""
    folder = tmp_path / "plain"
    write(folder, "mod.py", "x = 1\n")
    (folder / "gone.py").symlink_to(folder / "missing.py")
    code, document, stderr = check(folder, "--no-gate")
    assert code == 2 and document["path"] == str(folder / "gone.py") and document["error"] == "InputError"
    assert stderr.strip().splitlines() == [f"error: {folder / 'gone.py'}: cannot read this file (No such file or directory)"]


def test_an_unreadable_tracked_file_is_an_error_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permissions do not stop root (these tests may run as root), so the read itself is made to fail."""
    repo = make_repo(tmp_path)
    target, read_bytes = repo / "pkg" / "core.py", Path.read_bytes

    def denied(path: Path) -> bytes:
        if path == target:
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", denied)
    code, _document, stderr = check(repo, "--no-gate")
    assert code == 2 and stderr.strip() == f"error: {target}: cannot read this file (Permission denied)"
