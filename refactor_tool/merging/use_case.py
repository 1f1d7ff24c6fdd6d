"""The `merge` use case: read the modules, merge them, write every file in one transaction.

Nothing is written before every check passed. The merged module, and for each merged module either a
re-exporting shim at its path (the default: importers keep working) or its deletion
(`--delete-sources`), go through `io.transaction.Transaction`: all of them land, or none.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.io.journal import Journal, project_root, refuse_if_interrupted
from refactor_tool.io.transaction import FileChange, Transaction, unified_diffs
from refactor_tool.merging import MergeResult, SourceModule, merge_modules, module_name
from refactor_tool.merging.importers import find_importers
from refactor_tool.syntax.modnames import import_root
from refactor_tool.syntax.source import SourceText, read_source

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
            "shims": [str(p) for p, _ in self.result.shims],
        }


def _read_source(path: Path) -> tuple[SourceModule, SourceText]:
    """One input module, read as Python reads it; a missing or non-Python file names itself."""
    if not path.is_file() or path.suffix != ".py":
        raise InputError("not a Python module file", path=path)
    read = read_source(path)
    return SourceModule(path, module_name(path), read.text, read.encoding), read


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


def _changes(
    result: MergeResult, read: Sequence[SourceText], into: Path, delete_sources: bool
) -> tuple[FileChange, ...]:
    """The merged module, then each other merged module's shim (or deletion)."""
    exact = {s: r.exact for s, r in zip(result.sources, read, strict=True)}
    target = next((exact[s] for s in result.sources if s.resolve() == into.resolve()), None)
    changes = [FileChange(into, target, result.code)]
    for path, shim in result.shims:
        changes.append(FileChange(path, exact[path], None if delete_sources else shim))
    return tuple(changes)


def _remove_emptied_packages(changes: Sequence[FileChange]) -> None:
    """A package whose `__init__.py` went, and that holds no Python file any more, goes too."""
    for change in changes:
        folder = change.path.parent
        gone = change.after is None and change.path.name == "__init__.py" and folder.is_dir()
        if gone and not any(folder.rglob("*.py")):
            for cache in folder.rglob("__pycache__"):
                shutil.rmtree(cache, ignore_errors=True)
            if not any(folder.rglob("*")):
                shutil.rmtree(folder)  # only empty folders are left in it


def merge(
    paths: Sequence[Path], into: Path, *, dry_run: bool = False, delete_sources: bool = False
) -> MergeOutcome:
    """Merge `paths` into `into`; with `dry_run` only the diff is computed.

    The files change in one journalled transaction (`refactor-tool undo` reverts it); SIGINT or SIGTERM
    while they change restores every file and raises `io.interrupts.Interrupted`.
    """
    _check_target(paths, into, delete_sources)
    pairs = [_read_source(p) for p in paths]
    sources = [source for source, _ in pairs]
    result = merge_modules(sources, into=into, into_name=module_name(into))
    changes = _changes(result, [read for _, read in pairs], into, delete_sources)
    if delete_sources:
        result = replace(result, shims=())  # none written: MergeResult.shims says so
    diff = unified_diffs(changes, into.parent)
    importers = find_importers(sources, into)
    if dry_run:
        return MergeOutcome(result, False, (), diff, importers)
    root = project_root(import_root(into))
    refuse_if_interrupted(root)
    command = " ".join(["merge", *map(str, paths), "--into", str(into), *(["--delete-sources"] * delete_sources)])
    with Transaction(changes, Journal(root, command)):
        pass  # every file written on entry, kept on leaving (an error or a signal restores them all)
    _remove_emptied_packages(changes)
    deleted = tuple(c.path for c in changes if c.after is None)
    return MergeOutcome(result, True, deleted, diff, importers)
