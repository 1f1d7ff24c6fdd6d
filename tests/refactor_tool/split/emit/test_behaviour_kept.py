"""After a split the program behaves as before: same names, same objects, same values (both layouts)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import main
from refactor_tool.split.model import Layout, SplitOptions, WarningKind
from refactor_tool.split.use_case import apply_split


@pytest.mark.parametrize("layout", [Layout.PACKAGE, Layout.SHIM])
def test_kitchen_sink_behaves_the_same(kitchen: tuple[Path, Path], layout: Layout, probe, run_python) -> None:
    before, after = kitchen
    result = apply_split(after / "pkg" / "core.py", SplitOptions(max_lines=40, layout=layout, layout_given=True))
    assert result.planned.plan.layout is layout and len(result.planned.plan.modules) >= 2
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
    apply_split(after / "pkg" / "core.py", SplitOptions(max_lines=40, layout=Layout.PACKAGE, layout_given=True))
    assert (after / "pkg" / "core" / "__main__.py").is_file()
    old, new = run_python(before, module="pkg.core"), run_python(after, module="pkg.core")
    assert new.returncode == 0, new.stderr
    assert new.stdout == old.stdout == "MAIN!\n"


def test_a_module_that_runs_as_a_script_keeps_its_file_by_default(kitchen: tuple[Path, Path], run_python) -> None:
    """`if __name__ == "__main__":` means someone runs the file: without --layout the shim keeps it (by path,
    for a top-level module, is the hazard case `9_file_and_script`)."""
    before, after = kitchen
    result = apply_split(after / "pkg" / "core.py", SplitOptions(max_lines=40))
    plan = result.planned.plan
    assert plan.layout is Layout.SHIM and (after / "pkg" / "core.py").is_file() and (after / "pkg" / "_core").is_dir()
    guard = next(n + 1 for n, line in enumerate((before / "pkg" / "core.py").read_text().splitlines())
                 if line.startswith("if __name__ =="))
    assert [(w.kind, w.line) for w in plan.warnings if w.kind is WarningKind.SHIM_LAYOUT] == [
        (WarningKind.SHIM_LAYOUT, guard)]
    assert run_python(after, module="pkg.core").stdout == run_python(before, module="pkg.core").stdout == "MAIN!\n"


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


def test_a_class_kept_in_the_shim_imports_its_parts_from_the_private_package(tmp_path: Path) -> None:
    """pickle keeps `_Pickler` in its shim (it runs as a script) while the class body splits: the class
    statement in `pickle.py` imports its methods from `_pickle_parts/`, not from `.` (a top-level module)."""
    source = Path(sysconfig.get_paths()["stdlib"]) / "pickle.py"
    shutil.copy(source, tmp_path / "pickle.py")
    result = CliRunner().invoke(main, ["split", str(tmp_path / "pickle.py"), "--format", "json"])
    assert result.exit_code in (0, 1), result.output  # 1: a limit not met, the files written and verified
    data = json.loads(result.output)
    assert data["verification"]["passed"] and (tmp_path / "_pickle_parts").is_dir()
    assert "    from _pickle_parts._pickler_save import (" in (tmp_path / "pickle.py").read_text()
    probe = ("import pickle, sys; assert pickle.__file__ == sys.argv[1]; "
             "print(pickle._Pickler.save_global.__module__, pickle.loads(pickle._dumps({'a': [1, 2.5]})))")
    ran = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "pickle.py")], cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(tmp_path)}, capture_output=True, text=True,
                         timeout=60, check=False)
    assert (ran.returncode, ran.stdout) == (0, "pickle {'a': [1, 2.5]}\n"), ran.stderr


def test_typing_itself_splits_into_modules_that_import(tmp_path: Path) -> None:
    """The modules of a split `typing` cannot `from typing import TYPE_CHECKING` while typing loads."""
    shutil.copy(Path(sysconfig.get_paths()["stdlib"]) / "typing.py", tmp_path / "typing.py")
    result = CliRunner().invoke(main, ["split", str(tmp_path / "typing.py"), "--format", "json"])
    data = json.loads(result.output)
    assert result.exit_code in (0, 1) and data["verification"]["passed"], result.output[-2000:]
    texts = [p.read_text() for p in (tmp_path / "typing").glob("_*.py")]
    assert texts and not [line for t in texts for line in t.splitlines() if line.startswith("from typing import")]


def test_a_split_imports_typing_only_where_the_module_did(tmp_path: Path) -> None:
    """`typing` imports `re`, which imports `enum`: had the split `enum` imported `typing` (to declare its
    late names) it would no longer load first."""
    shutil.copy(Path(sysconfig.get_paths()["stdlib"]) / "enum.py", tmp_path / "enum.py")
    result = CliRunner().invoke(main, ["split", str(tmp_path / "enum.py"), "--format", "json"])
    data = json.loads(result.output)  # exit 1 as well: EnumType and its users share one module over the limit
    assert result.exit_code in (0, 1) and data["verification"]["passed"], result.output[-2000:]
    texts = [p.read_text() for p in (tmp_path / "enum").glob("_*.py")]
    assert any("_TYPE_CHECKING = False" in t for t in texts) and not any("from typing" in t for t in texts)
    probe = "import enum, re; print(enum.__file__.endswith('__init__.py'), re.RegexFlag.ASCII.name)"
    ran = subprocess.run([sys.executable, "-S", "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(tmp_path)}, timeout=60, check=False)
    assert (ran.returncode, ran.stdout) == (0, "True ASCII\n"), ran.stderr


def test_a_split_ipaddress_imports(tmp_path: Path) -> None:
    """`_IPv4Constants` makes an `IPv4Network` while ipaddress loads; its `__init__` runs the inherited
    `_BaseV4._make_netmask`, which needs `IPv4Address` then, not only once every module is loaded."""
    shutil.copy(Path(sysconfig.get_paths()["stdlib"]) / "ipaddress.py", tmp_path / "ipaddress.py")
    result = CliRunner().invoke(main, ["split", str(tmp_path / "ipaddress.py"), "--format", "json"])
    data = json.loads(result.output)
    assert result.exit_code in (0, 1) and data["verification"]["passed"], result.output[-2000:]
    probe = "import ipaddress as ip; print(ip.__file__.endswith('__init__.py'), ip.ip_network('10.0.0.0/8').netmask)"
    ran = subprocess.run([sys.executable, "-S", "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(tmp_path)}, timeout=60, check=False)
    assert (ran.returncode, ran.stdout) == (0, "True 255.0.0.0\n"), ran.stderr



def test_a_facade_over_the_limit_anyway_keeps_forwarding_settings(tmp_path: Path) -> None:
    """typing's facade is over the limit whatever it holds: leaving out the helper that forwards what
    users set would gain nothing, and its suite patches `typing._overload_registry` that `overload` fills."""
    shutil.copy(Path(sysconfig.get_paths()["stdlib"]) / "typing.py", tmp_path / "typing.py")
    result = CliRunner().invoke(main, ["split", str(tmp_path / "typing.py"), "--format", "json"])
    assert result.exit_code in (0, 1) and json.loads(result.output)["verification"]["passed"], result.output[-2000:]
    probe = ("import collections, functools, typing; from unittest import mock\n"
             "fresh = collections.defaultdict(functools.partial(collections.defaultdict, dict))\n"
             "with mock.patch('typing._overload_registry', fresh):\n"
             "    @typing.overload\n"
             "    def f(x: int) -> int: ...\n"
             "print(typing.__file__.endswith('__init__.py'), len(fresh), len(typing._overload_registry))")
    ran = subprocess.run([sys.executable, "-S", "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(tmp_path)}, timeout=60, check=False)
    assert (ran.returncode, ran.stdout) == (0, "True 1 0\n"), ran.stderr


def test_a_split_package_init_still_runs_by_path(tmp_path: Path) -> None:
    """`python pkg/__init__.py` (tabulate's CLI tests do it): the facade's relative imports need its package."""
    pad = "    # pad\n" * 30
    functions = "".join(f"\n\ndef part_{n}(x):\n{pad}    return x + {n}\n" for n in range(4))
    source = f'"""A package."""\n{functions}\n\nif __name__ == "__main__":\n    print(part_3(1))\n'
    (tmp_path / "pk").mkdir()
    (tmp_path / "pk" / "__init__.py").write_text(source)
    result = apply_split(tmp_path / "pk" / "__init__.py", SplitOptions(max_lines=60))
    assert len(result.planned.plan.modules) >= 2
    ran = subprocess.run([sys.executable, "-I", str(tmp_path / "pk" / "__init__.py")], cwd=tmp_path,
                         capture_output=True, text=True, timeout=60, check=False)
    assert (ran.returncode, ran.stdout) == (0, "4\n"), ran.stderr
