"""Shared helpers: split a fixture tree in a temporary directory and probe it in a fresh interpreter."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "split"

#: Everything observable about `pkg.core`, computed the same way before and after a split.
PROBE = r"""
import json, os, sys, typing
import pkg.core as c
from pkg.core import *
out = {
    "all": c.__all__,
    "public": sorted(n for n in dir(c) if not n.startswith("_") and not isinstance(getattr(c, n), type(sys))),
    "loud": c.loud("x"),
    "describe": c.Widget().describe(["a", "b"]),
    "widget_is_registry": issubclass(c.Widget, c.Registry),
    "registered_same_object": c.Registry().get("widget") is c.Widget,
    "sentinel_default": c.Registry.get.__defaults__[0] is c._sentinel,
    "lazy": c.LAZY,
    "data_path": os.path.relpath(c.data_path("f.txt")),
    "bump": [c.bump(), c.bump(2)],
    "counter_live": c.counter,
    "read_counter": c.read_counter(),
    "one": c._ONE,
    "tmp_helper_deleted": not hasattr(c, "_tmp_helper"),
    "platform": PLATFORM_NAME,
    "star_names": sorted(n for n in ("Registry", "Widget", "loud", "bump") if n in globals()),
    "module_of_widget": c.Widget.__module__,
    "doc": c.__doc__,
    "dir": sorted(n for n in dir(c) if n != "__path__"),
}
print(json.dumps(out))
"""


def copy_fixture(name: str, destination: Path) -> Path:
    target = destination / name
    shutil.copytree(FIXTURES / name, target)
    return target


def _run_python(root: Path, code: str | None = None, module: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", module] if module else [sys.executable, "-c", code or ""]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=60, check=False)


def _probe(root: Path, code: str = PROBE) -> dict:
    result = _run_python(root, code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def kitchen(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the kitchen-sink package: one to keep, one to split."""
    return copy_fixture("kitchen", tmp_path / "before"), copy_fixture("kitchen", tmp_path / "after")


@pytest.fixture
def probe():
    """`probe(root)`: the PROBE facts about `pkg.core` under `root`, from a fresh interpreter."""
    return _probe


@pytest.fixture
def run_python():
    return _run_python


def _ping_pong(root: Path) -> Path:
    """Two functions calling each other only when run: the facade binds them late (`_SPLIT_LATE`)."""
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "__init__.py").write_text("")
    parts = ['"""Ping pong."""\n']
    for name, other in (("ping", "pong"), ("pong", "ping")):
        body = "".join(f"    x{i} = n + {i}\n" for i in range(30))
        parts.append(f"\n\ndef {name}(n):\n{body}    return {other}(n - 1) if n > 0 else x1\n")
    (root / "pkg" / "core.py").write_text("".join(parts))
    # A test setting a name the moved code reads: the facade forwards it (`_forward_patches`).
    (root / "tests").mkdir()
    (root / "tests" / "test_core.py").write_text("import pkg.core\n\npkg.core.pong = print\n")
    return root / "pkg" / "core.py"


@pytest.fixture
def ping_pong():
    """`ping_pong(root)`: writes the ping-pong project under `root`, returns its `pkg/core.py`."""
    return _ping_pong
