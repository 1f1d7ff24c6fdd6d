"""Which of the project's modules are its runtime code, and which import names are its own.

`[tool.refactor_tool] packages` names the runtime packages (by name or folder); without it, every
top-level package that is not a test folder is runtime code.
"""

from __future__ import annotations

import site
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from refactor_tool.check.imports import ModuleIndex, is_test_file, module_index
from refactor_tool.check.sources import ProjectState
from refactor_tool.io.fact_cache import FactCache, content_key
from refactor_tool.io.project import ProjectConfig


@dataclass(frozen=True, slots=True)
class Project:
    index: ModuleIndex
    #: top-level runtime package names
    packages: tuple[str, ...]
    #: every module of the runtime packages
    runtime: frozenset[str]
    runtime_files: frozenset[str]
    #: top-level names that are the project's own (its modules, and top-level folders)
    local_names: frozenset[str]


def project_of(state: ProjectState, config: ProjectConfig) -> Project:
    index = module_index(state.facts)
    packages = tuple(_package_name(entry, index) for entry in config.packages) if config.packages else tuple(
        sorted(name for name, paths in index.by_name.items()
               if "." not in name and paths[0].endswith("/__init__.py") and not is_test_file(paths[0])))
    runtime = frozenset(name for name in index.by_name
                        if any(name == p or name.startswith(p + ".") for p in packages))
    runtime_files = frozenset(path for path, name in index.by_path.items() if name in runtime)
    local = {name.partition(".")[0] for name in index.by_name} | {p.partition("/")[0] for p in state.paths if "/" in p}
    return Project(index, packages, runtime, runtime_files, frozenset(local))


def _package_name(entry: str, index: ModuleIndex) -> str:
    """A `packages` entry as a module name: `bit_ttt`, or a folder `src/bit_ttt`."""
    folder = entry.strip("/")
    init = f"{folder}/__init__.py"
    if init in index.by_path:
        return index.by_path[init]
    return folder.replace("/", ".")


def distributions(cache: FactCache) -> Mapping[str, Sequence[str]]:
    """Import name -> distributions providing it, for the running environment (cached per environment).

    `packages_distributions()` reads every installed distribution's file list, so it is cached under a key
    made of the import path and the site-packages folders' modification times (an install changes them).
    """
    stamps = [sys.prefix, *sys.path]
    for folder in {*site.getsitepackages(), site.getusersitepackages()}:
        try:
            stamps.append(f"{folder}:{Path(folder).stat().st_mtime_ns}")
        except OSError:
            continue
    key = content_key("distributions", *stamps)
    cached = cache.get("distributions", key)
    if cached is not None:
        return cached
    found = {name: sorted(set(dists)) for name, dists in metadata.packages_distributions().items()}
    cache.put("distributions", key, found)
    return found
