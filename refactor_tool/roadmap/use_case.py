"""The roadmap feature's use cases, one call per command: read the files, do the work, return a value.

The event log and the report default to `reports/` beside the roadmap, so the commands work the same
from any directory; clock and git come in as ports.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from refactor_tool.errors import InputError
from refactor_tool.roadmap.events import DEFAULT_LOG, Clock, SystemClock, read_events
from refactor_tool.roadmap.lint import LintResult, lint
from refactor_tool.roadmap.model import CriterionKind, Roadmap
from refactor_tool.roadmap.parse import read_roadmap
from refactor_tool.roadmap.stopwatch import PhaseClock, phase_status, start_phase, stop_phase

if TYPE_CHECKING:
    from refactor_tool.roadmap.audit import AuditPorts
    from refactor_tool.roadmap.history import GitHistory
    from refactor_tool.roadmap.report import AuditResults, TimeboxReport
    from refactor_tool.roadmap.run_model import RunPorts, RunResult
    from refactor_tool.roadmap.verdicts import AuditReport
    from refactor_tool.split.use_case import PlanSpec

# The audit, the report and the run (about two thirds of this module's import time) load in the calls that
# use them: reading a roadmap (`show_roadmap`, refactor-check's limits) needs only the parser.
_LOADED_ON_USE = {"AuditReport": "refactor_tool.roadmap.verdicts", "RunResult": "refactor_tool.roadmap.run_model"}


def __getattr__(name: str) -> Any:
    if name in _LOADED_ON_USE:
        import importlib

        return getattr(importlib.import_module(_LOADED_ON_USE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

REPORT_NAME = "timebox"


__all__ = [
    "AuditReport",
    "ReportResult",
    "RunResult",
    "audit_roadmap",
    "lint_roadmap",
    "phase_clock_status",
    "phase_plan",
    "run_roadmap",
    "show_roadmap",
    "start_phase_clock",
    "stop_phase_clock",
    "write_timebox_report",
]

def show_roadmap(path: Path) -> Roadmap:
    return read_roadmap(path)


def lint_roadmap(path: Path, *, configured: Collection[CriterionKind] = ()) -> LintResult:
    return lint(read_roadmap(path), configured=configured)


def default_log(roadmap_path: Path) -> Path:
    return roadmap_path.parent / DEFAULT_LOG


def start_phase_clock(path: Path, number: int, *, log: Path | None = None,
                      clock: Clock | None = None) -> PhaseClock:
    return start_phase(read_roadmap(path), number, log or default_log(path), clock or SystemClock())


def stop_phase_clock(path: Path, number: int, *, log: Path | None = None, clock: Clock | None = None,
                     took_action: bool = False) -> PhaseClock:
    return stop_phase(read_roadmap(path), number, log or default_log(path), clock or SystemClock(),
                      took_action=took_action)


def phase_clock_status(path: Path, number: int, *, log: Path | None = None,
                       clock: Clock | None = None) -> PhaseClock:
    return phase_status(read_roadmap(path), number, log or default_log(path), clock or SystemClock())


@dataclass(frozen=True, slots=True)
class ReportResult:
    report: TimeboxReport
    written: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"written": list(self.written), "report": self.report.as_dict()}


def write_timebox_report(path: Path, *, output_dir: Path | None = None, log: Path | None = None,
                         audit: AuditResults | None = None, git: GitHistory | None = None,
                         clock: Clock | None = None) -> ReportResult:
    """Write `timebox.md` and `timebox.json` (both or neither). `audit` is where verdicts come in
    (`audit_roadmap(...).results()`, or a run's)."""
    from refactor_tool.roadmap.files import write_texts
    from refactor_tool.roadmap.history import GitCli, estimate
    from refactor_tool.roadmap.report import build_report
    from refactor_tool.roadmap.report_markdown import report_markdown

    roadmap = read_roadmap(path)
    events = read_events(log or default_log(path))
    history = git or GitCli(path.resolve().parent)
    estimates = estimate(roadmap, history.roadmap_log(path), history)
    report = build_report(roadmap, events, estimates, (clock or SystemClock()).now(), audit)
    folder = output_dir or path.parent / "reports"
    texts = {
        folder / f"{REPORT_NAME}.md": report_markdown(report),
        folder / f"{REPORT_NAME}.json": json.dumps(report.as_dict(), indent=2, sort_keys=True,
                                                    ensure_ascii=False) + "\n",
    }
    write_texts(texts, what="the report")
    return ReportResult(report, tuple(str(target) for target in texts))


def audit_roadmap(path: Path, *, root: Path | None = None, base: str | None = None, run_commands: bool = True,
                  ports: AuditPorts | None = None) -> AuditReport:
    """Every ticked task (and tree, limit, criterion) checked against the repository at `root` (default:
    the project the roadmap is in); `base` is what new files and dependencies are counted against."""
    from refactor_tool.roadmap.audit import audit
    from refactor_tool.roadmap.repository import Repository

    return audit(read_roadmap(path), Repository.of(path, root), base=base, run_commands=run_commands, ports=ports)


def run_roadmap(path: Path, *, phase: int | None = None, dry_run: bool = False, allow_dirty: bool = False,
                log: Path | None = None, clock: Clock | None = None, ports: RunPorts | None = None,
                report: bool = True) -> RunResult:
    """Carry out the roadmap's phases (or one), then write the timebox report with what the run found."""
    from refactor_tool.roadmap.audit_budgets import limit_usage
    from refactor_tool.roadmap.report import AuditResults
    from refactor_tool.roadmap.repository import Repository
    from refactor_tool.roadmap.run import (
        run_phases,  # the splitter: loaded only when a roadmap runs
    )
    from refactor_tool.roadmap.run_model import RunPorts
    from refactor_tool.roadmap.verdicts import Subject

    ports = ports or RunPorts()
    clock = clock or ports.clock or SystemClock()
    log = log or default_log(path)
    result = run_phases(path, log, clock, ports, phase=phase, dry_run=dry_run, allow_dirty=allow_dirty)
    if dry_run or not report:
        return result
    verdicts = {entry.line: entry.verdict.value for phase_run in result.phases for entry in phase_run.verdicts
                if entry.subject is Subject.TASK}
    usage = limit_usage(read_roadmap(path), Repository.of(path))
    written = write_timebox_report(path, log=log, clock=clock,
                                   audit=AuditResults(task_verdicts=verdicts, limit_usage=usage))
    return replace(result, report=written.written)


def phase_plan(path: Path, number: int, module: Path) -> PlanSpec:
    """The split plan phase `number` of the roadmap at `path` makes for `module` (`split --plan ROADMAP.md
    --phase N`): its extract tasks not yet done in the repository, paths rebased to the module's folder."""
    from refactor_tool.roadmap.plans import phase_splits
    from refactor_tool.roadmap.repository import Repository

    roadmap = read_roadmap(path)
    phase = roadmap.phase(number)
    if phase is None:
        known = ", ".join(str(p.number) for p in roadmap.phases)
        raise InputError(f"the roadmap has no phase {number} (it has {known})", path=path)
    repo = Repository.of(path)
    splits = phase_splits(roadmap, phase, repo, phase.tasks)
    try:
        relative = module.resolve().relative_to(repo.root).as_posix()
    except ValueError:
        raise InputError(f"the module is outside the roadmap's project ({repo.root})", path=module) from None
    match = next((split for split in splits if split.source == relative), None)
    if match is None:
        where = (f"take their symbols from `{splits[0].source}`" if splits else
                 "are all done (their files exist and define their symbols)")
        raise InputError(f"phase {number}'s extract tasks {where}, not from `{relative}`", path=path,
                         line=phase.line)
    return match.spec
