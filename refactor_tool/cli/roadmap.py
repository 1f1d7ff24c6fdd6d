"""`refactor-tool roadmap show|lint|report` and `refactor-tool phase start|stop|status`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from refactor_tool.cli import FORMAT_OPTION, reports_errors, version_option
from refactor_tool.render import emit_json
from refactor_tool.render.roadmap import (
    render_lint,
    render_phase_clock,
    render_report,
    render_roadmap,
)
from refactor_tool.roadmap.stopwatch import PhaseClock
from refactor_tool.roadmap.use_case import (
    lint_roadmap,
    phase_clock_status,
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
    """A refactoring roadmap (ROADMAP.md, Japanese or English): show it, lint it, report its timeboxes."""


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


@roadmap_group.command("report")
@ROADMAP_ARGUMENT
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where timebox.md and timebox.json go.  [default: reports/ beside the roadmap]")
@EVENTS_OPTION
@FORMAT_OPTION
@reports_errors
def report(path: Path, output_dir: Path | None, events: Path | None, output_format: str) -> None:
    """Write the phase timebox report (timebox.md for GitHub, timebox.json): per phase budget, time spent
    (from the event log, else estimated from the git commits that ticked its tasks), status, tasks done."""
    result = write_timebox_report(path, output_dir=output_dir, log=events)
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


COMMANDS: tuple[click.Command, ...] = (roadmap_group, phase_group)
