"""Training pipeline for bit_ttt: options, data, the loop, crash-safe checkpoints, the `bit-ttt` CLI."""

from __future__ import annotations

from bit_ttt.errors import is_missing_model_extra
from bit_ttt.train.args import TrainArgs

# As in `bit_ttt/__init__.py`: without the `model` extra only the options and the CLI import.
try:
    from bit_ttt.train.checkpoint import (
        Checkpoint,
        find_checkpoint_path,
        load_checkpoint,
        load_start_step,
        resume_checkpoint,
        save_training_state,
    )
    from bit_ttt.train.data import WindowSampler, load_data
    from bit_ttt.train.loop import TrainResult, TrainState, train
    from bit_ttt.train.schedule import lr_at
    from bit_ttt.train.tokenizer import ByteTokenizer
except ModuleNotFoundError as missing:
    if not is_missing_model_extra(missing):
        raise

__all__ = [
    "ByteTokenizer",
    "Checkpoint",
    "TrainArgs",
    "TrainResult",
    "TrainState",
    "WindowSampler",
    "find_checkpoint_path",
    "load_checkpoint",
    "load_data",
    "load_start_step",
    "lr_at",
    "resume_checkpoint",
    "save_training_state",
    "train",
]
