"""`split/emit/names.py` is the one list of names a split makes up: every such name a split writes is
on it (merge finds the wiring by it), and every name on it is one some split writes."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from refactor_tool.merging.scaffolding import generated_docstring
from refactor_tool.split.emit import names
from refactor_tool.split.model import Layout, SplitOptions
from refactor_tool.split.use_case import plan_split
from refactor_tool.syntax.facts import StatementKind, analyze_module

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "split"
#: Names a split binds that Python itself defines the meaning of.
DUNDERS = {"__dir__", "__getattr__", "__annotations__", "__name__"}


def _kitchen(root: Path) -> Path:
    shutil.copytree(FIXTURES / "kitchen", root / "kitchen")
    return root / "kitchen" / "pkg" / "core.py"


def _rebinding(path: Path) -> Path:
    """The module with a public global rebound with `global` and no `__all__`: read live (`_read_rebound`)."""
    path.write_text(path.read_text() + "\n\nLEVEL = 0\n\n\ndef set_level(n):\n    global LEVEL\n    LEVEL = n\n")
    return path


def _made_up(path: Path, layout: Layout, *, with_imports: bool = False) -> set[str]:
    """Top-level names the split's files bind that the module did not bind itself (imports of real
    modules and the `del` of the split's own submodule names aside: they name things that exist)."""
    own = {n for s in analyze_module(path.read_text(), str(path)).statements for n in s.binds}
    planned = plan_split(path, SplitOptions(max_lines=40, layout=layout))
    submodules = {m.dotted.rpartition(".")[2] for m in planned.plan.modules}
    found: set[str] = set()
    for change in planned.changes:
        if change.after is not None:
            statements = analyze_module(change.after, str(change.path)).statements
            found |= {n for s in statements if with_imports or s.kind is not StatementKind.IMPORT for n in s.binds}
    return found - own - submodules


@pytest.mark.parametrize("layout", list(Layout))
def test_every_name_a_split_makes_up_is_on_the_list(tmp_path: Path, layout: Layout, ping_pong) -> None:
    listed = names.HELPERS | {names.ORIGIN_FILE} | DUNDERS
    for path in (_kitchen(tmp_path / layout.value), _rebinding(ping_pong(tmp_path / f"{layout.value}-late"))):
        assert _made_up(path, layout) <= listed


def _typechecked(root: Path) -> Path:
    """A module typeguard's `@typechecked` re-reads (its new modules name what they define at their end)."""
    root.mkdir()
    functions = "".join(f"\n\n@typechecked\ndef f{n}(x: int) -> int:\n    y = x + {n}\n    y += 1\n    return y\n"
                        for n in range(12))
    path = root / "checked.py"
    path.write_text("from typeguard import typechecked\n" + functions)
    return path


@pytest.mark.parametrize("layout", list(Layout))
def test_a_typechecked_module_makes_up_only_listed_names(tmp_path: Path, layout: Layout) -> None:
    listed = names.HELPERS | {names.ORIGIN_FILE} | DUNDERS
    assert _made_up(_typechecked(tmp_path / layout.value), layout) <= listed


def test_every_name_on_the_list_is_one_a_split_writes(tmp_path: Path, ping_pong) -> None:
    written = _made_up(_kitchen(tmp_path), Layout.PACKAGE, with_imports=True)
    written |= _made_up(_rebinding(ping_pong(tmp_path / "late")), Layout.PACKAGE, with_imports=True)
    written |= _made_up(_kitchen(tmp_path / "shim"), Layout.SHIM, with_imports=True)
    written |= _made_up(_typechecked(tmp_path / "checked"), Layout.PACKAGE, with_imports=True)
    assert names.HELPERS | {names.ORIGIN_FILE} <= written


def test_every_new_module_has_a_docstring_merge_recognises(tmp_path: Path) -> None:
    """merge recognises the split's own docstrings by the listed phrases, and drops them."""
    path = _kitchen(tmp_path)
    planned = plan_split(path, SplitOptions(max_lines=40))
    new = [c for c in planned.changes if c.before is None and c.path.name != "__init__.py"]
    assert len(new) > 2
    for change in new:
        docstring = ast.get_docstring(ast.parse(change.after))
        assert docstring and generated_docstring(docstring), change.after[:80]
    assert not generated_docstring(ast.get_docstring(ast.parse(path.read_text())))
