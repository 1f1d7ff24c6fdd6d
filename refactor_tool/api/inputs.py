"""Turn what a user typed (a snapshot file, a folder, a module file, `git:REF[:PATH]`, a package name) into a surface."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from refactor_tool.api import snapshot
from refactor_tool.api.model import Surface
from refactor_tool.api.module_data import ModuleCache
from refactor_tool.api.parse import Definition, Import, ModuleInfo
from refactor_tool.api.resolve import build_surface
from refactor_tool.api.sources import (
    SourceFiles,
    modules_of,
    read_directory,
    read_git,
    read_installed,
    relative_to_repo,
)
from refactor_tool.errors import InputError


@dataclass(frozen=True, slots=True)
class Loaded:
    """A surface and, unless it came from a snapshot file, the files it was read from (for `--import`)."""

    surface: Surface
    source: SourceFiles | None = None
    static_names: dict[str, set[str]] | None = None


def split_git_spec(spec: str) -> tuple[str, str | None]:
    """`git:REF[:PATH]` -> (REF, PATH or None)."""
    body = spec[len("git:"):]
    ref, _, path = body.partition(":")
    if not ref:
        raise InputError(f"{spec!r}: expected git:REF or git:REF:PATH")
    return ref, (path or None)


def git_default_path(other: str, *, cwd: Path) -> str | None:
    """For `git:REF` without a path: the other side's folder, relative to the repository root."""
    if other.startswith("git:") or other.endswith(".json"):
        return split_git_spec(other)[1] if other.startswith("git:") else None
    candidate = Path(other) if Path(other).is_absolute() else cwd / other
    return relative_to_repo(candidate, cwd=cwd)


def _static_names(modules: dict[str, ModuleInfo]) -> dict[str, set[str]]:
    return {
        name: {n for n, b in info.bindings.items() if isinstance(b, (Definition, Import))} | set(info.getattr_names)
        for name, info in modules.items()
    }


def _display_root(root: str, cwd: Path) -> str:
    """Files in findings are shown relative to the current folder, as CI annotations need them."""
    try:
        return Path(root).resolve().relative_to(cwd.resolve()).as_posix()
    except ValueError:
        return root


def from_source(source: SourceFiles, *, display_root: str | None = None, known: ModuleCache | None = None) -> Loaded:
    modules = modules_of(source, known)
    if not modules:
        raise InputError("no Python modules found", path=source.root or source.package)
    root = source.root if display_root is None else display_root
    surface = build_surface(source.package, modules, root=root)
    return Loaded(surface, source, _static_names(modules))


def load(spec: str, *, cwd: Path, git_path: str | None = None, known: ModuleCache | None = None) -> Loaded:
    """Read `spec`; `git_path` is used for `git:REF` given without a path; `known`: modules parsed before."""
    if spec.startswith("git:"):
        ref, path = split_git_spec(spec)
        path = path or git_path
        if not path:
            raise InputError(f"{spec!r}: say which package folder to read, as git:REF:PATH")
        return from_source(read_git(ref, path, cwd=cwd), known=known)
    candidate = Path(spec) if Path(spec).is_absolute() else cwd / spec
    if candidate.suffix == ".json":
        if not candidate.is_file():
            raise InputError("no such snapshot file", path=spec)
        return Loaded(snapshot.read(candidate))
    looks_like_path = "/" in spec or spec.endswith(".py") or spec in (".", "..")
    if candidate.exists() or candidate.with_suffix(".py").exists() or looks_like_path:
        source = read_directory(candidate)
        return from_source(source, display_root=_display_root(source.root, cwd), known=known)
    if all(part.isidentifier() for part in spec.split(".")):
        return from_source(read_installed(spec), known=known)
    raise InputError(f"no such file, directory or installed package: {spec!r}")
