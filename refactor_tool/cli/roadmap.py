"""`refactor-tool roadmap show|lint|audit|run|report` and `refactor-tool phase start|stop|status`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from refactor_tool.cli import FORMAT_OPTION, reports_errors, version_option
from refactor_tool.render import emit_json
from refactor_tool.render.roadmap import (
    render_audit,
    render_lint,
    render_phase_clock,
    render_report,
    render_roadmap,
    render_run,
)
from refactor_tool.roadmap.stopwatch import PhaseClock
from refactor_tool.roadmap.use_case import (
    audit_roadmap,
    lint_roadmap,
    phase_clock_status,
    run_roadmap,
    show_roadmap,
    start_phase_clock,
    stop_phase_clock,
    write_timebox_report,
)

F = TypeVar("F", bound=Callable[..., Any])

ROADMAP_ARGUMENT = click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
EVENTS_OPTION = click.option(
    "--events", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Timebox event log.  [default: reports/timebox_events.jsonl beside the roadmap]",
)


@click.group("roadmap")
@version_option()
def roadmap_group() -> None:
    """A refactoring roadmap (ROADMAP.md, Japanese or English): show it, lint it, audit it against the code,
    run its phases under their timeboxes, report its timeboxes."""


@roadmap_group.command("show")
@ROADMAP_ARGUMENT
@FORMAT_OPTION
@reports_errors
def show(path: Path, output_format: str) -> None:
    """The parsed roadmap: phases, tasks and what they name, expected trees, plan, timeboxes, limits, criteria."""
    roadmap = show_roadmap(path)
    if output_format == "json":
        emit_json(roadmap.as_dict())
    else:
        render_roadmap(roadmap)


@roadmap_group.command("lint")
@ROADMAP_ARGUMENT
@FORMAT_OPTION
@reports_errors
def lint(path: Path, output_format: str) -> None:
    """Contradictions inside the roadmap (a task's file missing from its tree, a plan longer than its
    timebox, more new files than the budget, a criterion nothing can check). Exit 1 on any finding."""
    result = lint_roadmap(path)
    if output_format == "json":
        emit_json(result.as_dict())
    else:
        render_lint(result)
    sys.exit(0 if result.ok else 1)


@roadmap_group.command("audit")
@ROADMAP_ARGUMENT
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="The repository to audit.  [default: the project the roadmap is in]")
@click.option("--base", default=None, metavar="REF",
              help="Count new files and dependencies against this git ref.  [default: HEAD]")
@click.option("--no-commands", is_flag=True,
              help="Run no command (check tasks, the gate, the smoke test): those become not checkable.")
@FORMAT_OPTION
@reports_errors
def audit(path: Path, root: Path | None, base: str | None, no_commands: bool, output_format: str) -> None:
    """Each task checked against the repository (extracted files define their symbols, old import paths
    reach the same objects in a fresh interpreter, deleted paths are gone and unimported, expected trees
    exist), the limits (refactor-check's engine) and the success criteria (their commands run). A verdict
    each: verified, contradicted (with the evidence), not checkable (with why); an unticked task that is
    done says so. Exit 1 on any contradiction."""
    result = audit_roadmap(path, root=root, base=base, run_commands=not no_commands)
    if output_format == "json":
        emit_json(result.as_dict())
    else:
        render_audit(result)
    sys.exit(result.exit_code)


@roadmap_group.command("run")
@ROADMAP_ARGUMENT
@click.option("--phase", "phase", type=click.IntRange(min=1), default=None, help="Run this phase only.")
@click.option("--dry-run", is_flag=True, help="Show each phase's steps (and the splits' diffs); write nothing.")
@click.option("--allow-dirty", is_flag=True, help="Run even if the git work tree has uncommitted changes.")
@EVENTS_OPTION
@FORMAT_OPTION
@reports_errors
def run(path: Path, phase: int | None, dry_run: bool, allow_dirty: bool, events: Path | None,
        output_format: str) -> None:
    """Carry out the phases in order: extract tasks become a split plan (shim layout, verified), then
    deletions, deprecated exports removed, the check tasks' commands, refactor-check's limits and the gate.
    Each phase is timed against its timebox; over it, the roadmap's action applies (carry the rest over and
    stop, cut the scope, defer an optional phase). Boxes of completed tasks are ticked (no other byte of
    the roadmap changes) and the timebox report is written. Exit 0 when every phase finished; 1 when a step
    failed or a phase stopped over its timebox with tasks left; 2 on bad input."""
    result = run_roadmap(path, phase=phase, dry_run=dry_run, allow_dirty=allow_dirty, log=events)
    if output_format == "json":
        emit_json(result.as_dict())
    else:
        render_run(result)
    sys.exit(result.exit_code)


@roadmap_group.command("report")
@ROADMAP_ARGUMENT
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where timebox.md and timebox.json go.  [default: reports/ beside the roadmap]")
@EVENTS_OPTION
@click.option("--audit", "with_audit", is_flag=True,
              help="Audit the roadmap first and put its verdicts, limits used and criteria results in the report.")
@FORMAT_OPTION
@reports_errors
def report(path: Path, output_dir: Path | None, events: Path | None, with_audit: bool, output_format: str) -> None:
    """Write the phase timebox report (timebox.md for GitHub, timebox.json): per phase budget, time spent
    (from the event log, else estimated from the git commits that ticked its tasks), status, tasks done."""
    audited = audit_roadmap(path).results() if with_audit else None
    result = write_timebox_report(path, output_dir=output_dir, log=events, audit=audited)
    if output_format == "json":
        emit_json(result.as_dict())
    else:
        render_report(result)


def _phase_command(func: F) -> F:
    options = [
        click.argument("number", type=click.IntRange(min=1)),
        click.option("--roadmap", "roadmap_path", type=click.Path(dir_okay=False, path_type=Path),
                     default=Path("ROADMAP.md"), show_default=True, help="The roadmap the phase belongs to."),
        EVENTS_OPTION,
        FORMAT_OPTION,
    ]
    for option in reversed(options):
        func = option(func)  # type: ignore[assignment]
    return func


@click.group("phase")
@version_option()
def phase_group() -> None:
    """A stopwatch for a phase done by hand, kept in reports/timebox_events.jsonl (commit it)."""


def _show(clock: PhaseClock, output_format: str) -> None:
    if output_format == "json":
        emit_json(clock.as_dict())
    else:
        render_phase_clock(clock)


@phase_group.command("start")
@_phase_command
@reports_errors
def start(number: int, roadmap_path: Path, events: Path | None, output_format: str) -> None:
    """Start phase NUMBER's clock (refused while another phase runs)."""
    _show(start_phase_clock(roadmap_path, number, log=events), output_format)


@phase_group.command("stop")
@_phase_command
@click.option("--took-action", is_flag=True,
              help="Also record that the phase's circuit breaker (its timebox action) was applied.")
@reports_errors
def stop(number: int, roadmap_path: Path, events: Path | None, output_format: str, took_action: bool) -> None:
    """Stop phase NUMBER's clock."""
    _show(stop_phase_clock(roadmap_path, number, log=events, took_action=took_action), output_format)


@phase_group.command("status")
@_phase_command
@reports_errors
def status(number: int, roadmap_path: Path, events: Path | None, output_format: str) -> None:
    """Time used against the timebox and, once over, the roadmap's action. Exit 1 when over."""
    clock = phase_clock_status(roadmap_path, number, log=events)
    _show(clock, output_format)
    sys.exit(1 if clock.over else 0)
