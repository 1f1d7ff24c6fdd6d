"""A module typeguard's `@typechecked` re-reads ends by naming what it defined as the old module: the code
doing it reads clean to linters (no F821 for a helper it deletes once done) and still reaches the
classes nested in what it renames."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.refactor_tool.split.test_hazards import prepared, run_tests, split

CASES = ["c3_decorator_reads_module_source", "c3_decorator_reads_class_part_source"]


def _findings(folder: Path, *paths: str) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F,E9", "--no-cache", "--isolated",
                           "--output-format", "concise", *paths], cwd=folder, capture_output=True, text=True)
    return [line for line in done.stdout.splitlines() if ".py:" in line]


@pytest.mark.parametrize("case", CASES)
def test_renaming_what_a_module_defined_reads_clean_to_linters(tmp_path: Path, case: str) -> None:
    work, target = prepared(case, tmp_path)
    before = _findings(work, target.name)
    split(case, target)
    renaming = [p for p in work.rglob("*.py") if "def _named_as_before" in p.read_text()]
    assert renaming, "the case no longer makes a module rename what it defined"
    assert _findings(work, *(str(p.relative_to(work)) for p in renaming)) == []
    assert len(_findings(work, ".")) <= len(before)
    assert run_tests(work).returncode == 0
