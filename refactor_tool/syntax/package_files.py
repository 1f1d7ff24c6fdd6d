"""The Python files of a package folder as the api engine reads them: every `.py` file below it, whether
git lists it or not, with caches and hidden folders left out. refactor-check keys its API answers on the
same files, so an edit of a generated, git-ignored module is seen too.
"""

from __future__ import annotations

import os
from pathlib import Path

SKIPPED_FOLDERS = frozenset({"__pycache__", ".git", ".mypy_cache", ".pytest_cache"})


def package_files(folder: Path) -> list[Path]:
    found = []
    for current, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if name not in SKIPPED_FOLDERS and not name.startswith("."))
        found += [Path(current, name) for name in names if name.endswith(".py")]
    return found
