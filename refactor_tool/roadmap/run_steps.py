"""The steps of a phase, planned from its open tasks and carried out one by one.

Writing steps first (the splits, new package folders, deletions, deprecated exports removed), then the
check tasks' commands; every phase closes with refactor-check's limits and the gate. Every file change
goes through the journalled transaction, so `refactor-tool undo` reverts the last one.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from refactor_tool.errors import PlanError
from refactor_tool.io.folders import remove_empty_folders
from refactor_tool.io.journal import Journal
from refactor_tool.io.transaction import FileChange, Transaction
from refactor_tool.roadmap.audit_budgets import EngineChecks
from refactor_tool.roadmap.commands import Commands
from refactor_tool.roadmap.deprecations import remove_definitions
from refactor_tool.roadmap.files import current_text
from refactor_tool.roadmap.model import Phase, Roadmap, Task, TaskKind
from refactor_tool.roadmap.plans import PhaseSplit, phase_splits
from refactor_tool.roadmap.repository import Repository
from refactor_tool.roadmap.run_model import SplitPort, StepKind, StepResult, StepStatus
from refactor_tool.roadmap.verdicts import Outcome
from refactor_tool.roadmap.vocabulary import CONDITIONAL_WORDS, DEPRECATED_WORDS, says

#: the budgets a phase must keep (refactor-check finding kinds); file size only of the files it wrote, since a
#: later phase's monolith is over the limit until that phase splits it
_BUDGET_KINDS = ("file-too-large", "too-many-new-files", "new-dependency", "api-break")
_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Step:
    kind: StepKind
    title: str
    tasks: tuple[int, ...] = ()
    split: PhaseSplit | None = None
    task: Task | None = None
    commands: tuple[str, ...] = ()

    @property
    def closing(self) -> bool:
        """The checks and the gate: no circuit breaker cuts them, they check what was done."""
        return self.kind in (StepKind.CHECKS, StepKind.GATE)


@dataclass(slots=True)
class RunEnv:
    roadmap: Roadmap
    phase: Phase
    repo: Repository
    commands: Commands
    engine: EngineChecks
    split: SplitPort
    dry_run: bool
    #: the exit code when a signal stopped a split
    interrupted: int | None = None
    #: files the splits of a dry run would write
    planned: set[Path] = field(default_factory=set)
    #: files this phase wrote or deleted (project-relative): the ones its file-size check looks at
    written: set[str] = field(default_factory=set)

    def wrote(self, paths: Sequence[Path | str]) -> None:
        for path in paths:
            resolved = Path(path).resolve()
            if resolved.is_relative_to(self.repo.root):
                self.written.add(resolved.relative_to(self.repo.root).as_posix())

    def changed(self) -> None:
        self.repo.forget()
        self.commands.forget()
        self.engine.forget()


def plan_steps(env: RunEnv, tasks: Sequence[Task]) -> list[Step]:
    """The steps that carry out `tasks` (open tasks of `env.phase`), then the closing checks and gate."""
    steps = [Step(StepKind.SPLIT, f"split `{split.source}` into {', '.join(f'`{m.path}`' for m in split.spec.modules)}",
                  split.tasks, split=split)
             for split in phase_splits(env.roadmap, env.phase, env.repo, tasks)]
    for task in tasks:
        if task.kind is TaskKind.CREATE and task.files:
            steps.append(Step(StepKind.CREATE, f"create {', '.join(f'`{f}`' for f in task.files)}", (task.line,),
                              task=task))
        elif task.kind is TaskKind.DELETE and task.files:
            steps.append(Step(StepKind.DELETE, f"delete {', '.join(f'`{f}`' for f in task.files)}", (task.line,),
                              task=task))
        elif task.kind is TaskKind.DELETE and says(task.text, DEPRECATED_WORDS):
            steps.append(Step(StepKind.DEPRECATED, "remove the exports still marked deprecated", (task.line,),
                              task=task))
    steps += [Step(StepKind.COMMAND, f"run {', '.join(f'`{c}`' for c in task.commands)}", (task.line,),
                   task=task, commands=task.commands)
              for task in tasks if task.kind is TaskKind.CHECK and task.commands]
    steps.append(Step(StepKind.CHECKS, "refactor-check: the limits (new files, dependencies, API breaks, file size)"))
    gate = env.repo.config.gate
    if gate:
        steps.append(Step(StepKind.GATE, f"gate `{gate}`", commands=(gate,)))
    return steps


def execute(step: Step, env: RunEnv) -> StepResult:
    started = time.monotonic()
    handlers = {StepKind.SPLIT: _split, StepKind.CREATE: _create, StepKind.DELETE: _delete,
                StepKind.DEPRECATED: _deprecated, StepKind.COMMAND: _commands, StepKind.CHECKS: _checks,
                StepKind.GATE: _commands}
    status, detail = handlers[step.kind](step, env)
    return StepResult(step.kind, step.title, step.tasks, status, tuple(detail), time.monotonic() - started)


def _split(step: Step, env: RunEnv) -> tuple[StepStatus, list[str]]:
    assert step.split is not None
    try:
        outcome = env.split(env.repo.root / step.split.source, step.split.spec, env.dry_run)
    except PlanError as error:  # the phase's split cannot be carried out as planned: the phase fails
        return StepStatus.FAILED, [f"the split refused the plan, nothing written: {error.one_line()}"]
    if env.dry_run:
        env.planned |= {Path(path).resolve() for path in outcome.written}
        return StepStatus.PLANNED, [*outcome.detail, *(["diff:\n" + outcome.diff] if outcome.diff else [])]
    env.changed()
    env.wrote(outcome.written)
    env.interrupted = outcome.interrupted
    return (StepStatus.DONE if outcome.ok else StepStatus.FAILED), [*outcome.detail]


def _write(env: RunEnv, changes: list[FileChange], what: str) -> None:
    with Transaction(changes, Journal(env.repo.root, f"roadmap run {env.roadmap.path}: {what}")):
        pass
    env.changed()
    env.wrote([change.path for change in changes])


def _create(step: Step, env: RunEnv) -> tuple[StepStatus, list[str]]:
    assert step.task is not None
    changes, detail, left = [], [], []
    for named in step.task.files:
        where = env.repo.locate(named, env.phase)
        folder = (env.repo.root / where).resolve()
        if env.repo.exists(where.rstrip("/")):
            detail.append(f"`{where}` is there already")
        elif any(folder in path.parents for path in env.planned):
            detail.append(f"the split above creates `{where}`")
        elif where.endswith("/"):
            init = env.repo.root / where / "__init__.py"
            name = PurePosixPath(where.rstrip("/")).name
            text = f'"""The `{name}` package (phase {env.phase.number} of {Path(env.roadmap.path).name})."""\n'
            changes.append(FileChange(init, None, text))
            detail.append(f"{'would create' if env.dry_run else 'created'} `{where}__init__.py`")
        else:
            left.append(f"`{where}`: the roadmap does not say what the new file holds")
    if changes and not env.dry_run:
        _write(env, changes, step.title)
    return (StepStatus.LEFT if left else StepStatus.PLANNED if env.dry_run else StepStatus.DONE), detail + left


def _delete(step: Step, env: RunEnv) -> tuple[StepStatus, list[str]]:
    assert step.task is not None
    changes, detail, folders = [], [], []
    for named in step.task.files:
        options = env.repo.candidates(named, env.phase)
        existing = [option for option in options if env.repo.exists(option.rstrip("/"))]
        if not existing:
            detail.append(f"`{named}` is gone already")
            continue
        modules = tuple(dict.fromkeys(m for m in map(env.repo.module_name, options) if m))
        importers = env.repo.importers(modules, skip=tuple(existing))
        if importers:
            used = "; ".join(map(str, importers[:_SHOWN]))
            if says(step.task.text, CONDITIONAL_WORDS):
                detail.append(f"`{existing[0]}` kept: it is used ({used})")
                continue
            return StepStatus.FAILED, [f"`{existing[0]}` is still imported ({used}); not deleted"]
        for place in existing:
            target = env.repo.root / place.rstrip("/")
            files = [target] if target.is_file() else sorted(
                p for p in target.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            changes += [FileChange(path, current_text(path), None) for path in files]
            folders += [target] if target.is_dir() else []
            detail.append(f"{'would delete' if env.dry_run else 'deleted'} `{place}` ({len(files)} files); "
                          "nothing imports it")
    if env.dry_run:
        return StepStatus.PLANNED, detail
    if changes:
        _write(env, changes, step.title)
        for folder in folders:
            remove_empty_folders(folder)
    return StepStatus.DONE, detail


def _deprecated(step: Step, env: RunEnv) -> tuple[StepStatus, list[str]]:
    result = env.engine()
    skipped = [line for line in result.skipped if line.startswith("deprecated-export")]
    if skipped:
        return StepStatus.LEFT, [f"refactor-check: {skipped[0]}"]
    by_path: dict[str, set[str]] = {}
    for finding in result.findings:
        if finding.kind.value == "deprecated-export" and finding.failing:
            by_path.setdefault(finding.path, set()).add(finding.subject.rpartition(".")[2])
    changes, detail, left = [], [], []
    for path, names in sorted(by_path.items()):
        target = env.repo.root / path
        before = current_text(target) or ""
        removal = remove_definitions(before, frozenset(names))
        if removal.removed:
            changes.append(FileChange(target, before, removal.text))
            detail.append(f"{'would remove' if env.dry_run else 'removed'} from `{path}`: "
                          f"{', '.join(f'`{n}`' for n in removal.removed)}")
        left += [f"`{path}`: `{name}` is not a definition (a `__getattr__` serves it): left for a person"
                 for name in removal.left]
    if not by_path:
        detail.append("no export is marked deprecated")
    if changes and not env.dry_run:
        _write(env, changes, step.title)
    return (StepStatus.LEFT if left else StepStatus.PLANNED if env.dry_run else StepStatus.DONE), detail + left


def _commands(step: Step, env: RunEnv) -> tuple[StepStatus, list[str]]:
    if env.dry_run:
        return StepStatus.PLANNED, [f"would run `{command}`" for command in step.commands]
    check = env.commands.check(*step.commands)
    status = {Outcome.HOLDS: StepStatus.DONE, Outcome.FAILS: StepStatus.FAILED}.get(check.outcome)
    if status is None:  # could not start: a check task is left; a gate that cannot start fails
        status = StepStatus.FAILED if step.kind is StepKind.GATE else StepStatus.LEFT
    return status, list(check.evidence)


def _checks(step: Step, env: RunEnv) -> tuple[StepStatus, list[str]]:
    if env.dry_run:
        return StepStatus.PLANNED, ["would run refactor-check's limits"]
    result = env.engine()
    failing = [f for f in result.findings if f.kind.value in _BUDGET_KINDS and f.failing
               and (f.kind.value != "file-too-large" or f.path in env.written)]
    if failing:
        shown = [f"{f.kind.value}: {f.path}:{f.line}: {f.message}" if f.path else f"{f.kind.value}: {f.message}"
                 for f in failing[:_SHOWN]]
        return StepStatus.FAILED, shown + ([f"and {len(failing) - _SHOWN} more"] if len(failing) > _SHOWN else [])
    used = ", ".join(f"{name} {value}" for name, value in sorted(result.usage.items()))
    return StepStatus.DONE, [f"within every limit ({used or 'nothing counted'}; base {result.base or 'none'})"]
