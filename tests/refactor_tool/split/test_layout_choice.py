"""`choose_layout` on a module that other project code depends on being a file: the shim layout, and
where that code may run the module by its path (the shim then prepares for being `__main__`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_tool.split.inputs import choose_layout
from refactor_tool.split.model import Layout, SplitOptions

CASES = {
    "reads __package__": ("import mod\n\nPKG = mod.__package__\n", None),
    "reads __file__": ("import subprocess, sys\n\nimport mod\n\n"
                       "subprocess.run([sys.executable, mod.__file__])\n", "test_mod.py:5"),
    "names the file": ("import subprocess, sys\n\nsubprocess.run([sys.executable, 'pkgs/mod.py'])\n",
                       "test_mod.py:3"),
}


@pytest.mark.parametrize("case", CASES)
def test_other_code_needing_the_file_keeps_the_shim_and_says_if_it_runs_it(tmp_path: Path, case: str) -> None:
    test_text, run_by_path = CASES[case]
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    module = tmp_path / "mod.py"
    module.write_text("def f():\n    return 1\n")
    (tmp_path / "test_mod.py").write_text(test_text)
    options = choose_layout(module, module.read_text(), SplitOptions())
    assert options.layout is Layout.SHIM
    assert options.layout_reason is not None and options.layout_reason.startswith("test_mod.py:")
    assert options.run_by_path == run_by_path


def test_a_module_nothing_depends_on_as_a_file_becomes_a_package(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'p'\n")
    module = tmp_path / "mod.py"
    module.write_text("def f():\n    return 1\n")
    (tmp_path / "test_mod.py").write_text("import mod\n\nassert mod.f() == 1\n")
    options = choose_layout(module, module.read_text(), SplitOptions())
    assert (options.layout, options.run_by_path) == (Layout.PACKAGE, None)
