"""All mutable training state in one structure, and the checkpoint that is exactly it.

`snapshot` turns a `TrainState` (plus torch's global RNG) into a `Checkpoint`; `restore` puts one
back. So N steps + resume + M steps is bitwise the same run as N + M steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from bit_ttt.errors import CheckpointError
from bit_ttt.train.checkpoint import Checkpoint
from bit_ttt.train.data import WindowSampler
from bit_ttt.train.reporting import EvalLog


@dataclass(slots=True)
class TrainState:
    """Everything that changes while training. A checkpoint is exactly this, frozen, with the global RNG.

    ``saved_step`` is the step of the newest checkpoint written or resumed from: a checkpoint is
    saved at its own step, so it is not stored twice.
    """

    model: nn.Module
    optimizer: torch.optim.Optimizer
    sampler: WindowSampler
    step: int = 0  # optimizer steps completed
    loss: float = math.nan  # loss of the last completed step
    best_val_loss: float = math.inf
    losses: list[float] = field(default_factory=list)  # every step's loss, from step 1
    step_seconds: list[float] = field(default_factory=list)  # every step's wall time: the loop's clock
    last_eval: EvalLog | None = None
    saved_step: int | None = None


def snapshot(state: TrainState, meta: dict) -> Checkpoint:
    """The checkpoint of `state`: weights, optimizer, RNG, data position, history, best and last validation."""
    rng = {"torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        rng["cuda"] = torch.cuda.get_rng_state_all()
    last = state.last_eval
    return Checkpoint(
        step=state.step, loss=state.loss, weights=dict(state.model.state_dict()),
        optimizer=state.optimizer.state_dict(), rng=rng,
        history={"losses": list(state.losses), "step_seconds": list(state.step_seconds)},
        meta={**meta, "data": state.sampler.state_dict(),
              "best_val_loss": _finite_or_none(state.best_val_loss),
              "last_eval": None if last is None else {"step": last.step, "loss": _finite_or_none(last.loss),
                                                      "perplexity": _finite_or_none(last.perplexity)}},
    )


def restore(state: TrainState, ckpt: Checkpoint) -> None:
    """Put a checkpoint back into `state`; a weights-only file restarts the schedule at step 0."""
    try:
        state.model.load_state_dict(ckpt.weights)
    except RuntimeError as error:  # missing/unexpected keys or shapes: the file is for another model
        raise CheckpointError(f"weights do not fit this model: {str(error).splitlines()[-1].strip()}",
                              path=ckpt.path) from error
    if ckpt.optimizer is None:
        return
    state.optimizer.load_state_dict(ckpt.optimizer)
    state.step, state.loss, state.saved_step = ckpt.step, ckpt.loss, ckpt.step
    state.best_val_loss = _float_or(ckpt.meta.get("best_val_loss"), math.inf)
    history = ckpt.history or {}
    state.losses = [float(x) for x in history.get("losses", [])]
    state.step_seconds = [float(x) for x in history.get("step_seconds", [])]
    last = ckpt.meta.get("last_eval")
    state.last_eval = None if last is None else EvalLog(
        step=int(last["step"]), loss=_float_or(last["loss"], math.nan), perplexity=_float_or(last["perplexity"], math.nan))
    if "data" in ckpt.meta:
        state.sampler.load_state_dict(ckpt.meta["data"])
    if ckpt.rng is not None:
        torch.set_rng_state(ckpt.rng["torch"])
        if "cuda" in ckpt.rng and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(ckpt.rng["cuda"])


def _finite_or_none(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _float_or(value: Any, default: float) -> float:
    return default if value is None else float(value)
