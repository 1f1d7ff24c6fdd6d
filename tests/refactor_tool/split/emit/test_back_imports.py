"""A project module the original imports after its first definitions may import it back and read them
while it loads: the facade binds those names before it loads a new module that runs that import."""

from __future__ import annotations

import re
from pathlib import Path

from refactor_tool.split.model import SplitOptions
from refactor_tool.split.use_case import apply_split
from tests.refactor_tool.split.test_hazards import prepared, run_tests


def test_names_defined_above_a_back_importing_import_are_bound_before_it_runs(tmp_path: Path) -> None:
    work, target = prepared("c5_back_import_reads_earlier_names", tmp_path)
    apply_split(target, SplitOptions())
    package = work / "pkg" / "core"
    facade = (package / "__init__.py").read_text()
    loaders = [p.stem for p in package.glob("_[!_]*.py") if "from ..shims import" in p.read_text()]
    loader = min(loaders, key=lambda name: facade.index(f"from .{name} import"))
    marker = re.search(r"^from \.\w+ import \(?[^)]*?\bMarker\b", facade, re.MULTILINE).start()  # its import
    assert marker < facade.index(f"from .{loader} import")
    comment = facade[:marker].rpartition("# Outside `__all__`")[2]
    assert re.sub(r"\s*#\s*", " ", comment).startswith(
        f", and attributes of `pkg.core` as before; bound before `{loader}` loads: it runs the import of core.py:")


def test_names_of_a_later_module_defined_above_a_back_importing_import_are_bound_before_it_runs(
        tmp_path: Path) -> None:
    # The plan puts `lookup`'s module first; `shims`, which its loading imports, reads `core.Marker`.
    work, target = prepared("c5_back_import_reads_earlier_names", tmp_path)
    plan = work / "plan.toml"
    plan.write_text('[modules]\n"_lookup.py" = ["lookup", "lookup_all", "Table"]\n'
                    '"_marker.py" = ["Marker", "marker_names", "is_marker"]\n')
    apply_split(target, SplitOptions(plan_path=plan))
    facade = (work / "pkg" / "core" / "__init__.py").read_text()
    assert facade.index("from ._marker import Marker") < facade.index("from ._lookup import")
    assert "# Bound before `_lookup` loads: it runs the import of core.py:" in facade
    result = run_tests(work)
    assert result.returncode == 0, result.stdout[-2000:]
