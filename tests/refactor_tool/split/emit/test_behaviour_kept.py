"""After a split the program behaves as before: same names, same objects, same values (both layouts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_tool.split.model import Layout, SplitOptions
from refactor_tool.split.use_case import apply_split


@pytest.mark.parametrize("layout", [Layout.PACKAGE, Layout.SHIM])
def test_kitchen_sink_behaves_the_same(kitchen: tuple[Path, Path], layout: Layout, probe, run_python) -> None:
    before, after = kitchen
    result = apply_split(after / "pkg" / "core.py", SplitOptions(max_lines=40, layout=layout))
    assert len(result.planned.plan.modules) >= 2
    expected, actual = probe(before), probe(after)
    assert actual == expected


def test_moved_classes_keep_their_module_name_by_default(kitchen: tuple[Path, Path], probe) -> None:
    before, after = kitchen
    apply_split(after / "pkg" / "core.py", SplitOptions(max_lines=40))
    assert probe(after)["module_of_widget"] == probe(before)["module_of_widget"] == "pkg.core"


def test_with_new_module_names_moved_classes_name_their_new_module(kitchen: tuple[Path, Path], probe) -> None:
    _, after = kitchen
    result = apply_split(after / "pkg" / "core.py", SplitOptions(max_lines=40, keep_module_name=False))
    home = result.planned.plan.moves_map["pkg.core.Widget"].rpartition(".")[0]
    assert probe(after)["module_of_widget"] == home != "pkg.core"


def test_main_block_still_runs_with_python_m(kitchen: tuple[Path, Path], probe, run_python) -> None:
    before, after = kitchen
    apply_split(after / "pkg" / "core.py", SplitOptions(max_lines=40))
    assert (after / "pkg" / "core" / "__main__.py").is_file()
    old, new = run_python(before, module="pkg.core"), run_python(after, module="pkg.core")
    assert new.returncode == 0, new.stderr
    assert new.stdout == old.stdout == "MAIN!\n"


def test_shim_main_block_stays_in_the_shim(kitchen: tuple[Path, Path], probe, run_python) -> None:
    before, after = kitchen
    apply_split(after / "pkg" / "core.py", SplitOptions(max_lines=40, layout=Layout.SHIM))
    assert (after / "pkg" / "_core").is_dir()
    assert run_python(after, module="pkg.core").stdout == run_python(before, module="pkg.core").stdout


def test_generated_modules_stay_under_the_limit(kitchen: tuple[Path, Path], probe, run_python) -> None:
    _, after = kitchen
    result = apply_split(after / "pkg" / "core.py", SplitOptions(max_lines=40))
    for module in result.planned.plan.modules:
        assert len(Path(module.path).read_text().splitlines()) == module.lines < 40
