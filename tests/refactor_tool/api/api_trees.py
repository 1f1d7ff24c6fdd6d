"""Helpers for API-surface tests: write a package from a dict of files, diff two such trees."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

from refactor_tool.api import diff_surfaces, load
from refactor_tool.api.diff import ApiDiff
from refactor_tool.api.model import Surface

Files = Mapping[str, str]


def write_tree(root: Path, files: Files) -> Path:
    """Write `files` (relative path -> dedented source) under `root`; returns `root`."""
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def surface_of(root: Path, files: Files, package: str = "mypkg") -> Surface:
    write_tree(root, files)
    return load(str(root / package), cwd=root).surface


def diff_trees(tmp_path: Path, old: Files, new: Files, package: str = "mypkg", **options: object) -> ApiDiff:
    before = surface_of(tmp_path / "old", old, package)
    after = surface_of(tmp_path / "new", new, package)
    return diff_surfaces(before, after, **options)  # type: ignore[arg-type]


def found(diff: ApiDiff) -> set[tuple[str, str]]:
    """(kind slug, path) of every finding: what the case table compares."""
    return {(f.kind.slug, f.path) for f in diff.findings}
