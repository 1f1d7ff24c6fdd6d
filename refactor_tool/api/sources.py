"""Where a surface comes from: a source folder or file, an installed package, or `git:REF[:PATH]`.

Each source becomes a mapping of file path -> bytes, parsed by the same code; nothing is imported.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from refactor_tool.api.model import Surface
from refactor_tool.api.module_data import ModuleCache
from refactor_tool.api.parse import ModuleInfo, read_module
from refactor_tool.api.resolve import build_surface
from refactor_tool.errors import InputError
from refactor_tool.io import git
from refactor_tool.io.fact_cache import blob_id
from refactor_tool.syntax.package_files import package_files
from refactor_tool.syntax.source import read_bytes


@dataclass(frozen=True, slots=True)
class SourceFiles:
    """A package's files: keys are paths relative to `root` (`pkg/__init__.py`, or `mod.py` alone)."""

    package: str
    files: Mapping[str, bytes]
    root: str
    #: the files' git blob ids where git listed them (`files` is then read only when a module is parsed)
    ids: Mapping[str, str] = field(default_factory=dict)


def modules_of(source: SourceFiles, known: ModuleCache | None = None) -> dict[str, ModuleInfo]:
    """Parse every module whose folders are all packages (have `__init__.py`); with `known`, only those
    whose content it does not hold, each put there once parsed."""
    present = set(source.files)
    modules: dict[str, ModuleInfo] = {}
    for rel in sorted(source.files):
        if not rel.endswith(".py"):
            continue
        parts = rel[:-3].split("/")
        folders = parts[:-1]
        if any("/".join(folders[: i + 1]) + "/__init__.py" not in present for i in range(len(folders))):
            continue
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        if not name or not all(part.isidentifier() for part in name.split(".")):
            continue
        if known is None:
            modules[name] = _read_module(name, bytes(source.files[rel]), is_package, rel)
            continue
        key = known.key(source.ids.get(rel) or blob_id(bytes(source.files[rel])), name, is_package, rel)
        info = known.get(key)
        if info is None:
            info = _read_module(name, bytes(source.files[rel]), is_package, rel)
            known.put(key, info)
        modules[name] = info
    return modules


@functools.lru_cache(maxsize=4096)
def _read_module(name: str, source: bytes, is_package: bool, file: str) -> ModuleInfo:
    """`read_module`, once per content: a diff against the base reads every unchanged module of the
    package twice (the old side and the new), and a snapshot is often taken beside a diff. The resolver
    only reads a ModuleInfo, so one instance serves both."""
    return read_module(name, source, is_package=is_package, file=file)


def surface_from_files(source: SourceFiles) -> Surface:
    return build_surface(source.package, modules_of(source), root=source.root)


def _existing(path: Path) -> Path | None:
    """`pkg/big` and `pkg/big.py` name the same module before and after a split; accept either."""
    if path.exists():
        return path
    if path.suffix == ".py" and path.with_suffix("").is_dir():
        return path.with_suffix("")
    if path.suffix != ".py" and path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    return None


def companion_names(stem: str) -> tuple[str, ...]:
    """Where a split in shim layout puts a module's code: `_mod/`, or `_mod_parts/` when `_mod` is taken."""
    return (f"_{stem}", f"_{stem}_parts")


def read_directory(path: Path) -> SourceFiles:
    """A package folder (with `__init__.py`) or a single `.py` module."""
    found = _existing(path)
    if found is None:
        raise InputError("no such file or directory", path=path)
    if found.is_file():
        if found.suffix != ".py":
            raise InputError("not a Python module (.py) or package folder", path=found)
        files = {found.name: read_bytes(found)}
        for name in companion_names(found.stem):
            companion = found.parent / name
            if (companion / "__init__.py").is_file():
                files.update(_package_files(companion))
                break
        return SourceFiles(found.stem, files, str(found.parent))
    if not (found / "__init__.py").is_file():
        raise InputError("not a package: the folder has no __init__.py", path=found)
    return SourceFiles(found.name, _package_files(found), str(found.parent))


def _package_files(folder: Path) -> dict[str, bytes]:
    """Every `.py` file under `folder`, keyed by its path relative to the folder's parent."""
    return {path.relative_to(folder.parent).as_posix(): read_bytes(path) for path in package_files(folder)}


def read_installed(name: str) -> SourceFiles:
    """An importable package located with `find_spec` (its own code is not run; parents may be)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError) as error:
        raise InputError(f"cannot locate package {name!r}: {error}") from error
    if spec is None:
        raise InputError(f"no such file, directory or installed package: {name!r}")
    if spec.submodule_search_locations:
        return read_directory(Path(next(iter(spec.submodule_search_locations))))
    if spec.origin and spec.origin.endswith(".py"):
        return read_directory(Path(spec.origin))
    raise InputError(f"{name!r} has no Python source to read (built-in or compiled)")


def read_git(ref: str, path: str, *, cwd: Path) -> SourceFiles:
    """The package at `path` (relative to the repository root) as committed at `ref`."""
    top = git.toplevel(cwd)
    commit = git.verify_ref(top, ref)
    path = path.strip("/")
    candidates = [path]
    candidates.append(path[:-3] if path.endswith(".py") else path + ".py")
    for candidate in candidates:
        listed = git.list_files(top, commit, candidate)
        python = {p: sha for p, sha in listed.items() if p.endswith(".py")}
        if python:
            break
    else:
        raise InputError(f"no Python files at {path!r} in {ref}", path=path)
    parent = candidate.rpartition("/")[0]
    if candidate.endswith(".py"):  # a module's companion `_mod/` package (the shim layout of a split)
        for name in companion_names(candidate.rpartition("/")[2][:-3]):
            companion = f"{parent}/{name}".lstrip("/")
            extra = {p: sha for p, sha in git.list_files(top, commit, companion).items() if p.endswith(".py")}
            if f"{companion}/__init__.py" in extra:
                python |= extra
                break
    prefix = parent + "/" if parent else ""
    files = _GitBlobs(top, commit, {p[len(prefix):]: p for p in python})
    ids = {p[len(prefix):]: sha for p, sha in python.items()}
    package = candidate.rpartition("/")[2]
    package = package[:-3] if package.endswith(".py") else package
    if not candidate.endswith(".py") and f"{package}/__init__.py" not in files:
        raise InputError(f"not a package at {ref}: the folder has no __init__.py", path=candidate)
    return SourceFiles(package, files, parent, ids)


class _GitBlobs(Mapping[str, bytes]):
    """A commit's files by relative path, read from git all at once the first time one is wanted: a
    `ModuleCache` that holds every module by blob id needs none of them read."""

    def __init__(self, top: Path, commit: str, paths: dict[str, str]) -> None:
        #: relative path -> path in the repository
        self.top, self.commit, self.paths = top, commit, paths
        self._read: dict[str, bytes] | None = None

    def __getitem__(self, rel: str) -> bytes:
        if self._read is None:
            blobs = git.read_blobs(self.top, self.commit, tuple(self.paths.values()))
            self._read = {rel: blobs[path] for rel, path in self.paths.items() if path in blobs}
        return self._read[rel]

    def __contains__(self, rel: object) -> bool:  # Mapping's would read the file
        return rel in self.paths

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)


def relative_to_repo(path: Path, *, cwd: Path) -> str | None:
    """`path` relative to the repository root, for `git:REF` given without a path."""
    try:
        top = git.toplevel(cwd)
        return _existing(path.resolve()).relative_to(top.resolve()).as_posix()  # type: ignore[union-attr]
    except (ValueError, AttributeError):
        return None
