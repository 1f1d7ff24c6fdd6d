"""Use cases behind `refactor-tool api snapshot` and `api diff` (and `refactor-check`): values in, values out.

Nothing prints here; problems in the input come back inside the result so the rest is still shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from refactor_tool.api import snapshot as snapshot_file
from refactor_tool.api.allow import find_pyproject, read_allow
from refactor_tool.api.diff import ApiDiff, diff_surfaces, dynamic_candidates
from refactor_tool.api.inputs import Loaded, git_default_path, load, split_git_spec
from refactor_tool.api.model import Surface
from refactor_tool.api.module_data import ModuleCache
from refactor_tool.api.runtime import RuntimeNote, augment, still_imports
from refactor_tool.errors import InputError


@dataclass(frozen=True, slots=True)
class SnapshotResult:
    """The surface; `written` is the file written, None when problems kept it from being written."""

    surface: Surface
    written: Path | None
    notes: tuple[RuntimeNote, ...] = ()
    #: The snapshot's JSON text when no output file was given (the CLI prints it).
    document: str | None = None

    @property
    def exit_code(self) -> int:
        return 2 if self.surface.problems else 0


@dataclass(frozen=True, slots=True)
class DiffResult:
    diff: ApiDiff
    allow_file: Path | None
    probed: tuple[str, ...] = ()
    old_spec: str = ""
    new_spec: str = ""

    @property
    def exit_code(self) -> int:
        return self.diff.exit_code


def take_snapshot(package: str, *, output: Path | None = None, use_import: bool = False, cwd: Path | None = None) -> SnapshotResult:
    """Read `package` (name, folder or git:REF:PATH) and write its snapshot unless a module was unreadable."""
    cwd = cwd or Path.cwd()
    loaded = load(package, cwd=cwd)
    surface = loaded.surface
    notes: tuple[RuntimeNote, ...] = ()
    if use_import:
        surface, notes = _with_runtime(loaded)
    if surface.problems:
        return SnapshotResult(surface, None, notes)
    if output is None:
        return SnapshotResult(surface, None, notes, snapshot_file.dumps(surface))
    snapshot_file.write(surface, output)
    return SnapshotResult(surface, output, notes)


def _with_runtime(loaded: Loaded) -> tuple[Surface, tuple[RuntimeNote, ...]]:
    if loaded.source is None:
        raise InputError("--import needs source code; a snapshot file cannot be imported")
    return augment(loaded.surface, loaded.source, loaded.static_names or {})


def api_diff(
    old: str,
    new: str,
    *,
    use_import: bool = False,
    config: Path | None = None,
    cwd: Path | None = None,
    known: ModuleCache | None = None,
) -> DiffResult:
    """Compare OLD and NEW (each a snapshot, a folder or git:REF[:PATH]); allow entries from pyproject.toml.

    `known`: modules parsed before, by content (refactor-check's cache), read instead of parsed again."""
    cwd = cwd or Path.cwd()
    before = load(old, cwd=cwd, git_path=_default_path(old, new, cwd), known=known)
    after = load(new, cwd=cwd, git_path=_default_path(new, old, cwd), known=known)
    pyproject = config if config is not None else _nearest_pyproject(new, cwd)
    allow = read_allow(pyproject)
    runtime: dict[str, bool] = {}
    probed: tuple[str, ...] = ()
    if use_import:
        if after.source is None:
            raise InputError("--import needs NEW as source code (a folder or git:REF), not a snapshot file")
        probed = dynamic_candidates(before.surface, after.surface)
        runtime = still_imports(after.source, probed)
    diff = diff_surfaces(before.surface, after.surface, allow=allow, runtime=runtime)
    return DiffResult(diff, pyproject, probed, old, new)


def _default_path(spec: str, other: str, cwd: Path) -> str | None:
    """For `spec` given as `git:REF` without a path, the other side's folder (a git call: only then)."""
    if not spec.startswith("git:") or split_git_spec(spec)[1]:
        return None
    return git_default_path(other, cwd=cwd)


def _nearest_pyproject(spec: str, cwd: Path) -> Path | None:
    """The project's pyproject.toml: above NEW when it is a folder, else above the current folder."""
    if not spec.startswith("git:"):
        candidate = Path(spec) if Path(spec).is_absolute() else cwd / spec
        if candidate.exists():
            return find_pyproject(candidate if candidate.is_dir() else candidate.parent)
    return find_pyproject(cwd)
