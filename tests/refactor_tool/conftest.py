"""Fixtures shared by the tests of the split's safety nets (verification, interruptions, undo)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

#: A small module to split (`shop.py`, 38 lines) and a module importing it (`app.py`).
SHOP = Path(__file__).resolve().parent / "fixtures" / "split" / "shop"


@pytest.fixture
def shop_project(tmp_path: Path) -> Path:
    """A private copy of the shop project, split with `--max-lines 25` into a few modules."""
    root = tmp_path / "project"
    shutil.copytree(SHOP, root)
    return root


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture
def tree() -> Callable[[Path], dict[str, bytes]]:
    """`tree(root)`: every file below `root` (bytecode caches left out) and its bytes, to compare states."""
    return _tree


@pytest.fixture
def landed() -> Callable[[object], bool]:
    """`landed(result)`: see `_landed`."""
    return _landed


def _landed(result) -> bool:
    """A split CLI run that wrote its files: exit 0, or exit 1 for limits it reports it cannot meet
    (the shop's package `__init__` alone is longer than `--max-lines 25`), verification passing."""
    if result.exit_code == 0:
        return True
    if result.exit_code != 1 or "verification failed" in result.stderr or "gate failed" in result.stderr:
        return False
    if result.stdout.lstrip().startswith("{"):
        data = json.loads(result.stdout)
        return bool(data["limits"]) and bool(data["written"]) and (
            data["verification"] is None or data["verification"]["passed"])
    return "limit(s) not met" in result.stdout
