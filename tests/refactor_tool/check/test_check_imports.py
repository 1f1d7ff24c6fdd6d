from __future__ import annotations

import pytest

from refactor_tool.check.facts import ImportFact, Scope
from refactor_tool.check.imports import absolute_module, import_edges, is_test_file, module_index
from refactor_tool.check.read import read_facts


def test_module_names_follow_packages_and_put_loose_files_at_the_top() -> None:
    index = module_index(["pkg/__init__.py", "pkg/sub/__init__.py", "pkg/sub/mod.py", "src/lib/__init__.py",
                          "src/lib/x.py", "tests/unit/test_mod.py", "scripts/run.py", "notes/__init__.py",
                          "bad-name/mod.py", "README.md"])
    assert index.by_path == {
        "bad-name/mod.py": "mod", "notes/__init__.py": "notes", "pkg/__init__.py": "pkg",
        "pkg/sub/__init__.py": "pkg.sub", "pkg/sub/mod.py": "pkg.sub.mod", "scripts/run.py": "run",
        "src/lib/__init__.py": "lib", "src/lib/x.py": "lib.x", "tests/unit/test_mod.py": "test_mod"}


@pytest.mark.parametrize(
    ("importer", "package", "level", "module", "expected"),
    [("pkg.sub.mod", False, 1, "", "pkg.sub"), ("pkg.sub.mod", False, 2, "other", "pkg.other"),
     ("pkg.sub", True, 1, "mod", "pkg.sub.mod"), ("pkg.mod", False, 3, "x", None), ("a", False, 0, "b.c", "b.c")],
)
def test_relative_imports_resolve_as_python_does(importer: str, package: bool, level: int, module: str,
                                                 expected: str | None) -> None:
    fact = ImportFact(module, ("name",), level, 1, Scope.MODULE)
    assert absolute_module(importer, package, fact) == expected


def test_edges_go_to_the_deepest_module_named() -> None:
    files = {
        "pkg/__init__.py": b"from pkg import core, VERSION\n",
        "pkg/core.py": b"import pkg.util.deep\nfrom . import util\nfrom .util import helper\ndef f():\n    import pkg\n",
        "pkg/util/__init__.py": b"",
        "pkg/util/deep.py": b"import os\n",
        "pkg/util/helper.py": b"",
    }
    index = module_index(files)
    edges = import_edges(index, {path: read_facts(data) for path, data in files.items()})
    assert sorted((e.importer, e.imported, e.line, e.scope.name) for e in edges) == [
        ("pkg", "pkg.core", 1, "MODULE"),
        ("pkg.core", "pkg", 5, "FUNCTION"),
        ("pkg.core", "pkg.util", 2, "MODULE"),
        ("pkg.core", "pkg.util.deep", 1, "MODULE"),
        ("pkg.core", "pkg.util.helper", 3, "MODULE"),
    ]


def test_test_files_are_recognised_by_folder_and_name() -> None:
    assert all(map(is_test_file, ["tests/a.py", "pkg/test_x.py", "pkg/x_test.py", "conftest.py"]))
    assert not any(map(is_test_file, ["pkg/testing_helpers.py", "pkg/contest.py"]))
