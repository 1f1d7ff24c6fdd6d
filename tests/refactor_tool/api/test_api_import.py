"""`--import`: what only import shows (loops, computed `__all__`, `__getattr__` shims), in a subprocess."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from api_cases import SPLIT_INIT, module, split
from api_trees import write_tree

from refactor_tool.api import EntryKind
from refactor_tool.api.use_case import api_diff, take_snapshot

OPAQUE_SHIM = '''

def __getattr__(name):
    from . import _rest
    value = getattr(_rest, name, None)
    if value is None or name.startswith("_"):
        raise AttributeError(name)
    return value
'''


def _trees(tmp_path: Path, new_init: str) -> tuple[str, str]:
    write_tree(tmp_path / "old", module())
    write_tree(tmp_path / "new", split(init=new_init))
    return str(tmp_path / "old/mypkg"), str(tmp_path / "new/mypkg")


def test_shim_that_reads_names_is_settled_by_import(tmp_path: Path) -> None:
    """Statically the shim's names cannot be read, so `helper` is reported; importing proves it still works."""
    init = SPLIT_INIT.replace("from ._rest import _private, fetch, helper", "from ._rest import fetch") + OPAQUE_SHIM
    old, new = _trees(tmp_path, init)
    static = api_diff(old, new, cwd=tmp_path).diff
    (finding,) = static.findings
    assert (finding.kind.slug, finding.path) == ("path-removed", "mypkg.big.helper")
    assert "__getattr__" in finding.detail
    imported = api_diff(old, new, cwd=tmp_path, use_import=True)
    assert imported.probed == ("mypkg.big.helper",)
    assert imported.diff.findings == () and imported.exit_code == 0


def test_shim_that_does_not_serve_the_name_stays_a_removal(tmp_path: Path) -> None:
    init = SPLIT_INIT.replace("from ._rest import _private, fetch, helper", "from ._rest import fetch")
    init += "\n\ndef __getattr__(name):\n    raise AttributeError(name)\n"
    old, new = _trees(tmp_path, init)
    result = api_diff(old, new, cwd=tmp_path, use_import=True)
    (finding,) = result.diff.findings
    assert (finding.kind.slug, finding.path) == ("path-removed", "mypkg.big.helper")
    assert result.exit_code == 1


def test_named_shim_is_a_warning_statically_and_nothing_once_imported(tmp_path: Path) -> None:
    init = SPLIT_INIT.replace("from ._rest import _private, fetch, helper", "from ._rest import fetch")
    init += "\n\ndef __getattr__(name):\n    if name == 'helper':\n        from ._rest import helper\n        return helper\n    raise AttributeError(name)\n"
    old, new = _trees(tmp_path, init)
    static = api_diff(old, new, cwd=tmp_path).diff
    assert [(f.kind.slug, f.breaking) for f in static.findings] == [("now-dynamic", False)]
    assert api_diff(old, new, cwd=tmp_path, use_import=True).diff.findings == ()


def test_snapshot_import_adds_names_made_at_import_time(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "mypkg/__init__.py": (
            "from ._impl import Widget\n"
            "for _name in ('RED', 'GREEN'):\n    globals()[_name] = len(_name)\n"
            "def __getattr__(name):\n    if name == 'Legacy':\n        return Widget\n    raise AttributeError(name)\n"
        ),
        "mypkg/_impl.py": "class Widget:\n    def __init__(self, size=2): ...\n",
    })
    static = take_snapshot(str(tmp_path / "mypkg"), cwd=tmp_path).surface.by_path()
    assert "mypkg.RED" not in static
    result = take_snapshot(str(tmp_path / "mypkg"), cwd=tmp_path, use_import=True)
    paths = result.surface.by_path()
    assert paths["mypkg.RED"].kind is EntryKind.RUNTIME and paths["mypkg.RED"].value_kind == "int"
    assert paths["mypkg.GREEN"].kind is EntryKind.RUNTIME
    assert paths["mypkg.Legacy"].kind is EntryKind.DYNAMIC and paths["mypkg.Legacy"].value_kind == "class"
    assert "mypkg.os" not in paths and "mypkg.Widget" in paths
    assert any(n.path == "mypkg.Legacy" and "class" in n.message for n in result.notes)


def test_snapshot_import_of_a_git_ref_imports_a_temporary_copy(tmp_path: Path) -> None:
    """The ref's files are written to a temporary folder: the work tree (here emptied) is never imported."""
    write_tree(tmp_path, {**module(), "mypkg/late.py": "for _n in ('A',):\n    globals()[_n] = 1\n"})
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "v1"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True)
    (tmp_path / "mypkg/late.py").unlink()
    result = take_snapshot("git:HEAD:mypkg", cwd=tmp_path, use_import=True)
    assert [(n.path, n.message) for n in result.notes] == [("mypkg.late.A", "only exists at run time (int)")]


def test_names_made_at_import_time_are_not_assumed_removed(tmp_path: Path) -> None:
    """An --import snapshot lists `RED`; a static diff says it was not checked, --import settles it."""
    loop = "for _name in ('RED',):\n    globals()[_name] = 1\n"
    write_tree(tmp_path / "pkg_v1", {"mypkg/__init__.py": loop})
    write_tree(tmp_path / "pkg_v2", {"mypkg/__init__.py": loop + "\ndef added(): ...\n"})
    take_snapshot(str(tmp_path / "pkg_v1/mypkg"), output=tmp_path / "v1.json", cwd=tmp_path, use_import=True)
    static = api_diff(str(tmp_path / "v1.json"), str(tmp_path / "pkg_v2/mypkg"), cwd=tmp_path)
    assert [(f.kind.slug, f.path, f.breaking) for f in static.diff.findings] == [
        ("runtime-unchecked", "mypkg.RED", False)
    ]
    imported = api_diff(str(tmp_path / "v1.json"), str(tmp_path / "pkg_v2/mypkg"), cwd=tmp_path, use_import=True)
    assert imported.diff.findings == () and imported.probed == ("mypkg.RED",)
    (tmp_path / "pkg_v2/mypkg/__init__.py").write_text("def added(): ...\n")
    gone = api_diff(str(tmp_path / "v1.json"), str(tmp_path / "pkg_v2/mypkg"), cwd=tmp_path, use_import=True)
    assert [(f.kind.slug, f.path) for f in gone.diff.findings] == [("path-removed", "mypkg.RED")]


def test_signature_changed_by_a_decorator_is_noted(tmp_path: Path) -> None:
    write_tree(tmp_path, {"mypkg/__init__.py": (
        "def loose(func):\n    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n    return wrapper\n"
        "@loose\ndef strict(a, b): ...\n"
    )})
    result = take_snapshot(str(tmp_path / "mypkg"), cwd=tmp_path, use_import=True)
    assert [(n.path, n.message) for n in result.notes] == [("mypkg.strict", "signature at run time is (args, kwargs)")]


def test_a_package_that_prints_on_import_does_not_spoil_the_answer(tmp_path: Path) -> None:
    write_tree(tmp_path, {"mypkg/__init__.py": "print('hello from import')\nfor _n in ('A',):\n    globals()[_n] = 1\n"})
    result = take_snapshot(str(tmp_path / "mypkg"), cwd=tmp_path, use_import=True)
    assert [n.path for n in result.notes] == ["mypkg.A"]


def test_a_package_that_fails_to_import_is_one_input_error(tmp_path: Path) -> None:
    from refactor_tool.errors import InputError

    write_tree(tmp_path, {"mypkg/__init__.py": "raise RuntimeError('boom')\n"})
    with pytest.raises(InputError, match="boom"):
        take_snapshot(str(tmp_path / "mypkg"), cwd=tmp_path, use_import=True)
