"""Every entry point announces a pending journal: `refactor-check` as `refactor-tool` does, once each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import main as refactor_tool
from refactor_tool.cli.check import main as refactor_check
from refactor_tool.io.journal import Journal, JournalEntry, text_hash

WARNING = "`split a.py` was interrupted"


@pytest.fixture
def interrupted(tmp_path: Path) -> Path:
    """A project where a split was killed mid-write: its pending journal is still there."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\nversion = '0'\n")
    (tmp_path / "a.py").write_text("A = 2\n")
    Journal(tmp_path, "split a.py").begin((JournalEntry(tmp_path / "a.py", "A = 1\n", text_hash("A = 2\n")),), ())
    return tmp_path


def test_refactor_check_warns_about_a_pending_journal(interrupted: Path) -> None:
    result = CliRunner().invoke(refactor_check, ["--root", str(interrupted), "--no-gate", "--format", "json"])
    assert result.stderr.count(WARNING) == 1, result.output
    assert "run `refactor-tool undo` there" in result.stderr


def test_refactor_tool_check_warns_once(interrupted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(interrupted)
    result = CliRunner().invoke(refactor_tool, ["check", "--no-gate", "--format", "json"])
    assert result.stderr.count(WARNING) == 1, result.output


def test_without_a_journal_refactor_check_says_nothing_of_it_and_loads_no_rich(tmp_path: Path) -> None:
    """The check costs `refactor-check` a few stat() calls: nothing of undo's output is imported."""
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\nversion = '0'\n")
    probe = ("import sys\nfrom refactor_tool.cli.undo import warn_if_interrupted\nfrom pathlib import Path\n"
             f"warn_if_interrupted(Path({str(tmp_path)!r}))\n"
             "print(sorted(m for m in sys.modules if m.startswith(('rich', 'refactor_tool.undo', "
             "'refactor_tool.render.undo'))))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]" and not done.stderr
