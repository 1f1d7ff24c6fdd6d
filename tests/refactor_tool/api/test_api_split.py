"""A split made by `refactor-tool split` on standard-library modules keeps the whole surface;
deleting one re-export from the new `__init__.py` is reported as exactly that path.
"""

from __future__ import annotations

import ast
import shutil
import sysconfig
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from refactor_tool.api import diff_surfaces, load
from refactor_tool.cli import main

STDLIB = Path(sysconfig.get_paths()["stdlib"])
SPLIT_AVAILABLE = main.get_command(click.Context(main), "split") is not None

pytestmark = pytest.mark.skipif(not SPLIT_AVAILABLE, reason="`refactor-tool split` is not available in this build")


def _split(tmp_path: Path, name: str, *options: str) -> tuple[Path, Path]:
    """old/NAME.py (untouched copy) and new/NAME/ (the split package)."""
    for side in ("old", "new"):
        (tmp_path / side).mkdir()
        shutil.copy(STDLIB / f"{name}.py", tmp_path / side / f"{name}.py")
    result = CliRunner().invoke(main, ["split", str(tmp_path / "new" / f"{name}.py"), *options])
    assert result.exit_code == 0, result.output
    if "shim" in options:  # NAME.py stays, re-exporting from the companion package _NAME/
        assert (tmp_path / "new" / f"_{name}" / "__init__.py").is_file()
        return tmp_path / "old" / f"{name}.py", tmp_path / "new" / f"{name}.py"
    assert (tmp_path / "new" / name / "__init__.py").is_file()
    return tmp_path / "old" / f"{name}.py", tmp_path / "new" / name


def _drop_reexport(init: Path, name: str) -> None:
    """Rewrite the `from ._x import ...` statement that binds `name` without it (nothing else changes)."""
    text = init.read_text(encoding="utf-8")
    tree = ast.parse(text)
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any((a.asname or a.name) == name for a in node.names):
            node.names = [a for a in node.names if (a.asname or a.name) != name]
            lines = text.splitlines(keepends=True)
            replacement = ast.unparse(node) + "\n" if node.names else ""
            lines[node.lineno - 1 : node.end_lineno] = [replacement]
            init.write_text("".join(lines), encoding="utf-8")
            return
    raise AssertionError(f"{name} is not re-exported by {init}")


CASES = [
    pytest.param("textwrap", ("--max-lines", "200", "--layout", "package"), "dedent", id="textwrap"),
    pytest.param("textwrap", ("--max-lines", "200", "--layout", "shim"), "TextWrapper", id="textwrap-shim"),
    pytest.param("argparse", (), "ArgumentParser", id="argparse", marks=pytest.mark.slow),
    pytest.param("argparse", ("--split-classes",), "FileType", id="argparse-mixins", marks=pytest.mark.slow),
]


@pytest.mark.parametrize(("module", "options", "dropped"), CASES)
def test_split_keeps_the_surface_and_a_dropped_reexport_is_exactly_reported(
    tmp_path: Path, module: str, options: tuple[str, ...], dropped: str
) -> None:
    old_file, package = _split(tmp_path, module, *options)
    before = load(str(old_file), cwd=tmp_path).surface
    after = load(str(package), cwd=tmp_path).surface
    assert len(before.entries) > 20
    diff = diff_surfaces(before, after)
    assert diff.findings == () and not diff.problems

    _drop_reexport(package / "__init__.py" if package.is_dir() else package, dropped)
    broken = diff_surfaces(before, load(str(package), cwd=tmp_path).surface)
    assert [(f.kind.slug, f.path) for f in broken.findings] == [("path-removed", f"{module}.{dropped}")]
    assert broken.exit_code == 1


@pytest.mark.slow
def test_split_that_serves_a_rebound_global_through_getattr(tmp_path: Path) -> None:
    """pydoc rebinds `pager` at run time, so the split serves it from a module `__getattr__`: statically a
    warning (the name is dynamic now), and importing the split package proves it still resolves. (pydoc runs
    as a script, so by default it would take the shim layout; the package layout is asked for.)"""
    from refactor_tool.api.use_case import api_diff

    old_file, package = _split(tmp_path, "pydoc", "--layout", "package")
    static = api_diff(str(old_file), str(package), cwd=tmp_path).diff
    assert [(f.kind.slug, f.path, f.breaking) for f in static.findings] == [("now-dynamic", "pydoc.pager", False)]
    imported = api_diff(str(old_file), str(package), cwd=tmp_path, use_import=True)
    assert imported.diff.findings == () and imported.probed == ("pydoc.pager",)
