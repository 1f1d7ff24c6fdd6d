"""What the loop tells the outside world, as values: a reporter receives them, the CLI renders them.

The loop never prints; tests pass a recording reporter, the CLI a rich or plain-text one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True, slots=True)
class StepLog:
    """One log line: `step | loss | lr | tok/s | ms/step | ETA` (step counts completed optimizer steps)."""

    step: int
    loss: float
    lr: float
    tokens_per_s: float
    ms_per_step: float = math.nan
    eta_s: float = math.nan  # seconds until the run's last step at the recent speed


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
    model: str | None = None  # the preset and the options that changed it, e.g. "preset tiny: D=64 L=2, reference"


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
