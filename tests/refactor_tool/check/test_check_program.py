"""The installed `refactor-check` program (cli/check_entry.py's `program`): it writes the whole answer, exits
with the command's code, and ends without the interpreter's shutdown (no exit handler runs)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from check_support import make_repo, write

PROGRAM = ("import atexit, sys\n"
           "atexit.register(lambda: print('exit handler ran', file=sys.stderr))\n"
           "from refactor_tool.cli.check_entry import program\n"
           "sys.argv[0] = 'refactor-check'\n"
           "program()\n")


def _program(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROGRAM, *args], cwd=repo, capture_output=True, text=True,
                          check=False, timeout=120)


def test_the_program_writes_the_whole_answer_and_exits_with_its_code(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    clean = _program(repo, "--no-gate", "--format", "json")
    assert clean.returncode == 0 and json.loads(clean.stdout)["ok"] is True
    write(repo, "pkg/big.py", "x = 1\n" * 30)
    failing = _program(repo, "--no-gate", "--format", "json", "--max-lines", "20")
    assert failing.returncode == 1
    assert "file-too-large" in [finding["kind"] for finding in json.loads(failing.stdout)["findings"]]
    replayed = _program(repo, "--no-gate", "--format", "json", "--max-lines", "20")
    assert replayed.returncode == 1 and json.loads(replayed.stdout)["findings"] == json.loads(failing.stdout)["findings"]
    assert "exit handler ran" not in clean.stderr + failing.stderr + replayed.stderr


def test_a_usage_error_exits_2_with_its_message(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    done = _program(repo, "--max-line", "3")
    assert done.returncode == 2 and "No such option '--max-line'" in done.stderr and "'--max-lines'" in done.stderr
