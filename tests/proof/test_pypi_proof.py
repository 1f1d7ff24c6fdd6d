"""The proof harnesses on a few small real packages: the split must leave each suite's results identical.

Each case runs `proof/pypi.py` (or `proof/stdlib.py`) as a user would, as a subprocess: the pinned sdist
comes from PyPI, its venv is cached under `proof/.work/`, and the split is `refactor-tool split MODULE`
with no options. Cases the splitter breaks today are strict xfails naming the failure class of issue 9;
the fix flips them to a pass, and strict makes that visible.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = Path(sys.executable).parent / "refactor-tool"

pytestmark = pytest.mark.slow


def _prove(script: str, name: str, reports: Path) -> dict[str, object]:
    """Run one proof and return its single row; the exit code must agree with the verdict."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "proof" / script), "--only", name, "--format", "json",
         "--reports", str(reports), "--tool", str(TOOL)],
        capture_output=True, text=True, timeout=900, check=False, cwd=reports,
    )
    assert done.returncode in (0, 1), done.stderr[-3000:]
    (row,) = json.loads(done.stdout)["rows"]
    assert done.returncode == (0 if row["identical"] else 1)
    stem = {"pypi.py": "proof", "stdlib.py": "proof_stdlib"}[script]
    assert name in (reports / f"{stem}.md").read_text(encoding="utf-8")
    return row


def _assert_identical(row: dict[str, object]) -> None:
    baseline = str(row["baseline"])
    assert not baseline.startswith(("0 passed", "no result")), f"the baseline ran nothing: {baseline}"
    assert row["modules_split"] == row["modules_tried"], row["why_not"]
    assert row["identical"], f"{row['baseline']} -> {row['split']}: {row['why_not']}"


@pytest.mark.parametrize(
    "package",
    [
        "wcwidth",
        "six",  # issue 9 class 8: six.moves, a meta-path importer keyed on __name__
        "tabulate",  # issue 9 class 7 (its package __init__ is the monolith) and 9 (run by path)
    ],
)
def test_pypi_package_suite_is_identical_after_the_default_split(tmp_path: Path, package: str) -> None:
    _assert_identical(_prove("pypi.py", package, tmp_path))


@pytest.mark.parametrize(
    "module",
    [
        "textwrap",
        "difflib",  # issue 9 class 2: doctests are found by __module__ (51 tests, 31 before the fix)
    ],
)
def test_stdlib_suite_is_identical_after_the_default_split(tmp_path: Path, module: str) -> None:
    _assert_identical(_prove("stdlib.py", module, tmp_path))
