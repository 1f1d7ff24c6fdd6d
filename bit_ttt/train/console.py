"""How `bit-ttt train` looks: a rich progress bar on a terminal, plain log lines otherwise (logs, CI, pipes).

This module and `cli.py` are the only ones in `bit_ttt.train` that print.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bit_ttt.train.reporting import EvalLog, RunInfo, StepLog
from refactor_tool.render import emit_warning, err


def step_line(log: StepLog) -> str:
    """The original's format, so tools that parsed `Step ... | Loss: ...` keep working."""
    return f"Step {log.step:4} | Loss: {log.loss:.4f} | LR: {log.lr:.7f} | {log.tokens_per_s:.2f} tok/s"


def eval_line(log: EvalLog) -> str:
    return f"Eval {log.step:4} | val loss: {log.loss:.4f} | perplexity: {log.perplexity:.3f}"


def start_line(info: RunInfo) -> str:
    where = info.output_dir or "nowhere (--benchmark)"
    procs = f" x {info.world_size} processes" if info.world_size > 1 else ""
    return (f"Training {info.parameters:,} parameters on {info.device}{procs}: steps {info.start_step} -> {info.steps}, "
            f"data {info.data}, checkpoints in {where}")


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


def route_warnings() -> None:
    """Python warnings (a skipped corrupt checkpoint...) print as the project's one-line warnings."""

    def show(message, category, filename, lineno, file=None, line=None):  # type: ignore[no-untyped-def]
        emit_warning(str(message))

    warnings.showwarning = show
