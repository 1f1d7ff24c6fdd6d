"""`roadmap run`: the phases in order, each timed against its timebox, its circuit breaker applied when it
runs over, and the boxes of the tasks it completed ticked.

The clock is read after every step. Over the timebox, the phase's action decides: carry-over stops the
run (the rest waits for the next run), reduce-scope re-plans the rest down to the files the roadmap keeps,
defer-optional leaves the phase and goes on. The closing checks and the gate always run: they check what
was done. A task is ticked when the audit finds it done; nothing else in the roadmap changes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.io.git import check_clean
from refactor_tool.io.journal import refuse_if_interrupted
from refactor_tool.roadmap.audit import AuditPorts, audit_context
from refactor_tool.roadmap.audit_budgets import check_tree
from refactor_tool.roadmap.audit_tasks import AuditContext, check_task, probe_names
from refactor_tool.roadmap.events import Clock, EventKind, TimeboxEvent, append_event
from refactor_tool.roadmap.files import current_text, write_texts
from refactor_tool.roadmap.lint import matches
from refactor_tool.roadmap.model import ActionKind, Phase, Roadmap, Task
from refactor_tool.roadmap.parse import read_roadmap
from refactor_tool.roadmap.repository import Repository
from refactor_tool.roadmap.run_model import (
    PhaseEnd,
    PhaseRun,
    RunPorts,
    RunResult,
    SplitPort,
    StepResult,
    StepStatus,
)
from refactor_tool.roadmap.run_steps import RunEnv, Step, execute, plan_steps
from refactor_tool.roadmap.ticks import tick
from refactor_tool.roadmap.verdicts import AuditItem, Outcome, Subject, item

#: how a breaker ends the phase
_ENDS = {ActionKind.CARRY_OVER: PhaseEnd.CARRIED_OVER, ActionKind.REDUCE_SCOPE: PhaseEnd.SCOPE_CUT,
         ActionKind.DEFER_OPTIONAL: PhaseEnd.DEFERRED}


class PhaseRunner:
    """Runs one phase of `roadmap` in `repo`; events go to `log`, ticks into the roadmap file."""

    def __init__(self, roadmap: Roadmap, path: Path, repo: Repository, log: Path, clock: Clock, ports: RunPorts,
                 *, dry_run: bool, split_port: SplitPort) -> None:
        self.roadmap, self.path, self.repo, self.log, self.clock = roadmap, path, repo, log, clock
        self.ports, self.dry_run, self.split_port = ports, dry_run, split_port
        self.interrupted: int | None = None

    def run(self, phase: Phase) -> PhaseRun:
        open_tasks = [task for task in phase.tasks if not task.done]
        box = self.roadmap.timebox(phase.number)
        budget = box.limit if box else None
        if not open_tasks:
            return PhaseRun(phase.number, phase.title, PhaseEnd.ALREADY_DONE, budget, timedelta(), ())
        ctx = audit_context(self.roadmap, self.repo,
                            ports=AuditPorts(interpreter=self.ports.interpreter, commands=self.ports.commands))
        env = RunEnv(self.roadmap, phase, self.repo, ctx.commands, ctx.checks, self.split_port, self.dry_run)
        started = self.clock.now()
        self._event(EventKind.START, phase, started)
        queue = plan_steps(env, open_tasks)
        results: list[StepResult] = []
        cut: list[int] = []
        action: ActionKind | None = None
        end = PhaseEnd.PLANNED if self.dry_run else PhaseEnd.DONE
        try:
            while queue:
                step = queue.pop(0)
                over = budget is not None and not self.dry_run and self.clock.now() - started > budget
                if results and over and action is None and not step.closing and box is not None:
                    action, end = box.action.kind, _ENDS[box.action.kind]
                    self._event(EventKind.ACTION, phase, self.clock.now(), action)
                    rest = [step, *queue]
                    kept = _in_scope(open_tasks, rest, box.action.scope) if action is ActionKind.REDUCE_SCOPE else []
                    cut = [line for s in rest if not s.closing for line in s.tasks if line not in {t.line for t in kept}]
                    queue = plan_steps(env, kept) if kept else [s for s in rest if s.closing]
                    continue
                result = execute(step, env)
                results.append(result)
                if env.interrupted is not None:
                    self.interrupted = env.interrupted
                if result.status is StepStatus.FAILED or env.interrupted is not None:
                    end = PhaseEnd.FAILED
                    cut += [line for s in queue for line in s.tasks]
                    break
        finally:
            spent = self.clock.now() - started
            self._event(EventKind.STOP, phase, self.clock.now())
        if self.dry_run:
            return PhaseRun(phase.number, phase.title, end, budget, spent, tuple(results), action, tuple(cut))
        verdicts, ticked = self._audit_and_tick(phase, open_tasks, set(cut), ctx)
        left = [task.line for task in open_tasks if task.line not in ticked and task.line not in cut]
        if end is PhaseEnd.DONE and (left or any(r.status is StepStatus.LEFT for r in results)):
            end = PhaseEnd.INCOMPLETE
        return PhaseRun(phase.number, phase.title, end, budget, spent, tuple(results), action, tuple(cut),
                        tuple(sorted(ticked)), verdicts)

    def _event(self, kind: EventKind, phase: Phase, at: datetime, action: ActionKind | None = None) -> None:
        if not self.dry_run:
            append_event(self.log, TimeboxEvent(kind, phase.number, at, action))

    def _audit_and_tick(self, phase: Phase, open_tasks: list[Task], cut: set[int], ctx: AuditContext
                        ) -> tuple[tuple[AuditItem, ...], set[int]]:
        """Check every task the breaker did not cut (done ones too); tick the open ones that hold."""
        ctx.probe.resolve_all(probe_names(replace(self.roadmap, phases=(phase,)), self.repo))
        items, ticked = [], set()
        for task in phase.tasks:
            if task.line in cut:
                continue
            check = check_task(task, phase, ctx)
            if not task.done and check.outcome is Outcome.HOLDS:
                ticked.add(task.line)
            items.append(item(Subject.TASK, task.line, phase.number, task.text,
                              task.done or task.line in ticked, check))
        complete = all(task.done or task.line in ticked for task in phase.tasks)
        items += [item(Subject.TREE, tree.line, phase.number, f"expected tree of phase {phase.number}: {tree.root}",
                       complete, check_tree(tree, self.repo)) for tree in phase.trees]
        if ticked:
            text = current_text(self.path)
            if text is None:
                raise InputError("the roadmap file is gone", path=self.path)
            write_texts({self.path: tick(text, ticked, path=str(self.path))}, what="the ticked roadmap")
        return tuple(items), ticked


def _in_scope(open_tasks: list[Task], rest: list[Step], scope: tuple[str, ...]) -> list[Task]:
    """The open tasks still to do that name a file the roadmap's reduced scope keeps."""
    waiting = {line for step in rest for line in step.tasks}
    return [task for task in open_tasks if task.line in waiting
            and any(matches(kept, named) or matches(named, kept) for kept in scope for named in task.files)]


def run_phases(path: Path, log: Path, clock: Clock, ports: RunPorts, *, phase: int | None = None,
               dry_run: bool = False, allow_dirty: bool = False) -> RunResult:
    """Every phase from the first (or just `phase`), stopping where one leaves work the next needs."""
    roadmap = read_roadmap(path)
    if phase is not None and roadmap.phase(phase) is None:
        known = ", ".join(str(p.number) for p in roadmap.phases)
        raise InputError(f"the roadmap has no phase {phase} (it has {known})", path=path)
    repo = Repository.of(path)
    if not dry_run:
        refuse_if_interrupted(repo.root)
        if not allow_dirty:
            check_clean(repo.root)
    split_port = ports.split
    if split_port is None:
        from refactor_tool.roadmap.splitting import split_module

        split_port = split_module
    runner = PhaseRunner(roadmap, path, repo, log, clock, ports, dry_run=dry_run, split_port=split_port)
    numbers = [phase] if phase is not None else [p.number for p in roadmap.phases]
    runs: list[PhaseRun] = []
    for index, number in enumerate(numbers):
        current = read_roadmap(path)  # the ticks of the phases before
        runner.roadmap = current
        found = current.phase(number)
        assert found is not None
        runs.append(runner.run(found))
        if runner.interrupted is not None or runs[-1].end in _STOPS:
            return RunResult(str(path), dry_run, tuple(runs), interrupted=runner.interrupted,
                             waiting=tuple(numbers[index + 1:]))
    return RunResult(str(path), dry_run, tuple(runs))


#: how a phase ends when the phases after it must wait
_STOPS = (PhaseEnd.CARRIED_OVER, PhaseEnd.FAILED, PhaseEnd.INCOMPLETE)
