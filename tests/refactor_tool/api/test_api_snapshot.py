"""Snapshot files: a faithful round trip, stable text, and a clear error for another format version."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from api_cases import BIG, module, split
from api_trees import surface_of, write_tree

from refactor_tool.api import FORMAT_VERSION, diff_surfaces, load
from refactor_tool.api import snapshot as snapshot_file
from refactor_tool.api.use_case import api_diff, take_snapshot
from refactor_tool.errors import InputError


def test_round_trip_keeps_every_entry(tmp_path: Path) -> None:
    surface = surface_of(tmp_path, split())
    again = snapshot_file.from_json_data(json.loads(snapshot_file.dumps(surface)))
    assert again.entries == surface.entries  # file and line are not part of an entry's identity
    assert again.package == surface.package and again.dynamic_modules == surface.dynamic_modules


def test_text_is_sorted_and_free_of_machine_details(tmp_path: Path) -> None:
    surface = surface_of(tmp_path, module())
    text = snapshot_file.dumps(surface)
    data = json.loads(text)
    assert list(data["entries"]) == sorted(data["entries"])
    assert data["format_version"] == FORMAT_VERSION
    assert str(tmp_path) not in text and '"line"' not in text
    assert snapshot_file.dumps(surface_of(tmp_path / "again", module())) == text


def test_snapshot_then_diff_against_the_source(tmp_path: Path) -> None:
    write_tree(tmp_path, module())
    result = take_snapshot(str(tmp_path / "mypkg"), output=tmp_path / "reports/mypkg.json", cwd=tmp_path)
    assert result.written == tmp_path / "reports/mypkg.json"
    (tmp_path / "mypkg/big.py").write_text(BIG.replace("def helper(x, y):", "def helper(x):"))
    diff = api_diff(str(tmp_path / "reports/mypkg.json"), str(tmp_path / "mypkg"), cwd=tmp_path).diff
    assert {(f.kind.slug, f.path) for f in diff.findings} == {("parameter-removed", "mypkg.big.helper")}


def test_other_format_version_is_an_input_error(tmp_path: Path) -> None:
    data = snapshot_file.to_json_data(surface_of(tmp_path, module()))
    data["format_version"] = FORMAT_VERSION + 1
    path = tmp_path / "future.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InputError) as raised:
        load(str(path), cwd=tmp_path)
    line = raised.value.one_line()
    assert line.startswith(f"{path}: snapshot format version {FORMAT_VERSION + 1}") and "\n" not in line


@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json", "not valid JSON"), ('{"format": "other"}', "not an API surface snapshot"),
     ('{"format": "refactor-tool/api-surface", "format_version": 1}', "malformed snapshot")],
)
def test_unreadable_snapshots(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        load(str(path), cwd=tmp_path)


def test_snapshot_with_a_syntax_error_writes_nothing(tmp_path: Path) -> None:
    write_tree(tmp_path, {**module(), "mypkg/broken.py": "x = (\n"})
    result = take_snapshot(str(tmp_path / "mypkg"), output=tmp_path / "out.json", cwd=tmp_path)
    assert result.written is None and not (tmp_path / "out.json").exists()
    assert result.exit_code == 2
    assert "mypkg.big.Widget.grow" in result.surface.by_path()  # the rest is still computed


def test_unparsable_module_is_not_reported_as_removed(tmp_path: Path) -> None:
    old = surface_of(tmp_path / "a", {**module(), "mypkg/extra.py": "def kept(): ...\n"})
    new = surface_of(tmp_path / "b", {**module(BIG.replace("def helper(x, y):", "def helper(x):")),
                                      "mypkg/extra.py": "def kept(:\n"})
    diff = diff_surfaces(old, new)
    assert {f.path for f in diff.findings} == {"mypkg.big.helper"}
    assert [p.file for p in diff.problems] == ["mypkg/extra.py"]
    assert diff.exit_code == 2


def test_a_latin1_module_with_its_cookie_is_read_and_rewriting_a_snapshot_replaces_it(tmp_path: Path) -> None:
    (tmp_path / "mypkg").mkdir()
    (tmp_path / "mypkg/__init__.py").write_text("from .caf import greet\n")
    (tmp_path / "mypkg/caf.py").write_bytes("# -*- coding: latin-1 -*-\n\n\ndef greet(name='caf\xe9'):\n    pass\n".encode("latin-1"))
    output = tmp_path / "reports/mypkg.json"
    first = take_snapshot(str(tmp_path / "mypkg"), output=output, cwd=tmp_path)
    assert not first.surface.problems and "mypkg.greet" in json.loads(output.read_text())["entries"]
    output.write_text("stale")
    take_snapshot(str(tmp_path / "mypkg"), output=output, cwd=tmp_path)
    assert json.loads(output.read_text())["package"] == "mypkg"
