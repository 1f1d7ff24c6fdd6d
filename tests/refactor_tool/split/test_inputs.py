"""A split reads its module as Python does (PEP 263) and writes UTF-8: a latin-1 module with its coding
cookie splits into files that say what they are, and a rollback gives back its exact bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import main

LATIN1 = (
    "# -*- coding: latin-1 -*-\n"
    '"""Caf\xe9 names."""\n'
    "\n"
    'NAME = "caf\xe9"  # r\xe9sum\xe9\n'
    + "".join(f"\n\ndef greet{i}():\n    return NAME + ' \xe0 {i}'\n" for i in range(12))
)
PROGRAM = "import latin; print(latin.NAME, latin.greet3(), latin.greet11(), latin.__doc__)"


def _module(tmp_path: Path) -> Path:
    path = tmp_path / "latin.py"
    path.write_bytes(LATIN1.encode("latin-1"))
    return path


def _run_program(root: Path) -> str:
    done = subprocess.run([sys.executable, "-c", PROGRAM], cwd=root, capture_output=True, text=True,
                          encoding="utf-8", check=False, env={"PYTHONIOENCODING": "utf-8", "PATH": ""})
    assert done.returncode == 0, done.stderr
    return done.stdout


def _split(path: Path, *options: str):
    # 45: it splits (52 lines) and the package `__init__` fits under the limit (a file over it is exit 1).
    return CliRunner().invoke(main, ["split", str(path), "--max-lines", "45", *options], catch_exceptions=False)


@pytest.mark.parametrize("layout", ["package", "shim"])
def test_a_latin1_module_splits_into_utf8_files_that_behave_the_same(tmp_path: Path, layout: str) -> None:
    path = _module(tmp_path)
    before = _run_program(tmp_path)
    result = _split(path, "--layout", layout)
    assert result.exit_code == 0, result.output
    written = sorted(p for p in tmp_path.rglob("*.py"))
    assert len(written) > 2
    for file in written:
        text = file.read_bytes().decode("utf-8")  # every file is UTF-8 ...
        assert "latin-1" not in text  # ... and none says otherwise
    assert _run_program(tmp_path) == before == "caf\xe9 caf\xe9 \xe0 3 caf\xe9 \xe0 11 Caf\xe9 names.\n"


def test_a_failed_gate_gives_back_the_exact_latin1_bytes(tmp_path: Path) -> None:
    path = _module(tmp_path)
    result = _split(path, "--gate", "exit 1")
    assert result.exit_code == 1
    assert path.read_bytes() == LATIN1.encode("latin-1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latin.py"]


def test_a_dry_run_of_a_latin1_module_prints_its_diff(tmp_path: Path) -> None:
    path = _module(tmp_path)
    result = _split(path, "--dry-run", "--layout", "shim")
    assert result.exit_code == 0, result.output
    assert "-# -*- coding: latin-1 -*-" in result.stdout and '+NAME = "caf\xe9"' in result.stdout
    assert path.read_bytes() == LATIN1.encode("latin-1")


def test_undo_of_a_latin1_split_gives_back_the_exact_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _module(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert _split(path).exit_code == 0 and not path.exists()
    undone = CliRunner().invoke(main, ["undo"], catch_exceptions=False)
    assert undone.exit_code == 0, undone.output
    assert path.read_bytes() == LATIN1.encode("latin-1")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".refactor_tool") == ["latin.py"]
