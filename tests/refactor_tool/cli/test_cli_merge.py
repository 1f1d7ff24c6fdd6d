"""`refactor-tool merge` end to end: exit codes, nothing written on errors, dry run, undoing a split."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from refactor_tool.cli import main


def _package(root: Path) -> None:
    (root / "pkg").mkdir()
    (root / "pkg/__init__.py").write_text("")
    (root / "pkg/a.py").write_text(
        "from pkg.b import helper\n\n\ndef run():\n    return helper() * 2\n"
    )
    (root / "pkg/b.py").write_text("def helper():\n    return 21\n")


def _invoke(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["merge", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _merge_ab(root: Path, into: str, *extra: str) -> tuple[int, str, str]:
    """Merge the fixture package's `a.py` and `b.py` into `root/into`."""
    return _invoke(root, str(root / "pkg/a.py"), str(root / "pkg/b.py"), "--into", str(root / into), *extra)


def test_merge_writes_the_module_and_keeps_the_sources(tmp_path: Path) -> None:
    _package(tmp_path)
    code, out, _ = _merge_ab(tmp_path, "pkg/core.py")
    assert code == 0 and "merged 2 modules" in out
    assert (tmp_path / "pkg/a.py").exists()
    done = subprocess.run(
        [sys.executable, "-c", "import pkg.core; print(pkg.core.run())"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "42"


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path: Path) -> None:
    _package(tmp_path)
    code, out, _ = _merge_ab(tmp_path, "pkg/core.py", "--dry-run")
    assert code == 0
    assert "+def helper():" in out and "nothing written" in out
    assert not (tmp_path / "pkg/core.py").exists()


def test_json_output_is_one_document(tmp_path: Path) -> None:
    _package(tmp_path)
    code, out, _ = _merge_ab(tmp_path, "pkg/core.py", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["module"] == "pkg.core" and data["dropped_imports"] == 1


def test_a_clash_exits_2_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    _package(tmp_path)
    (tmp_path / "pkg/b.py").write_text(
        "def helper():\n    return 21\n\n\ndef run():\n    return 0\n"
    )
    code, _, err = _merge_ab(tmp_path, "pkg/core.py", "--delete-sources")
    assert code == 2
    assert err.count("\n") == 1 and "`run` in pkg.a, pkg.b" in err
    assert not (tmp_path / "pkg/core.py").exists() and (tmp_path / "pkg/b.py").exists()


def test_an_existing_target_that_is_not_a_source_is_refused(tmp_path: Path) -> None:
    _package(tmp_path)
    (tmp_path / "pkg/core.py").write_text("KEEP = 1\n")
    code, _, err = _merge_ab(tmp_path, "pkg/core.py")
    assert code == 2 and "core.py: already exists" in err
    assert (tmp_path / "pkg/core.py").read_text() == "KEEP = 1\n"


def test_non_utf8_input_is_refused(tmp_path: Path) -> None:
    _package(tmp_path)
    (tmp_path / "pkg/b.py").write_bytes(b"X = '\xff'\n")
    code, _, err = _merge_ab(tmp_path, "pkg/core.py")
    assert code == 2 and "b.py:1: not UTF-8" in err


def test_folding_into_one_of_the_sources_and_deleting_the_rest(tmp_path: Path) -> None:
    _package(tmp_path)
    code, _, _ = _merge_ab(tmp_path, "pkg/a.py", "--delete-sources")
    assert code == 0
    assert not (tmp_path / "pkg/b.py").exists()
    assert "def helper" in (tmp_path / "pkg/a.py").read_text()


def test_undoing_a_package_split_restores_one_module(tmp_path: Path) -> None:
    """A hand-made split (`pkg/core/` with a re-exporting `__init__`) merged back into `pkg/core.py`."""
    core = tmp_path / "pkg/core"
    core.mkdir(parents=True)
    (tmp_path / "pkg/__init__.py").write_text("")
    (core / "__init__.py").write_text(
        '"""Core."""\nfrom ._shapes import Square\nfrom ._util import area\n'
        '__all__ = ["Square", "area"]\n'
    )
    (core / "_util.py").write_text(
        "def area(side):\n    return side * side\n\n\nPUBLIC_EXTRA = 1\n"
    )
    (core / "__main__.py").write_text(
        "from . import area\n\nif __name__ == '__main__':\n    print(area(4))\n"
    )
    (core / "_shapes.py").write_text(
        "from ._util import area\n\n\nclass Square:\n    def __init__(self, s):\n"
        "        self.area = area(s)\n"
    )
    sources = [str(core / n) for n in ("__init__.py", "_shapes.py", "_util.py", "__main__.py")]
    code, _, _ = _invoke(
        tmp_path, *sources, "--into", str(tmp_path / "pkg/core.py"), "--delete-sources"
    )
    assert code == 0 and not core.exists()
    program = "import pkg.core as c; print(c.__doc__, c.__all__, c.Square(3).area, c.__file__.endswith('core.py'))"
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert (
        done.stdout.strip() == "Core. ['Square', 'area'] 9 True"
    )  # the package's __all__, not a union
    script = subprocess.run(
        [sys.executable, "-m", "pkg.core"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert script.stdout == "16\n"  # __main__.py's block is the merged module's script part


def test_merging_into_a_name_a_remaining_package_would_shadow_is_refused(tmp_path: Path) -> None:
    _package(tmp_path)
    (tmp_path / "pkg/core").mkdir()
    (tmp_path / "pkg/core/__init__.py").write_text("")
    code, _, err = _merge_ab(tmp_path, "pkg/core.py")
    assert code == 2 and "would shadow" in err


def test_modules_importing_a_merged_module_are_listed_and_warned_about_only_when_deleted(tmp_path: Path) -> None:
    _package(tmp_path)
    (tmp_path / "pkg/user.py").write_text(
        "import os\n\nfrom . import a\nfrom pkg.b import helper\n"
    )
    code, out, _ = _merge_ab(tmp_path, "pkg/core.py", "--dry-run", "--format", "json")
    user = tmp_path / "pkg/user.py"
    assert code == 0
    assert json.loads(out)["still_imported_by"] == [
        f"{user}:3 imports pkg.a",
        f"{user}:4 imports pkg.b",
    ]
    assert json.loads(out)["shims"] == [str(tmp_path / "pkg/a.py"), str(tmp_path / "pkg/b.py")]
    code, out, err = _merge_ab(tmp_path, "pkg/core.py", "--dry-run")
    assert code == 0 and "imports pkg" not in err  # the shims keep them working
    code, out, err = _merge_ab(tmp_path, "pkg/core.py", "--dry-run", "--delete-sources")
    assert f"{user}:4 imports pkg.b, which --delete-sources removes: point it at pkg.core" in err
    assert "+++ /dev/null" in out


def test_missing_module_and_a_single_module_are_usage_errors(tmp_path: Path) -> None:
    _package(tmp_path)
    into = str(tmp_path / "pkg/core.py")
    missing, _, err = _invoke(
        tmp_path, str(tmp_path / "pkg/a.py"), str(tmp_path / "pkg/nope.py"), "--into", into
    )
    assert missing == 2 and "nope.py: not a Python module file" in err
    single, _, err = _invoke(tmp_path, str(tmp_path / "pkg/a.py"), "--into", into)
    assert single == 2 and "at least two modules" in err
    assert not (tmp_path / "pkg/core.py").exists()
