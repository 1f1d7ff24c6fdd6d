"""`roadmap audit`: every promise of a roadmap checked against the repository, one verdict each.

Tasks in file order (each phase's expected tree after its tasks), then the resource limits and the
success criteria. Imports are resolved in one fresh interpreter, refactor-check's engine runs once,
each command once.
"""

from __future__ import annotations

from dataclasses import dataclass

from refactor_tool.io.interpreter import Interpreter
from refactor_tool.roadmap.audit_budgets import (
    EngineChecks,
    check_criterion,
    check_limit,
    check_tree,
)
from refactor_tool.roadmap.audit_tasks import AuditContext, check_task, probe_names
from refactor_tool.roadmap.commands import CommandRunner, Commands
from refactor_tool.roadmap.model import CriterionKind, Phase, Roadmap
from refactor_tool.roadmap.probe import ImportProbe
from refactor_tool.roadmap.repository import Repository
from refactor_tool.roadmap.verdicts import AuditItem, AuditReport, Subject, item


@dataclass(frozen=True, slots=True)
class AuditPorts:
    """The outside world the audit touches: the interpreter that imports the code, the command runner."""

    interpreter: Interpreter | None = None
    commands: CommandRunner | None = None


def audit_context(roadmap: Roadmap, repo: Repository, *, base: str | None = None, run_commands: bool = True,
                  ports: AuditPorts | None = None) -> AuditContext:
    ports = ports or AuditPorts()
    return AuditContext(roadmap, repo, ImportProbe(repo.import_roots(), ports.interpreter),
                        Commands(repo.root, ports.commands, enabled=run_commands), EngineChecks(repo, roadmap, base))


def audit_phase(phase: Phase, ctx: AuditContext) -> tuple[AuditItem, ...]:
    """The verdicts of one phase's tasks and expected trees."""
    ctx.probe.resolve_all(probe_names(Roadmap(ctx.roadmap.path, ctx.roadmap.title, (phase,), (), (), (), ()),
                                      ctx.repo))
    found = [item(Subject.TASK, task.line, phase.number, task.text, task.done, check_task(task, phase, ctx))
             for task in phase.tasks]
    complete = all(task.done for task in phase.tasks)
    found += [item(Subject.TREE, tree.line, phase.number, f"expected tree of phase {phase.number}: {tree.root}",
                   complete, check_tree(tree, ctx.repo)) for tree in phase.trees]
    return tuple(found)


def audit(roadmap: Roadmap, repo: Repository, *, base: str | None = None, run_commands: bool = True,
          ports: AuditPorts | None = None) -> AuditReport:
    ctx = audit_context(roadmap, repo, base=base, run_commands=run_commands, ports=ports)
    ctx.probe.resolve_all(probe_names(roadmap, repo))
    items = [entry for phase in roadmap.phases for entry in audit_phase(phase, ctx)]
    result = ctx.checks()
    usage = {}
    for limit in roadmap.limits:
        check, used = check_limit(limit, result)
        if used is not None:
            usage[limit.kind] = used
        items.append(item(Subject.LIMIT, limit.line, None, f"{limit.kind.value}: {limit.text}", True, check))
    finished = all(task.done for phase in roadmap.phases for task in phase.tasks)
    configured = {CriterionKind.SMOKE_TEST: repo.config.smoke_test, CriterionKind.TESTS: repo.config.gate}
    items += [item(Subject.CRITERION, criterion.line, None, criterion.text, finished,
                   check_criterion(criterion, repo, ctx.commands, result, configured))
              for criterion in roadmap.criteria]
    return AuditReport(roadmap.path, str(repo.root), result.base, tuple(sorted(items, key=lambda e: e.line)), usage)
