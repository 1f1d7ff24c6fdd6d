"""The roadmap feature's use cases, one call per command: read the files, do the work, return a value.

The event log and the report default to `reports/` beside the roadmap, so the commands work the same
from any directory; clock and git come in as ports.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from refactor_tool.errors import InputError
from refactor_tool.roadmap.events import DEFAULT_LOG, Clock, SystemClock, read_events
from refactor_tool.roadmap.history import GitCli, GitHistory, estimate
from refactor_tool.roadmap.lint import LintResult, lint
from refactor_tool.roadmap.model import CriterionKind, Roadmap
from refactor_tool.roadmap.parse import read_roadmap
from refactor_tool.roadmap.report import AuditResults, TimeboxReport, build_report
from refactor_tool.roadmap.report_markdown import report_markdown
from refactor_tool.roadmap.stopwatch import PhaseClock, phase_status, start_phase, stop_phase

REPORT_NAME = "timebox"


__all__ = [
    "ReportResult",
    "lint_roadmap",
    "phase_clock_status",
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
    """Write `timebox.md` and `timebox.json` (both or neither). `audit` is where verdicts come in."""
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
    _write_all(texts)
    return ReportResult(report, tuple(str(target) for target in texts))


def _write_all(texts: dict[Path, str]) -> None:
    """Every file written beside its target first, then moved into place: no half-written report."""
    staged: list[tuple[str, Path]] = []
    try:
        for target, text in texts.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
                file.write(text)
            staged.append((temporary, target))
        for temporary, target in staged:
            os.replace(temporary, target)
    except OSError as error:
        for temporary, _target in staged:
            Path(temporary).unlink(missing_ok=True)
        raise InputError(f"cannot write the report: {error.strerror}", path=error.filename) from None
