"""The `merge` use case: read the modules, merge them, write the result atomically, optionally delete them.

Nothing is written before every check passed; the new file is renamed into place from a temporary file.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.merging import MergeResult, SourceModule, merge_modules, module_name
from refactor_tool.merging.importers import find_importers

__all__ = ["MergeOutcome", "merge"]


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    result: MergeResult
    written: bool
    deleted: tuple[Path, ...]
    diff: str
    importers: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "into": str(self.result.into),
            "module": self.result.into_name,
            "lines": self.result.line_count,
            "sources": [str(p) for p in self.result.sources],
            "dropped_imports": self.result.dropped_imports,
            "deduplicated": list(self.result.deduplicated),
            "warnings": [w.message() for w in self.result.warnings],
            "written": self.written,
            "deleted": [str(p) for p in self.deleted],
            "still_imported_by": list(self.importers),
        }


def _read_source(path: Path) -> SourceModule:
    """One input module; a missing, non-Python or non-UTF-8 file is an input error naming it."""
    if not path.is_file() or path.suffix != ".py":
        raise InputError("not a Python module file", path=path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 ({error.reason})", path=path) from None
    return SourceModule(path, module_name(path), text)


def _check_target(paths: Sequence[Path], into: Path, delete_sources: bool) -> None:
    resolved = [p.resolve() for p in paths]
    if len(set(resolved)) != len(resolved):
        raise InputError("the same module is given twice")
    if into.suffix != ".py":
        raise InputError("--into must name a .py file", path=into)
    if not into.parent.is_dir():
        raise InputError("the directory of --into does not exist", path=into)
    if into.exists() and into.resolve() not in resolved:
        raise InputError(
            "already exists; list it among the modules to fold the others into it", path=into
        )
    shadow = into.with_suffix("")
    if (shadow / "__init__.py").is_file():
        leaving = not delete_sources or (shadow / "__init__.py").resolve() not in resolved
        if leaving:
            raise InputError(
                f"package {shadow}/ would shadow the merged module; merge its "
                "__init__.py too and pass --delete-sources",
                path=into,
            )


def _write_atomically(path: Path, text: str) -> None:
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _delete(paths: Sequence[Path], keep: Path) -> tuple[Path, ...]:
    """Remove the merged modules, and packages they leave without any Python file."""
    deleted = []
    packages = []
    for path in paths:
        if path.resolve() == keep.resolve():
            continue
        path.unlink()
        deleted.append(path)
        if path.name == "__init__.py":
            packages.append(path.parent)
    for directory in packages:
        if directory.is_dir() and not any(directory.rglob("*.py")):
            shutil.rmtree(directory)
    return tuple(deleted)


def merge(
    paths: Sequence[Path], into: Path, *, dry_run: bool = False, delete_sources: bool = False
) -> MergeOutcome:
    """Merge `paths` into `into`; with `dry_run` only the diff is computed."""
    _check_target(paths, into, delete_sources)
    sources = [_read_source(p) for p in paths]
    result = merge_modules(sources, into=into, into_name=module_name(into))
    old = into.read_text(encoding="utf-8") if into.exists() else ""
    diff = "".join(
        difflib.unified_diff(
            old.splitlines(True), result.code.splitlines(True), f"a/{into}", f"b/{into}"
        )
    )
    importers = find_importers(sources, into)
    if dry_run:
        return MergeOutcome(result, False, (), diff, importers)
    _write_atomically(into, result.code)
    deleted = _delete(paths, into) if delete_sources else ()
    return MergeOutcome(result, True, deleted, diff, importers)
