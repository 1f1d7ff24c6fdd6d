"""The merge use case: one transaction for every file, shims that keep importers working, UTF-8 out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tool.merging.use_case import merge

LATIN1 = '# -*- coding: latin-1 -*-\n"""Caf\xe9."""\n\nNAME = "caf\xe9"\n'


def _package(root: Path) -> Path:
    (root / "pkg").mkdir()
    (root / "pkg/__init__.py").write_text("")
    (root / "pkg/a.py").write_text("from pkg.b import helper\n\n\ndef run():\n    return helper() * 2\n")
    (root / "pkg/b.py").write_text("LIMIT = 3\n\n\ndef helper():\n    return 21\n\n\nclass Thing:\n    pass\n")
    (root / "pkg/user.py").write_text("from pkg.a import run\nfrom pkg.b import Thing, helper\n")
    return root / "pkg"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _python(root: Path, program: str) -> str:
    done = subprocess.run([sys.executable, "-c", program], cwd=root, capture_output=True, text=True,
                          encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_merged_modules_become_shims_and_importers_get_the_merged_objects(tmp_path: Path) -> None:
    pkg = _package(tmp_path)
    outcome = merge([pkg / "a.py", pkg / "b.py"], pkg / "core.py")
    assert outcome.written and outcome.deleted == ()
    program = "import pkg.user as u, pkg.core as c, pkg.a, pkg.b; print(u.run(), u.Thing is c.Thing, pkg.b.LIMIT)"
    assert _python(tmp_path, program) == "42 True 3"
    assert "def helper" not in (pkg / "b.py").read_text()  # one definition left: the merged one


@pytest.mark.parametrize("delete_sources", [False, True])
def test_a_failed_write_of_the_last_file_leaves_every_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, delete_sources: bool
) -> None:
    pkg = _package(tmp_path)
    before = _snapshot(tmp_path)
    last = pkg / "b.py"  # the changes are the merged module, then a.py, then b.py
    real_replace, real_unlink = os.replace, Path.unlink

    def replace(source: object, target: object) -> None:
        if Path(str(target)) == last:
            raise PermissionError(13, "Permission denied", str(target))
        real_replace(source, target)  # type: ignore[arg-type]

    def unlink(path: Path, missing_ok: bool = False) -> None:
        if path == last:
            raise PermissionError(13, "Permission denied", str(path))
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(PermissionError):
        merge([pkg / "a.py", pkg / "b.py"], pkg / "core.py", delete_sources=delete_sources)
    monkeypatch.undo()
    assert _snapshot(tmp_path) == before


def test_deleting_the_sources_also_removes_their_emptied_package(tmp_path: Path) -> None:
    pkg = tmp_path / "geo"
    pkg.mkdir()
    (pkg / "__init__.py").write_text('"""Geometry."""\nfrom ._shapes import area\n')
    (pkg / "_shapes.py").write_text("def area(side):\n    return side * side\n")
    (pkg / "__pycache__").mkdir()
    (pkg / "__pycache__" / "_shapes.cpython-311.pyc").write_bytes(b"")
    merge([pkg / "__init__.py", pkg / "_shapes.py"], tmp_path / "geo.py", delete_sources=True)
    assert not pkg.exists()
    assert _python(tmp_path, "import geo; print(geo.__doc__, geo.area(3))") == "Geometry. 9"


def test_a_package_main_left_behind_runs_the_merged_module_as_a_script(tmp_path: Path) -> None:
    pkg = _package(tmp_path)
    (pkg / "__main__.py").write_text("from pkg.a import run\n\nif __name__ == '__main__':\n    print(run())\n")
    merge([pkg / "a.py", pkg / "b.py", pkg / "__main__.py"], pkg / "core.py")
    done = subprocess.run([sys.executable, "-m", "pkg"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, "42\n"), done.stderr


def test_a_latin1_module_is_merged_into_utf8_and_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    pkg = _package(tmp_path)
    (pkg / "b.py").write_bytes(LATIN1.encode("latin-1") + b"\n\ndef helper():\n    return 21\n")
    before = _snapshot(tmp_path)
    dry = merge([pkg / "b.py", pkg / "a.py"], pkg / "core.py", dry_run=True)
    assert '+NAME = "caf\xe9"' in dry.diff and "--- /dev/null" in dry.diff
    assert _snapshot(tmp_path) == before
    merge([pkg / "b.py", pkg / "a.py"], pkg / "core.py")
    merged = (pkg / "core.py").read_bytes().decode("utf-8")
    assert "coding" not in merged and merged.startswith('"""Caf\xe9."""')
    assert _python(tmp_path, "import pkg.b as b; print(b.NAME, b.helper())") == "caf\xe9 21"
