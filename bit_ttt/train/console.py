"""How `bit-ttt` looks: rich progress bars on a terminal, plain log lines otherwise (logs, CI, pipes).

This module and `cli.py` are the only ones in `bit_ttt.train` that print: results on stdout (JSON
byte-clean), progress, warnings and errors on stderr.
"""

from __future__ import annotations

import json
import math
import sys
import warnings
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bit_ttt.errors import BitTTTError
from bit_ttt.train.reporting import EvalLog, RunInfo, StepLog

#: Results for people; JSON output bypasses rich so it stays byte-clean.
out = Console(highlight=False, soft_wrap=True)
#: Progress, warnings and errors, so stdout stays parseable.
err = Console(stderr=True, highlight=False, soft_wrap=True)


def emit_json(data: Any) -> None:
    """Write one JSON document to stdout, sorted and indented, with no ANSI codes."""
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")
    sys.stdout.flush()


def emit_error(error: BitTTTError, *, as_json: bool = False) -> None:
    """One line on stderr (and a JSON object on stdout when machines are reading)."""
    if as_json:
        emit_json(error.as_dict())
    err.print(f"[bold red]error:[/] {escape(error.one_line())}", markup=True, highlight=False)


def emit_warning(message: str) -> None:
    err.print(f"[yellow]warning:[/] {escape(message)}", markup=True, highlight=False)


def duration(seconds: float) -> str:
    """`1:02:03` or `4:05` (minutes:seconds); `?` when unknown."""
    if not math.isfinite(seconds):
        return "?"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def step_line(log: StepLog) -> str:
    """The original's format, so tools that parsed `Step ... | Loss: ...` keep working; then ms/step and ETA."""
    line = f"Step {log.step:4} | Loss: {log.loss:.4f} | LR: {log.lr:.7f} | {log.tokens_per_s:.2f} tok/s"
    if math.isfinite(log.ms_per_step):
        line += f" | {log.ms_per_step:.1f} ms/step | ETA {duration(log.eta_s)}"
    return line


def eval_line(log: EvalLog) -> str:
    return f"Eval {log.step:4} | val loss: {log.loss:.4f} | perplexity: {log.perplexity:.3f}"


def start_line(info: RunInfo) -> str:
    where = info.output_dir or "nowhere (--benchmark)"
    procs = f" x {info.world_size} processes" if info.world_size > 1 else ""
    model = f" ({info.model})" if info.model else ""
    return (f"Training {info.parameters:,} parameters{model} on {info.device}{procs}: steps {info.start_step} -> "
            f"{info.steps}, data {info.data}, checkpoints in {where}")


class PlainReporter:
    """One line per event on stderr; stdout stays free for results."""

    def _say(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def started(self, info: RunInfo) -> None:
        self._say(start_line(info))

    def stepped(self, log: StepLog) -> None:
        self._say(step_line(log))

    def evaluated(self, log: EvalLog) -> None:
        self._say(eval_line(log))

    def saved(self, path: Path, step: int) -> None:
        self._say(f"Saved {path} (step {step})")

    def stopping(self, reason: str) -> None:
        self._say(f"Stopping: {reason}")

    def finished(self) -> None:
        pass


class RichReporter(PlainReporter):
    """The same lines printed above a live progress bar."""

    def __init__(self, console: Console | None = None) -> None:
        self.progress = Progress(TextColumn("[bold]train"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[loss]}"), TimeRemainingColumn(), console=console or err,
                                 transient=True)
        self.task = None

    def _say(self, text: str) -> None:
        self.progress.console.print(escape(text), highlight=False)

    def started(self, info: RunInfo) -> None:
        super().started(info)
        self.task = self.progress.add_task("train", total=info.steps, completed=info.start_step, loss="")
        self.progress.start()

    def stepped(self, log: StepLog) -> None:
        super().stepped(log)
        if self.task is not None:
            self.progress.update(self.task, completed=log.step, loss=f"loss {log.loss:.4f}")

    def finished(self) -> None:
        self.progress.stop()


def make_reporter(console: Console | None = None) -> PlainReporter:
    """A progress bar when stderr is a terminal; plain lines for logs, pipes and CI."""
    console = console or err
    return RichReporter(console) if console.is_terminal else PlainReporter()


class ScoreProgress:
    """`bit-ttt eval`'s progress: a bar on a terminal, nothing elsewhere (the result line says it all)."""

    def __init__(self, console: Console | None = None) -> None:
        console = console or err
        self.progress = Progress(TextColumn("[bold]eval"), BarColumn(), MofNCompleteColumn(), TextColumn("tokens"),
                                 TimeRemainingColumn(), console=console, transient=True, disable=not console.is_terminal)
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.task is None:
            self.task = self.progress.add_task("eval", total=total)
            self.progress.start()
        self.progress.update(self.task, completed=done)

    def close(self) -> None:
        self.progress.stop()


def route_warnings() -> None:
    """Python warnings (a skipped corrupt checkpoint...) print as one-line warnings."""

    def show(message, category, filename, lineno, file=None, line=None):  # type: ignore[no-untyped-def]
        emit_warning(str(message))

    warnings.showwarning = show
