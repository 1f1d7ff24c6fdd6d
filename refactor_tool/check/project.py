"""Which of the project's modules are its runtime code, and which import names are its own.

`[tool.refactor_tool] packages` names the runtime packages (by name or folder); without it, every
top-level package that is not a test folder is runtime code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from refactor_tool.check.imports import ModuleIndex, is_test_file, module_index
from refactor_tool.check.sources import ProjectState
from refactor_tool.check.stamps import environment_stamp
from refactor_tool.io.fact_cache import FactCache
from refactor_tool.io.project import ProjectConfig


@dataclass(frozen=True, slots=True)
class Project:
    index: ModuleIndex
    #: top-level runtime package names
    packages: tuple[str, ...]
    #: every module of the runtime packages
    runtime: frozenset[str]
    runtime_files: frozenset[str]
    #: import names that are the project's own (its modules, and the folders holding Python files)
    local_names: frozenset[str]


def project_of(state: ProjectState, config: ProjectConfig) -> Project:
    index = module_index(state.ids)
    packages = tuple(_package_name(entry, index) for entry in config.packages) if config.packages else tuple(
        sorted(name for name, paths in index.by_name.items()
               if "." not in name and paths[0].endswith("/__init__.py") and not is_test_file(paths[0])))
    runtime = frozenset(name for name in index.by_name
                        if any(name == p or name.startswith(p + ".") for p in packages))
    runtime_files = frozenset(path for path, name in index.by_path.items() if name in runtime)
    # a folder holding Python files may be imported as a namespace package once a script puts its parent
    # on sys.path (`benchmarks/plan_quality/` imported as `plan_quality`): its name is ours too
    folders = {part for path in state.ids for part in path.split("/")[:-1]}
    local = {name.partition(".")[0] for name in index.by_name} | folders
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

    Reading every installed distribution's file list is the slow part (about 0.02 s of CPU here), so the
    map is cached under a key made of the import path and the site-packages folders' modification times
    (an install changes them).
    """
    key = environment_stamp()
    cached = cache.get("distributions", key)
    if cached is not None:
        return cached
    found = _installed()
    cache.put("distributions", key, found)
    return found


def importable(name: str) -> bool:
    """Whether a top-level module of this name is on the import path (or an installed finder's, as an
    editable install's), without importing it."""
    from importlib.util import find_spec

    try:
        return find_spec(name) is not None
    except (ImportError, ValueError):
        return True  # a finder that fails: the map decides


def _installed() -> dict[str, list[str]]:
    from refactor_tool.check.installed import packages_distributions

    return {name: sorted(set(dists)) for name, dists in packages_distributions().items()}
