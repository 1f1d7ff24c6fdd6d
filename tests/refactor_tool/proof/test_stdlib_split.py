"""Proof on real code: split standard-library modules and run CPython's own test suites against them.

Each module is copied into a temporary directory, split there with the default options (only the
layout varies), and the directory is put first on `PYTHONPATH`; the suite must pass with
exactly the counts it reports for the unsplit module in the same run. The quick suites run by default,
the long ones under the `slow` marker.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest
from proof_harness import SuiteRun, copy_module, failure_summary, imported_file, run_suite, split

MAX_LINES = 400

QUICK = [
    ("textwrap", "test_textwrap"),
    ("difflib", "test_difflib"),
    ("configparser", "test_configparser"),
]
SLOW = [("argparse", "test_argparse"), ("tarfile", "test_tarfile"), ("_pydecimal", "test_decimal")]
LAYOUTS = ["package", "shim"]


@functools.cache
def baseline(suite: str) -> SuiteRun:
    """The suite on the unsplit standard library, measured in this run rather than written down."""
    run = run_suite(suite, None)
    assert run.result == "SUCCESS", failure_summary(run)
    return run


def _python_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _over_limit(root: Path) -> dict[str, int]:
    """Modules at or over the limit, except those holding one definition that is itself that long.

    Moving statements cannot shrink a single 600-line class; the plan names such a definition instead.
    """
    found = {}
    for path in _python_files(root):
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines < MAX_LINES:
            continue
        sizes = [
            n.end_lineno - n.lineno + 1 for n in ast.parse(text).body if n.end_lineno is not None
        ]
        if max(sizes, default=0) < MAX_LINES:
            found[str(path.relative_to(root))] = lines
    return found


def check_split_suite(tmp_path: Path, module: str, suite: str, layout: str) -> None:
    root = tmp_path / "lib"
    original = copy_module(module, root)
    split(original, "--layout", layout, "--max-lines", str(MAX_LINES))

    files = _python_files(root)
    assert len(files) >= 3, "the split did not really make several modules"
    assert not _over_limit(root), "modules over the limit"
    expected = root / f"{module}.py" if layout == "shim" else root / module / "__init__.py"
    assert expected.is_file()
    assert Path(imported_file(module, root)) == expected, (
        "the suite would not test the split module"
    )

    run = run_suite(suite, root, module)
    reference = baseline(suite)
    assert (run.result, run.counts) == (reference.result, reference.counts), failure_summary(run)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("module", "suite"), QUICK, ids=[m for m, _ in QUICK])
def test_cpython_suite_passes_on_the_split_module(
    tmp_path: Path, module: str, suite: str, layout: str
) -> None:
    check_split_suite(tmp_path, module, suite, layout)


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("module", "suite"), SLOW, ids=[m for m, _ in SLOW])
def test_cpython_suite_passes_on_the_split_module_slow(
    tmp_path: Path, module: str, suite: str, layout: str
) -> None:
    check_split_suite(tmp_path, module, suite, layout)
