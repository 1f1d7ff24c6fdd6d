"""The installed `refactor-check` program (cli/check_entry.py's `program`): it writes the whole answer, exits
with the command's code, and ends without the interpreter's shutdown (no exit handler runs)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from check_support import make_repo, write

from refactor_tool.cli import check_entry, check_run
from refactor_tool.cli.check import main as command

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


#: command lines the program parses itself (a dict: what `run_check` gets) or leaves to click (None)
PLAIN = [
    (["--no-gate", "--format", "json"], True),
    (["--gate", "--no-gate", "--format=concise", "--format", "json"], True),  # the last one wins, as in click
    (["--staged", "--no-cache", "--max-lines", "20", "--max-api-breaks=0", "--max-new-files", "3"], True),
    ([], True),
    (["--max-lines", "0"], False),  # below click.IntRange's minimum: click reports it
    (["--max-lines", "-3"], False),
    (["--max-lines", "x"], False),
    (["--max-lines"], False),
    (["--format", "yaml"], False),
    (["--format"], False),
    (["--max-line", "3"], False),  # misspelt: click suggests the right one
    (["--no-gate=1"], False),
    (["--root", "."], False),
    (["--select", "file-too-large"], False),
    (["pkg"], False),
    (["--", "--no-gate"], False),
    (["--help"], False),
    (["-h"], False),
    (["--version"], False),
    (["--explain", "file-too-large"], False),
]


@pytest.mark.parametrize(("argv", "plain"), PLAIN)
def test_plain_command_lines_are_parsed_as_click_parses_them(argv: list[str], plain: bool) -> None:
    parsed = check_entry.plain_options(argv)
    assert (parsed is not None) == plain
    if parsed is None:
        return
    params = command.make_context("refactor-check", list(argv)).params
    budgets = {name: params.pop(name.replace("-", "_")) for name in check_run.BUDGETS}
    defaults = {"paths": (), "root": None, "base": None, "staged": False, "gate": None, "select": (),
                "output_format": None, "no_cache": False}
    assert {**defaults, **parsed} == {**params, "budgets": budgets}


RUN_MAIN = ("import sys\n"
            "from refactor_tool.cli.check_entry import main\n"
            "sys.argv[0] = 'refactor-check'\n"
            "try:\n"
            "    main()\n"
            "finally:\n"
            "    print('click loaded' if 'click' in sys.modules else 'no click', file=sys.stderr)\n")


def test_a_plain_command_line_runs_without_click_and_answers_as_the_click_command(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    write(repo, "pkg/big.py", "x = 1\n" * 30)
    args = ("--no-gate", "--format", "json", "--max-lines", "20", "--no-cache")
    plain = subprocess.run([sys.executable, "-c", RUN_MAIN, *args], cwd=repo, capture_output=True, text=True,
                           check=False, timeout=120)
    assert plain.returncode == 1 and plain.stderr.strip() == "no click"
    full = subprocess.run([sys.executable, "-c", RUN_MAIN, *args, "--root", "."], cwd=repo, capture_output=True,
                          text=True, check=False, timeout=120)
    assert full.returncode == 1 and full.stderr.strip() == "click loaded"
    untimed = [{**json.loads(done.stdout), "seconds": 0} for done in (plain, full)]
    assert untimed[0] == untimed[1] and "file-too-large" in [f["kind"] for f in untimed[0]["findings"]]
