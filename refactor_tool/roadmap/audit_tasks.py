"""Each task of a roadmap checked against the repository, by what its verb promises.

- extract: the file exists and defines the named symbols; its module imports; every old import path
  (the packages above it that export the name, the module the phase's goal names) reaches the same object;
- create: the path exists; update of a package `__init__.py`: it re-exports what the phase extracted
  into the package, as the same objects;
- delete: the path is gone and nothing imports it (kept while used, when the task says "if unused");
  deleting deprecated exports: `refactor-check` finds none left;
- check: its commands pass; a check of a path's uses lists the importers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from refactor_tool.roadmap.commands import Commands
from refactor_tool.roadmap.model import Phase, Roadmap, Task, TaskKind
from refactor_tool.roadmap.probe import ImportProbe
from refactor_tool.roadmap.repository import Importer, Repository
from refactor_tool.roadmap.verdicts import Check
from refactor_tool.roadmap.vocabulary import CONDITIONAL_WORDS, DEPRECATED_WORDS, says

if TYPE_CHECKING:
    from refactor_tool.check.use_case import CheckResult

_GOAL_PATH = re.compile(r"[\w./-]*\w\.py\b")
_SHOWN = 3


@dataclass(slots=True)
class AuditContext:
    roadmap: Roadmap
    repo: Repository
    probe: ImportProbe
    commands: Commands
    #: refactor-check's engine on the repository (run once, on first use)
    checks: Callable[[], CheckResult]


def check_task(task: Task, phase: Phase, ctx: AuditContext) -> Check:
    handlers = {TaskKind.EXTRACT: _extract, TaskKind.CREATE: _create, TaskKind.UPDATE: _update,
                TaskKind.DELETE: _delete, TaskKind.CHECK: _check}
    handler = handlers.get(task.kind)
    if handler is None:
        return Check.unknown("the task names no verb the audit knows (extract, create, update, delete, check)")
    return handler(task, phase, ctx)


def probe_names(roadmap: Roadmap, repo: Repository) -> list[str]:
    """Every `module:name` the task checks will ask about, so one interpreter answers them all."""
    names: list[str] = []
    for phase in roadmap.phases:
        for module, symbol in extracted(phase, repo):
            names += [f"{module}:", f"{module}:{symbol}"]
            names += [f"{old}:{symbol}" for old in old_paths(module, phase, repo)]
        for task in phase.tasks:
            if task.kind is TaskKind.UPDATE:
                for package in _updated_packages(task, phase, repo):
                    names += [f"{package}:{symbol}" for _module, symbol in _under(phase, repo, package)]
    return names


def extracted(phase: Phase, repo: Repository) -> list[tuple[str, str]]:
    """(new module, symbol) for each symbol the phase's extract tasks name, where the file is Python."""
    found = []
    for task in phase.tasks:
        if task.kind is TaskKind.EXTRACT and len(task.files) == 1:
            module = repo.module_name(repo.locate(task.files[0], phase))
            if module is not None and task.files[0].endswith(".py"):
                found += [(module, symbol) for symbol in task.symbols]
    return found


def goal_modules(phase: Phase, repo: Repository) -> tuple[tuple[str, str | None], ...]:
    """The Python files the phase's goal names (`core_engine.py`): (where, its module if it exists)."""
    found = []
    for named in dict.fromkeys(_GOAL_PATH.findall(phase.goal)):
        where = repo.locate(named, phase)
        found.append((where, repo.module_name(where) if repo.exists(where) else None))
    return tuple(found)


def old_paths(module: str, phase: Phase, repo: Repository) -> tuple[str, ...]:
    """Where the name was importable before: the packages above its new module, the goal's module."""
    parts = module.split(".")
    above = [".".join(parts[:end]) for end in range(len(parts) - 1, 0, -1)]
    named = [found for _where, found in goal_modules(phase, repo) if found is not None]
    return tuple(dict.fromkeys(path for path in (*named, *above) if path != module))


def _located(task: Task, phase: Phase, ctx: AuditContext) -> tuple[list[str], Check | None]:
    """Where each of the task's files is; a `fails` check when one is missing, `unknown` when none named."""
    if not task.files:
        return [], Check.unknown("the task names no file")
    places = [ctx.repo.locate(named, phase) for named in task.files]
    missing = [place for place in places if not ctx.repo.exists(place.rstrip("/"))]
    if missing:
        return places, Check.fails(*(f"`{place}` does not exist" for place in missing))
    return places, None


def _create(task: Task, phase: Phase, ctx: AuditContext) -> Check:
    places, problem = _located(task, phase, ctx)
    return problem or Check.holds(*(f"`{place}` exists" for place in places))


def _extract(task: Task, phase: Phase, ctx: AuditContext) -> Check:
    if len(task.files) > 1:
        return Check.unknown(f"the task names {len(task.files)} files; an extraction names the one file it makes")
    places, problem = _located(task, phase, ctx)
    if problem is not None:
        return problem
    where = places[0]
    if not ctx.repo.is_python(where):
        return Check.unknown(f"`{where}` exists; it is not Python, so what it defines "
                             f"({', '.join(task.symbols)}) is not checked") if task.symbols else \
            Check.holds(f"`{where}` exists")
    defined = ctx.repo.defined_names(where)
    if defined is None:
        return Check.fails(f"`{where}` does not parse")
    missing = [symbol for symbol in task.symbols if symbol not in defined]
    if missing:
        return Check.fails(f"`{where}` does not define {', '.join(f'`{m}`' for m in missing)}"
                           + (" (it only imports it)" if _imports_name(ctx.repo, where, missing) else ""))
    module = ctx.repo.module_name(where) or where
    loaded = ctx.probe.resolve(f"{module}:")
    if loaded.error is not None:
        return Check.fails(f"`{where}` does not import: {loaded.error}")
    if not task.symbols:
        return Check.holds(f"`{where}` exists and imports (the task names no symbol to look for)")
    evidence = [f"`{where}` defines {', '.join(f'`{s}`' for s in task.symbols)}"]
    failures = []
    for symbol in task.symbols:
        new = ctx.probe.resolve(f"{module}:{symbol}")
        same = []
        for old in old_paths(module, phase, ctx.repo):
            answer = ctx.probe.resolve(f"{old}:{symbol}")
            if answer.error is not None:
                failures.append(f"`{old}.{symbol}`: {answer.error}")
            elif answer.missing:
                if old in {found for _w, found in goal_modules(phase, ctx.repo)}:
                    failures.append(f"`{old}` no longer provides `{symbol}` (the phase's goal names it)")
            elif answer.identity != new.identity:
                failures.append(f"`{old}.{symbol}` is another object than `{module}.{symbol}`")
            else:
                same.append(f"`{old}.{symbol}`")
        if same:
            evidence.append(f"{', '.join(same)} still reach{'es' if len(same) == 1 else ''} the same object")
    evidence += [f"`{where}` (the phase's goal names it) is not in the repository, so no import path of it "
                 "is checked" for where, found in goal_modules(phase, ctx.repo) if found is None]
    return Check.fails(*failures) if failures else Check.holds(*evidence)


def _imports_name(repo: Repository, where: str, names: list[str]) -> bool:
    tree = repo.tree(where)
    imported = {alias.asname or alias.name for node in tree.body if hasattr(node, "names")
                for alias in node.names} if tree else set()
    return bool(imported & set(names))


def _updated_packages(task: Task, phase: Phase, repo: Repository) -> list[str]:
    places = [repo.locate(named, phase) for named in task.files]
    return [module for place in places if place.endswith("__init__.py") and repo.exists(place)
            for module in [repo.module_name(place)] if module]


def _under(phase: Phase, repo: Repository, package: str) -> list[tuple[str, str]]:
    return [(module, symbol) for module, symbol in extracted(phase, repo) if module.startswith(package + ".")]


def _update(task: Task, phase: Phase, ctx: AuditContext) -> Check:
    places, problem = _located(task, phase, ctx)
    if problem is not None:
        return problem
    packages = _updated_packages(task, phase, ctx.repo)
    if not packages:
        return Check.unknown(*(f"`{place}` exists; what the update changed in it is not checkable "
                               "(only a package `__init__.py`'s re-exports are)" for place in places))
    failures, evidence = [], []
    for package in packages:
        names = _under(phase, ctx.repo, package)
        if not names:
            evidence.append(f"nothing this phase extracts lies under `{package}`")
            continue
        for module, symbol in names:
            new, old = ctx.probe.resolve(f"{module}:{symbol}"), ctx.probe.resolve(f"{package}:{symbol}")
            if old.error is not None or new.error is not None:
                failures.append(f"`{package}.{symbol}`: {old.error or new.error}")
            elif old.missing:
                failures.append(f"`{package}` does not re-export `{symbol}`")
            elif old.identity != new.identity:
                failures.append(f"`{package}.{symbol}` is another object than `{module}.{symbol}`")
        if not failures:
            evidence.append(f"`{package}` re-exports {', '.join(f'`{s}`' for _m, s in names)}, "
                            "each the object its new module defines")
    if failures:
        return Check.fails(*failures)
    return Check.holds(*evidence) if any("re-exports" in e for e in evidence) else Check.unknown(*evidence)


def _uses(named: str, phase: Phase, ctx: AuditContext) -> tuple[list[str], tuple[str, ...], tuple[Importer, ...]]:
    """(existing readings of `named`, its module names, the files importing it from outside it)."""
    options = ctx.repo.candidates(named, phase)
    existing = [option for option in options if ctx.repo.exists(option.rstrip("/"))]
    modules = tuple(dict.fromkeys(m for m in map(ctx.repo.module_name, options) if m))
    return existing, modules, ctx.repo.importers(modules, skip=tuple(existing))


def _shown(importers: tuple[Importer, ...]) -> str:
    more = f" and {len(importers) - _SHOWN} more" if len(importers) > _SHOWN else ""
    return "; ".join(map(str, importers[:_SHOWN])) + more


def _delete(task: Task, phase: Phase, ctx: AuditContext) -> Check:
    if task.files:
        checks = [_deleted(named, task, phase, ctx) for named in task.files]
        failed = [c for c in checks if c.outcome.name == "FAILS"]
        return failed[0] if failed else Check.holds(*(e for c in checks for e in c.evidence))
    if says(task.text, DEPRECATED_WORDS):
        return deprecated_exports(task, ctx)
    return Check.unknown("the task names no path to look for")


def _deleted(named: str, task: Task, phase: Phase, ctx: AuditContext) -> Check:
    existing, modules, importers = _uses(named, phase, ctx)
    if existing and importers and says(task.text, CONDITIONAL_WORDS):
        return Check.holds(f"`{existing[0]}` is kept while it is used ({_shown(importers)}); the task deletes it "
                           "only if unused")
    if existing:
        return Check.fails(f"`{existing[0]}` still exists" + (f"; {_shown(importers)}" if importers else ""))
    if importers:
        return Check.fails(f"`{named}` is gone, but {_shown(importers)}")
    shown = ", ".join(f"`{m}`" for m in modules) or f"`{named}`"
    return Check.holds(f"`{named}` is gone and nothing imports {shown}")


def deprecated_exports(task: Task, ctx: AuditContext) -> Check:
    foreign = [place for place in task.within if not place.endswith(".py")]
    if foreign:
        return Check.unknown(f"`{foreign[0]}` is not Python: deprecated exports are found in Python code only")
    result = ctx.checks()
    skipped = [line for line in result.skipped if line.startswith("deprecated-export")]
    if skipped:
        return Check.unknown(f"refactor-check: {skipped[0]}")
    found = [f for f in result.findings if f.kind.value == "deprecated-export" and f.failing]
    if found:
        return Check.fails(*(f"{f.path}:{f.line}: {f.subject} is still marked deprecated" for f in found))
    return Check.holds("refactor-check finds no export still marked deprecated")


def _check(task: Task, phase: Phase, ctx: AuditContext) -> Check:
    if task.commands:
        return ctx.commands.check(*task.commands)
    if task.files:
        evidence = []
        for named in task.files:
            existing, modules, importers = _uses(named, phase, ctx)
            where = f"`{existing[0]}`" if existing else f"`{named}` (not in the repository)"
            evidence.append(f"{where}: {_shown(importers)}" if importers else
                            f"{where}: nothing imports {', '.join(f'`{m}`' for m in modules) or 'it'}")
        return Check.holds(*evidence)
    return Check.unknown("the task names no command to run and no path to look at")
