"""Proof on real code for `merge`: split a standard-library module, merge the pieces back, run CPython's suite.

Undoing a split is what `merge` is for: the modules a split wrote (package layout: `mod/__init__.py` and
its submodules; shim layout: the shim `mod.py` and `_mod/`) are merged into `mod.py` again and deleted,
and the suite must report exactly what it reports for the untouched module.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from click.testing import CliRunner
from proof_harness import SuiteRun, copy_module, failure_summary, imported_file, run_suite, split

from refactor_tool.cli import main

QUICK = [
    ("textwrap", "test_textwrap"),
    ("difflib", "test_difflib"),
    ("configparser", "test_configparser"),
]
SLOW = [("argparse", "test_argparse"), ("tarfile", "test_tarfile"), ("_pydecimal", "test_decimal")]
#: Beyond the issue's list: modules whose splits carry the most facade wiring (late bindings, `dir()`
#: in `__all__`, computed `__all__`, `__file__`), all of which merge must undo.
MORE = ["pathlib", "pickle", "statistics", "calendar", "tokenize", "inspect"]
SLOW += [(m, f"test_{m}") for m in MORE]


@functools.cache
def baseline(suite: str) -> SuiteRun:
    run = run_suite(suite, None)
    assert run.result == "SUCCESS", failure_summary(run)
    return run


def _pieces(root: Path, module: str, layout: str) -> list[Path]:
    """What the split wrote, the module the pieces are merged into first when it is one of them.

    The shim's private package is whatever new folder the split made (`_mod/`, or `_mod_parts/` when
    `_mod` is taken, as for `_pickle`).
    """
    if layout == "package":
        return sorted((root / module).glob("*.py"))
    folders = [d for d in root.iterdir() if d.is_dir() and d.name != "__pycache__"]
    return [root / f"{module}.py", *sorted(p for d in folders for p in d.glob("*.py"))]


def check_merge_back(tmp_path: Path, module: str, suite: str, layout: str) -> None:
    root = tmp_path / "lib"
    target = copy_module(module, root)
    split(target, "--layout", layout)
    pieces = _pieces(root, module, layout)
    assert len(pieces) >= 3
    args = ["merge", *map(str, pieces), "--into", str(target), "--delete-sources"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in root.iterdir() if p.name != ".refactor_tool") == [target.name]
    assert Path(imported_file(module, root)) == target
    run = run_suite(suite, root, module)
    reference = baseline(suite)
    assert (run.result, run.counts) == (reference.result, reference.counts), failure_summary(run)


@pytest.mark.parametrize("layout", ["package", "shim"])
@pytest.mark.parametrize(("module", "suite"), QUICK, ids=[m for m, _ in QUICK])
def test_split_then_merged_back_module_passes_its_suite(
    tmp_path: Path, module: str, suite: str, layout: str
) -> None:
    check_merge_back(tmp_path, module, suite, layout)


@pytest.mark.slow
@pytest.mark.parametrize("layout", ["package", "shim"])
@pytest.mark.parametrize(("module", "suite"), SLOW, ids=[getattr(case, "id", None) or case[0] for case in SLOW])
def test_split_then_merged_back_module_passes_its_suite_slow(
    tmp_path: Path, module: str, suite: str, layout: str
) -> None:
    check_merge_back(tmp_path, module, suite, layout)
