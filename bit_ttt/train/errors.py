"""The training pipeline's errors: each names the file or option at fault, so the CLI prints one line."""

from __future__ import annotations

from refactor_tool.errors import ConfigError, InputError, RefactorToolError

__all__ = ["CheckpointError", "CheckpointWarning", "ConfigError", "DataError", "TrainingDiverged"]


class DataError(InputError):
    """Training or evaluation data cannot be used: missing, unreadable, or too short for one window."""


class CheckpointError(InputError):
    """A checkpoint file is missing, truncated, corrupt, or holds something that is not plain data."""


class TrainingDiverged(RefactorToolError):
    """The loss became NaN or infinite; training stopped and the last good checkpoint was kept."""

    exit_code = 1


class CheckpointWarning(UserWarning):
    """A checkpoint was skipped (corrupt or incomplete) and an older intact one is used instead."""
