"""Fixtures of the split tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from refactor_tool.split.model import SplitOptions
from refactor_tool.split.use_case import SplitResult, apply_split

#: (folder, module name, its source, split options) -> (the module as it was, as split, the result)
SplitCopy = Callable[..., tuple[Path, Path, SplitResult]]


def _split_copy(root: Path, name: str, source: str, **options: object) -> tuple[Path, Path, SplitResult]:
    """`source` as `name.py` in `root/before`, and a copy split in `root/after` (it must land), so that
    a test runs the same code before and after the split."""
    before, after = root / "before", root / "after"
    before.mkdir()
    after.mkdir()
    (before / f"{name}.py").write_text(source)
    shutil.copy(before / f"{name}.py", after / f"{name}.py")
    result = apply_split(after / f"{name}.py", SplitOptions(allow_dirty=True, **options))
    assert result.ok and result.written, result.verification
    return before, after, result


@pytest.fixture(scope="session")
def split_copy() -> SplitCopy:
    return _split_copy
