"""A merge is journalled like a split: `refactor-tool undo` reverts it, and a real SIGINT while its files
change restores every one of them (exit 130)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import main

TOOL = [sys.executable, "-c", "from refactor_tool.cli import main; main()"]
PAUSE_HOOK = "REFACTOR_TOOL_TEST_PAUSE_WRITE"  # documented in refactor_tool/io/transaction.py


def _project(root: Path) -> Path:
    (root / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    pkg = root / "pkg"
    (pkg / "geo").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "geo/__init__.py").write_text('"""Geometry."""\nfrom ._shapes import area\n')
    (pkg / "geo/_shapes.py").write_text("def area(side):\n    return side * side\n")
    return root


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".refactor_tool" not in p.parts}


ARGS = ["merge", "pkg/geo/__init__.py", "pkg/geo/_shapes.py", "--into", "pkg/geo.py", "--delete-sources"]


def test_undo_reverts_a_merge_package_and_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path)
    before = _snapshot(root)
    monkeypatch.chdir(root)
    assert CliRunner().invoke(main, ARGS, catch_exceptions=False).exit_code == 0
    assert not (root / "pkg/geo").exists() and (root / "pkg/geo.py").is_file()
    undone = CliRunner().invoke(main, ["undo"], catch_exceptions=False)
    assert undone.exit_code == 0, undone.output
    assert _snapshot(root) == before


def test_a_sigint_while_the_files_change_restores_every_one(tmp_path: Path) -> None:
    root = _project(tmp_path)
    before = _snapshot(root)
    marker = tmp_path / "paused"
    process = subprocess.Popen([*TOOL, *ARGS], cwd=root, env={**os.environ, PAUSE_HOOK: str(marker)},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 90
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the merge never reached its first rename"
        time.sleep(0.02)
    assert _snapshot(root) != before  # the first file has changed
    process.send_signal(signal.SIGINT)
    marker.unlink()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.strip().splitlines()[-1] == "interrupted by SIGINT while writing; every file restored"
    assert _snapshot(root) == before
