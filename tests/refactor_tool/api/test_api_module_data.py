"""A module's `ModuleInfo` survives the trip through the check's cache (JSON on disk, marshal from a forked
child) unchanged, for every module of this repository's packages and of the standard library's `email`,
`json` and `asyncio`; and a diff read with a `ModuleCache` finds what one without it finds."""

from __future__ import annotations

import json
import marshal
import sysconfig
from pathlib import Path

import pytest
from api_cases import BIG, split
from api_trees import write_tree

import refactor_tool.api.sources as api_sources
from refactor_tool.api.module_data import ModuleCache, module_as_data, module_from_data
from refactor_tool.api.use_case import api_diff
from refactor_tool.io.fact_cache import FactCache

REPO = Path(__file__).resolve().parents[3]
STDLIB = Path(sysconfig.get_paths()["stdlib"])


@pytest.mark.parametrize("folder", [REPO / "refactor_tool", REPO / "bit_ttt", STDLIB / "email", STDLIB / "json",
                                    STDLIB / "asyncio"], ids=lambda folder: folder.name)
def test_every_module_round_trips_through_json_and_marshal(folder: Path) -> None:
    modules = api_sources.modules_of(api_sources.read_directory(folder))
    assert len(modules) >= 5
    for info in modules.values():
        data = module_as_data(info)
        assert module_from_data(json.loads(json.dumps(data))) == info, info.name
        assert module_from_data(marshal.loads(marshal.dumps(data))) == info, info.name


def test_a_diff_read_from_the_cache_finds_what_a_fresh_one_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_tree(tmp_path / "old", {"mypkg/__init__.py": "", "mypkg/big.py": BIG})
    files = split(init="from ._widgets import Base, Widget\nfrom ._helpers import make_widget\nfrom ._rest import fetch\n")
    files["mypkg/big/_helpers.py"] = files["mypkg/big/_helpers.py"].replace("def make_widget(size=2)", "def make_widget(size)")
    write_tree(tmp_path / "new", files)
    old, new = str(tmp_path / "old/mypkg"), str(tmp_path / "new/mypkg")
    fresh = api_diff(old, new, cwd=tmp_path)
    cache = FactCache(tmp_path / "cache", "check")
    first = api_diff(old, new, cwd=tmp_path, known=ModuleCache(cache, "test"))
    assert [len(entries) for entries in cache.changes()["put"].values()] == [6]  # one mypkg/__init__.py for both sides
    cache.save()

    def no_parse(*args: object, **options: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(api_sources, "read_module", no_parse)
    api_sources._read_module.cache_clear()
    second = api_diff(old, new, cwd=tmp_path, known=ModuleCache(FactCache(tmp_path / "cache", "check"), "test"))
    assert fresh.diff.findings  # the changed signature of make_widget, among others
    assert first.diff.findings == fresh.diff.findings == second.diff.findings
