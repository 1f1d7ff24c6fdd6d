"""Split real modules in a temporary directory and run real test suites against the result.

Shared by the proof tests: copy a module, split it with the CLI, run CPython's own suite for it in a
fresh interpreter with the temporary directory first on `PYTHONPATH`, and read the counts it reports.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

from click.testing import CliRunner

from refactor_tool.cli import main

#: Every suite must still finish in a reasonable time even if a split made it hang.
SUITE_TIMEOUT_S = 900


@dataclass(frozen=True, slots=True)
class SuiteRun:
    """The `Total tests:` line of `python -m test`, plus the result line and the output for failures."""

    counts: dict[str, int]
    result: str
    output: str


def module_source(name: str) -> Path:
    spec = find_spec(name)
    assert spec is not None and spec.origin is not None, name
    return Path(spec.origin)


def copy_module(name: str, root: Path) -> Path:
    """A private copy of a standard-library module in `root`, to be split there."""
    root.mkdir(parents=True, exist_ok=True)
    target = root / f"{name}.py"
    shutil.copyfile(module_source(name), target)
    return target


#: Why a file may stay at or over the line limit: a single definition no split can cut.
UNSPLITTABLE = ("a function cannot be split safely", "a method cannot be split safely")


def split(path: Path, *options: str) -> dict:
    """Run `refactor-tool split` in-process and return its JSON report; the test fails with the tool's
    own message if it refuses, or if a limit is missed for any reason but a definition too long by
    itself or the number of new files (exit 1 with those only: everything was written)."""
    result = CliRunner().invoke(main, ["split", str(path), *options, "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code in (0, 1), f"split {path} {options} exited {result.exit_code}:\n{result.output}"
    data = json.loads(result.stdout)
    missed = [f for f in data["limits"] if f["kind"] == "file-too-large"
              and not any(reason in f["message"] for reason in UNSPLITTABLE)]
    assert not missed, f"split {path} {options}: files over the limit: {missed}"
    assert result.exit_code == 0 or data["limits"], f"split {path} {options} exited 1:\n{result.output}"
    return data


def environment(root: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if root is not None:
        env["PYTHONPATH"] = str(root)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def imported_file(module: str, root: Path) -> str:
    """Where a fresh interpreter with `root` first on the path finds `module`."""
    program = f"import {module}; print({module}.__file__)"
    done = subprocess.run(
        [sys.executable, "-c", program],
        env=environment(root),
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


_TOTAL = re.compile(r"^Total tests: (.*)$", re.MULTILINE)
_RESULT = re.compile(r"^Result: (\w+)", re.MULTILINE)


#: Runs `python -m test` after checking, in the same interpreter, where the module under test comes from.
_CHECKED_RUN = """
import runpy, sys
import {module} as under_test
assert under_test.__file__.startswith({root!r}), under_test.__file__
sys.argv = ["python -m test", "-v", {test!r}]
runpy.run_module("test", run_name="__main__", alter_sys=True)
"""


def run_suite(test: str, root: Path | None, module: str | None = None) -> SuiteRun:
    """`python -m test TEST` in a fresh interpreter, with `root` (when given) first on the path.

    With `module`, the interpreter first asserts that `module` is imported from `root`, so a suite
    can never pass by testing the installed copy instead of the split one.
    """
    command = [sys.executable, "-m", "test", "-v", test]
    if root is not None and module is not None:
        command = [
            sys.executable,
            "-c",
            _CHECKED_RUN.format(module=module, root=str(root), test=test),
        ]
    done = subprocess.run(
        command,
        env=environment(root),
        capture_output=True,
        text=True,
        check=False,
        timeout=SUITE_TIMEOUT_S,
        cwd=root or Path.cwd(),
    )
    output = done.stdout + done.stderr
    total = _TOTAL.search(output)
    result = _RESULT.search(output)
    counts: dict[str, int] = {}
    if total is not None:
        for item in total.group(1).split():
            key, _, value = item.partition("=")
            counts[key] = int(value.replace(",", ""))
    return SuiteRun(counts, result.group(1) if result else "NO RESULT", output)


def failure_summary(run: SuiteRun) -> str:
    """unittest's FAIL/ERROR sections with their tracebacks, short enough for an assertion message."""
    lines = run.output.splitlines()
    sections: list[str] = []
    for index, line in enumerate(lines):
        if line.startswith(("FAIL:", "ERROR:")):
            block = [line]
            for follow in lines[index + 2 : index + 40]:
                if follow.startswith(("=====", "-----")):
                    break
                block.append(follow)
            sections.append("\n".join(block))
    summary = "\n\n".join(sections[:6]) or run.output[-3000:]
    return f"{summary}\n\n({len(sections)} failing tests; result {run.result}, counts {run.counts})"
