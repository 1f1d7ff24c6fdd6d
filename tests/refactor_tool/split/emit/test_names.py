"""`split/emit/names.py` is the one list of names a split makes up: every such name a split writes is
on it (merge finds the wiring by it), and every name on it is one some split writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from refactor_tool.split.emit import names
from refactor_tool.split.model import Layout, SplitOptions
from refactor_tool.split.use_case import plan_split
from refactor_tool.syntax.facts import analyze_module

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "split"
#: Names a split binds that Python itself defines the meaning of.
DUNDERS = {"__dir__", "__getattr__", "__annotations__"}


def _ping_pong(root: Path) -> Path:
    """Two functions calling each other only when run: the facade binds them late (`_SPLIT_LATE`)."""
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    parts = ['"""Ping pong."""\n']
    for name, other in (("ping", "pong"), ("pong", "ping")):
        body = "".join(f"    x{i} = n + {i}\n" for i in range(30))
        parts.append(f"\n\ndef {name}(n):\n{body}    return {other}(n - 1) if n > 0 else x1\n")
    (root / "pkg" / "core.py").write_text("".join(parts))
    return root / "pkg" / "core.py"


def _kitchen(root: Path) -> Path:
    shutil.copytree(FIXTURES / "kitchen", root / "kitchen")
    return root / "kitchen" / "pkg" / "core.py"


def _made_up(path: Path, layout: Layout) -> set[str]:
    """Top-level names the split's files bind that the module did not bind itself."""
    own = {n for s in analyze_module(path.read_text(), str(path)).statements for n in s.binds}
    planned = plan_split(path, SplitOptions(max_lines=40, layout=layout))
    found: set[str] = set()
    for change in planned.changes:
        if change.after is not None:
            statements = analyze_module(change.after, str(change.path)).statements
            found |= {n for s in statements for n in s.binds} - own
    return found


@pytest.mark.parametrize("layout", list(Layout))
def test_every_name_a_split_makes_up_is_on_the_list(tmp_path: Path, layout: Layout) -> None:
    listed = names.HELPERS | {names.ORIGIN_FILE} | DUNDERS
    for path in (_kitchen(tmp_path / layout.value), _ping_pong(tmp_path / f"{layout.value}-late")):
        assert _made_up(path, layout) <= listed


def test_every_name_on_the_list_is_one_a_split_writes(tmp_path: Path) -> None:
    written = _made_up(_kitchen(tmp_path), Layout.PACKAGE) | _made_up(_ping_pong(tmp_path / "late"), Layout.PACKAGE)
    assert names.HELPERS | {names.ORIGIN_FILE} <= written


def test_every_new_module_starts_with_the_listed_docstring(tmp_path: Path) -> None:
    """merge recognises the split's own docstrings by these templates, and drops them."""
    path = _kitchen(tmp_path)
    planned = plan_split(path, SplitOptions(max_lines=40))
    starts = {names.MODULE_DOCSTRING.format(module="pkg.core"), names.MAIN_DOCSTRING.format(module="pkg.core")}
    new = [c for c in planned.changes if c.before is None and c.path.name != "__init__.py"]
    assert len(new) > 2
    for change in new:
        assert any(change.after.startswith(f'"""{start}') for start in starts), change.after[:80]
