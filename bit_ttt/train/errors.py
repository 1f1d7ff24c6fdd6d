"""The training pipeline's errors, kept at their old import path; they are defined in `bit_ttt.errors`."""

from __future__ import annotations

from bit_ttt.errors import (
    CheckpointError,
    CheckpointWarning,
    ConfigError,
    ConfigWarning,
    DataError,
    InputError,
    TrainingDiverged,
)

__all__ = [
    "CheckpointError",
    "CheckpointWarning",
    "ConfigError",
    "ConfigWarning",
    "DataError",
    "InputError",
    "TrainingDiverged",
]
