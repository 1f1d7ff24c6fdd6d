from __future__ import annotations

from refactor_tool.check.dead_code import (
    dead_modules,
    deprecated_exports,
    entry_point_modules,
)
from refactor_tool.check.imports import import_edges, module_index
from refactor_tool.check.limits import RemovalTask
from refactor_tool.check.read import read_facts

PYPROJECT = b"""
[project.scripts]
demo = "pkg.cli:main"
[project.entry-points."demo.plugins"]
extra = "pkg.plugins.extra:Plugin"
"""


def _dead(files: dict[str, bytes]) -> list[str]:
    facts = {path: read_facts(data) for path, data in files.items()}
    index = module_index(files)
    runtime = frozenset(name for name in index.by_name if name == "pkg" or name.startswith("pkg."))
    found = dead_modules(index, import_edges(index, facts), facts, runtime, entry_point_modules(PYPROJECT))
    return [finding.message for finding in found]


def test_what_runs_keeps_modules_alive_and_the_rest_is_dead() -> None:
    files = {
        "pkg/__init__.py": b"from pkg import core\n",
        "pkg/core.py": b"def f():\n    from pkg import lazy\n",
        "pkg/lazy.py": b"",
        "pkg/cli.py": b"from pkg import helpers\n",
        "pkg/helpers.py": b"",
        "pkg/plugins/__init__.py": b"",
        "pkg/plugins/extra.py": b"",
        "pkg/__main__.py": b"import pkg.main_only\n",
        "pkg/main_only.py": b"",
        "pkg/script.py": b"if __name__ == '__main__':\n    pass\n",
        "pkg/by_name.py": b"",
        "pkg/registry.py": b"TABLE = {'x': 'pkg.by_name'}\n",
        "pkg/tested.py": b"",
        "pkg/legacy/__init__.py": b"from pkg.legacy import old\n",
        "pkg/legacy/old.py": b"",
        "tests/test_tested.py": b"import pkg.tested\n",
        "scripts/tool.py": b"import pkg.registry\n",
    }
    assert _dead(files) == ["pkg.legacy: nothing imports it", "pkg.legacy.old: only dead modules import it (pkg.legacy)",
                            "pkg.tested: only tests import it"]


def test_modules_that_only_import_each_other_are_dead_and_say_who_imports_them() -> None:
    files = {"pkg/__init__.py": b"", "pkg/a.py": b"import pkg.b\n", "pkg/b.py": b"from pkg import a\n"}
    assert _dead(files) == ["pkg.a: only dead modules import it (pkg.b)", "pkg.b: only dead modules import it (pkg.a)"]


def test_deprecated_exports_are_reported_when_the_roadmap_asks_for_their_removal() -> None:
    files = {"pkg/__init__.py": b"import warnings\ndef old():\n    warnings.warn('x', DeprecationWarning)\n",
             "tests/test_x.py": b"import warnings\ndef helper():\n    warnings.warn('x', DeprecationWarning)\n"}
    facts = {path: read_facts(data) for path, data in files.items()}
    index = module_index(files)
    task = RemovalTask("remove deprecated exports", 72, True, "ROADMAP.md")
    (finding,) = deprecated_exports(index, facts, frozenset({"pkg"}), task)
    assert (finding.path, finding.line, finding.subject) == ("pkg/__init__.py", 2, "pkg.old")
    assert "ROADMAP.md:72 asks for deprecated exports to be removed (ticked as done)" in finding.message
