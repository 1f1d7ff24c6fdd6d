"""A phase's extract tasks as split plans: which module to split, and a `PlanSpec` for it.

The module to split is the one that defines the symbols the tasks name today (the roadmap need not
name it). Roadmap paths are project-relative; a plan's are relative to the split module's folder
(shim layout), so each is rebased. An extract task that names no symbol (`loop.py` extract (the
training loop)) takes the code that joins up what the phase's other extractions take: every definition
that uses the symbols of two or more of them, directly or through others. A definition built on one
extraction's symbols only goes with that extraction (`train_options`, built on `TrainArgs`, goes to
`args.py`); what the symbols use follows them in the split itself, as in any plan.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from refactor_tool.errors import InputError, RefactorToolError
from refactor_tool.roadmap.model import Phase, Roadmap, Task, TaskKind
from refactor_tool.roadmap.repository import Repository
from refactor_tool.split.use_case import Layout, PlannedModule, PlanSpec
from refactor_tool.syntax.facts import analyze_module
from refactor_tool.syntax.source import read_source


@dataclass(frozen=True, slots=True)
class PhaseSplit:
    """One split a phase asks for: the module to split (project-relative) and the plan for it."""

    source: str
    spec: PlanSpec
    #: roadmap lines of the extract tasks it carries out
    tasks: tuple[int, ...]


def extraction_done(task: Task, phase: Phase, repo: Repository) -> bool:
    """The task's file exists and defines every symbol it names (all the audit needs to see)."""
    if task.kind is not TaskKind.EXTRACT or len(task.files) != 1:
        return False
    where = repo.locate(task.files[0], phase)
    defined = repo.defined_names(where) if repo.exists(where) else None
    return defined is not None and set(task.symbols) <= defined


def phase_splits(roadmap: Roadmap, phase: Phase, repo: Repository,
                 tasks: Iterable[Task] | None = None) -> tuple[PhaseSplit, ...]:
    """The splits that carry out `tasks` (default: the phase's unticked ones), skipping extractions done."""
    chosen = [task for task in phase.tasks if not task.done] if tasks is None else list(tasks)
    wanted = [task for task in chosen if task.kind is TaskKind.EXTRACT and not extraction_done(task, phase, repo)]
    for task in wanted:
        _plannable(roadmap, task)
    named = [task for task in wanted if task.symbols]
    bare = [task for task in wanted if not task.symbols]
    by_source: dict[str, list[Task]] = {}
    for task in named:
        by_source.setdefault(_source_of(roadmap, phase, task, repo), []).append(task)
    if bare:
        if len(by_source) != 1:
            raise InputError(f"the task names no symbol, and phase {phase.number} splits "
                             f"{len(by_source) or 'no'} module{'s' if len(by_source) != 1 else ''}: name the "
                             "symbols it takes, in parentheses", path=roadmap.path, line=bare[0].line)
        by_source[next(iter(by_source))] += bare
    return tuple(_split(roadmap, phase, repo, source, group) for source, group in by_source.items())


def _plannable(roadmap: Roadmap, task: Task) -> None:
    if len(task.files) != 1:
        raise InputError(f"an extraction names the one file it makes; this task names {len(task.files)}",
                         path=roadmap.path, line=task.line)
    if not task.files[0].endswith(".py"):
        raise InputError(f"`{task.files[0]}` is not a Python module: `roadmap run` splits Python modules only",
                         path=roadmap.path, line=task.line)


def _candidates(repo: Repository) -> tuple[str, ...]:
    folders = repo.package_folders()
    files = repo.python_files()
    return tuple(f for f in files if not folders or f.startswith(folders)) if folders else \
        tuple(f for f in files if not f.startswith("tests/"))


def _source_of(roadmap: Roadmap, phase: Phase, task: Task, repo: Repository) -> str:
    """The one module that defines all the task's symbols today (not its own target)."""
    target = repo.locate(task.files[0], phase)
    holders = [path for path in _candidates(repo) if path != target
               and set(task.symbols) <= (repo.defined_names(path) or frozenset())]
    if len(holders) == 1:
        return holders[0]
    names = ", ".join(f"`{s}`" for s in task.symbols)
    if not holders:
        partly = [path for path in _candidates(repo) if set(task.symbols) & (repo.defined_names(path) or set())]
        where = f" (found apart in {', '.join(partly[:3])})" if partly else ""
        raise InputError(f"no module of the project defines {names} together{where}, so there is nothing to "
                         "extract them from", path=roadmap.path, line=task.line)
    raise InputError(f"{names} defined in {len(holders)} modules ({', '.join(holders[:3])}): which one to split "
                     "is ambiguous", path=roadmap.path, line=task.line)


def _split(roadmap: Roadmap, phase: Phase, repo: Repository, source: str, tasks: list[Task]) -> PhaseSplit:
    folder = PurePosixPath(source).parent
    named = [task for task in tasks if task.symbols]
    built = _built_on(repo, source, [task.symbols for task in named]) if len(named) < len(tasks) else {}
    joined = tuple(name for name, (on, _users) in built.items() if len(on) > 1)
    followers: dict[int, tuple[str, ...]] = {}
    for name, (on, users) in built.items():
        # built on one extraction; what only the joined-up code uses goes with it in the split itself
        if len(on) == 1 and not (users and users <= set(joined)):
            (index,) = on
            followers[named[index].line] = (*followers.get(named[index].line, ()), name)
    modules = []
    for task in tasks:
        target = repo.locate(task.files[0], phase)
        relative = os.path.relpath(target, folder).replace(os.sep, "/")
        if relative.startswith("../"):
            raise InputError(f"`{target}` is outside `{folder}/`, where a split of `{source}` puts its modules",
                             path=roadmap.path, line=task.line)
        symbols = (*task.symbols, *followers.get(task.line, ())) if task.symbols else joined
        if not symbols:
            raise InputError(f"nothing in `{source}` is built on what the phase's other extractions take, so "
                             "this task has nothing to take: name its symbols in parentheses",
                             path=roadmap.path, line=task.line)
        modules.append(PlannedModule(path=relative, symbols=tuple(symbols), line=task.line))
    return PhaseSplit(source, PlanSpec(modules=tuple(modules), layout=Layout.SHIM, max_lines=_max_lines(roadmap),
                                       max_new_files=_max_new_files(roadmap), source=roadmap.path),
                      tuple(task.line for task in tasks))


def _built_on(repo: Repository, source: str, groups: list[tuple[str, ...]]
              ) -> dict[str, tuple[frozenset[int], frozenset[str]]]:
    """Definitions of `source` outside `groups` that use groups' symbols (directly or through each other,
    annotations included), in source order: the indexes of the groups each is built on, and its users."""
    try:
        text = read_source(repo.root / source).text
        analysis = analyze_module(text, source)
    except (RefactorToolError, SyntaxError) as error:
        raise InputError(f"cannot read the module to split: {error}", path=repo.root / source) from None
    group_of = {symbol: index for index, symbols in enumerate(groups) for symbol in symbols}
    uses: dict[str, frozenset[str]] = {}
    for statement in analysis.statements:
        if statement.kind.name != "CODE":
            continue
        reads = statement.uses_import | statement.uses_call | statement.uses_when_called | statement.uses_annotation
        for name in statement.defines:
            if name not in group_of:
                uses[name] = uses.get(name, frozenset()) | (reads - {name})
    users: dict[str, set[str]] = {}
    for name, reads in uses.items():
        for read in reads:
            users.setdefault(read, set()).add(name)
    on: dict[str, frozenset[int]] = {name: frozenset() for name in uses}
    changed = True
    while changed:
        changed = False
        for name, reads in uses.items():
            found = on[name].union(*(on.get(r, frozenset()) for r in reads),
                                   {group_of[r] for r in reads if r in group_of})
            if found != on[name]:
                on[name] = found
                changed = True
    return {name: (found, frozenset(users.get(name, ()))) for name, found in on.items() if found}


def _max_lines(roadmap: Roadmap) -> int | None:
    sized = [c.number for c in roadmap.criteria if c.kind.value == "file-size" and c.number]
    lines = [limit.value for limit in roadmap.limits if limit.kind.value == "file-lines"]
    return min(sized + lines) if sized or lines else None


def _max_new_files(roadmap: Roadmap) -> int | None:
    limit = next((limit for limit in roadmap.limits if limit.kind.value == "new-files"), None)
    return limit.value if limit is not None and limit.value > 0 else None
