"""The project's modules and the imports between them, from file paths and facts alone (no file system).

A folder is a package when it holds `__init__.py`; a file outside any package (a test, a script) is a
top-level module named after its file, as pytest's default import mode makes it.

The graph is built from our own facts rather than with grimp (import-linter's Rust engine), although grimp
builds it faster cold (benchmarks/bench_check.py: 0.13 s CPU against 0.25 s on the stdlib copy): grimp reads
only packages it can import, so neither a base commit nor the index, it does not tell imports inside
functions from those that run at load time, and it would be a new runtime dependency; warm, our facts come
from the cache and the graph costs a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from refactor_tool.check.facts import ImportFact, ModuleFacts, Scope

_TEST_FOLDERS = frozenset({"tests", "test", "testing"})


@dataclass(frozen=True, slots=True)
class ModuleIndex:
    #: python file -> dotted module name
    by_path: Mapping[str, str]
    #: dotted module name -> the files with that name (several for same-named tests in different folders)
    by_name: Mapping[str, tuple[str, ...]]

    def is_package(self, path: str) -> bool:
        return path.endswith("__init__.py")

    def path_of(self, module: str) -> str:
        return self.by_name[module][0]


@dataclass(frozen=True, slots=True)
class ImportEdge:
    importer: str
    imported: str
    line: int
    scope: Scope


def module_index(paths: Iterable[str]) -> ModuleIndex:
    files = sorted(path for path in paths if path.endswith(".py"))
    present = set(files)
    by_path: dict[str, str] = {}
    by_name: dict[str, list[str]] = {}
    for path in files:
        folders, _, filename = path.rpartition("/")
        parts = folders.split("/") if folders else []
        top = len(parts)
        while top > 0 and "/".join(parts[:top]) + "/__init__.py" in present:
            top -= 1
        inside = parts[top:]
        stem = filename[:-3]
        if stem == "__init__":
            if not inside:
                continue  # an __init__.py whose folder is no package: nothing can import it by name
            names = inside
        else:
            names = [*inside, stem]
        if not all(name.isidentifier() for name in names):
            continue
        dotted = ".".join(names)
        by_path[path] = dotted
        by_name.setdefault(dotted, []).append(path)
    return ModuleIndex(by_path, {name: tuple(paths) for name, paths in by_name.items()})


def is_test_file(path: str) -> bool:
    folders, _, filename = path.rpartition("/")
    return (filename.startswith("test_") or filename.endswith("_test.py") or filename == "conftest.py"
            or any(part in _TEST_FOLDERS for part in folders.split("/")))


def absolute_module(importer: str, importer_is_package: bool, fact: ImportFact) -> str | None:
    """The module a relative import names, seen from `importer`; None when it climbs above the top."""
    if fact.level == 0:
        return fact.module
    parts = importer.split(".") if importer_is_package else importer.split(".")[:-1]
    if fact.level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (fact.level - 1)]
    return ".".join([*base, fact.module] if fact.module else base) or None


def imported_modules(fact: ImportFact, target: str, known: Mapping[str, object]) -> list[str]:
    """The project modules one import names: `from p import m` names the module `p.m` when it exists."""
    if fact.names:
        found = [f"{target}.{name}" for name in fact.names if f"{target}.{name}" in known]
        if len(found) < len(fact.names) and target in known:
            found.append(target)
        return found
    prefix = target
    while prefix and prefix not in known:
        prefix = prefix.rpartition(".")[0]
    return [prefix] if prefix else []


def import_edges(index: ModuleIndex, facts: Mapping[str, ModuleFacts]) -> tuple[ImportEdge, ...]:
    """Every import from one project module to another, with the line and the scope it runs in."""
    edges: list[ImportEdge] = []
    for path, importer in index.by_path.items():
        module_facts = facts.get(path)
        if module_facts is None:
            continue
        package = index.is_package(path)
        for fact in module_facts.imports:
            target = absolute_module(importer, package, fact)
            if target is None:
                continue
            for imported in imported_modules(fact, target, index.by_name):
                if imported != importer:
                    edges.append(ImportEdge(importer, imported, fact.line, fact.scope))
    return tuple(edges)


def ancestors(module: str) -> list[str]:
    """`a.b.c` -> [`a`, `a.b`]: importing a module runs its packages' `__init__` first."""
    parts = module.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]
