"""The facade's helpers (`emit/wiring.py`): the names they give the new modules they import."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from refactor_tool.split.emit import names
from refactor_tool.split.emit.wiring import local_name
from refactor_tool.split.model import SplitOptions
from refactor_tool.split.use_case import plan_split

EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "inventory.py"


def test_a_module_named_like_a_bound_name_gets_another_local_name() -> None:
    """bottle: the late bindings set `request.request = request`, the object, on the new module `request`;
    imported as plain `request`, the module would shadow the object and bind itself."""
    assert local_name("request", frozenset({"request", "depr"})) == "request_module"
    assert local_name("request", frozenset({"request", "request_module"})) == "request_module_module"
    assert local_name("parser", frozenset({"request"})) == "parser"


def _forwarding_helper(path: Path, **options: int) -> str:
    """The source of the facade's `_forward_patches` in a split of `path`."""
    planned = plan_split(path, SplitOptions(**options))
    for change in planned.changes:
        tree = ast.parse(change.after or "")
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == names.FORWARD_PATCHES:
                return ast.unparse(node)
    raise AssertionError("no patch-forwarding helper written")


def test_the_patch_forwarding_helper_has_no_reader_table_when_no_project_file_sets_a_name(tmp_path: Path) -> None:
    """inventory's settings (DEFAULT_CURRENCY, ...) are forwarded to the modules binding them: no file of
    the project sets a name on it, so the helper carries no (empty) table of where such names are read."""
    shutil.copy(EXAMPLE, tmp_path / "inventory.py")
    helper = _forwarding_helper(tmp_path / "inventory.py")
    assert "readers" not in helper
    assert "for m in modules" in helper


def test_names_project_files_set_are_forwarded_where_they_are_read(tmp_path: Path, ping_pong) -> None:
    """`tests/test_core.py` sets `pkg.core.pong`: the helper sends it to the module reading it."""
    helper = _forwarding_helper(ping_pong(tmp_path), max_lines=40)
    assert "readers = {'pong':" in helper
