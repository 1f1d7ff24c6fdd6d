"""What the loop tells the outside world, as values: a reporter receives them, the CLI renders them.

The loop never prints; tests pass a recording reporter, the CLI a rich or plain-text one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True, slots=True)
class StepLog:
    """One log line: `step | loss | lr | tok/s` (step counts completed optimizer steps)."""

    step: int
    loss: float
    lr: float
    tokens_per_s: float


@dataclass(frozen=True, slots=True)
class EvalLog:
    """Validation after `step` steps: mean next-token NLL (nats) and its perplexity."""

    step: int
    loss: float
    perplexity: float


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What a run is about to do, for the header line."""

    start_step: int
    steps: int
    parameters: int
    device: str
    world_size: int
    data: str
    output_dir: str | None


class Reporter(Protocol):
    def started(self, info: RunInfo) -> None: ...
    def stepped(self, log: StepLog) -> None: ...
    def evaluated(self, log: EvalLog) -> None: ...
    def saved(self, path: Path, step: int) -> None: ...
    def stopping(self, reason: str) -> None: ...
    def finished(self) -> None: ...


class NullReporter:
    """Says nothing (non-main DDP ranks, library use)."""

    def started(self, info: RunInfo) -> None: ...
    def stepped(self, log: StepLog) -> None: ...
    def evaluated(self, log: EvalLog) -> None: ...
    def saved(self, path: Path, step: int) -> None: ...
    def stopping(self, reason: str) -> None: ...
    def finished(self) -> None: ...
