"""bit_ttt's one error hierarchy (stdlib only): each error names the file or option at fault, so a CLI prints one line.

bit_ttt stands alone: it never imports the refactoring tool, whose errors these used to be.
"""

from __future__ import annotations

from pathlib import Path

#: What `pip install refactor-tool` leaves out and the model needs; `bit-ttt` names the extra that brings them.
MODEL_EXTRA_MODULES = ("torch", "numpy", "safetensors")
MODEL_EXTRA_INSTALL = "pip install 'refactor-tool[model]'"


class BitTTTError(Exception):
    """Base of every error bit_ttt reports to a user; carries where the problem is and the exit code."""

    exit_code: int = 2

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def one_line(self) -> str:
        """`path:line: message`, the shape compilers use, so editors can jump to it."""
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}".replace("\n", " ")

    def as_dict(self) -> dict[str, object]:
        return {"error": type(self).__name__, "message": self.message, "path": self.path, "line": self.line}


class InputError(BitTTTError):
    """An input cannot be used: a missing, unreadable or malformed file."""


class ConfigError(BitTTTError):
    """An option or configuration value is invalid; the message names the option."""


class ConfigFieldError(ConfigError, ValueError):
    """A `BitLlamaConfig` field is invalid. A `ValueError` too, as config errors always were.

    ``field`` and ``expected`` let a CLI say the same thing in terms of its option.
    """

    def __init__(self, field: str, expected: str, value: object) -> None:
        super().__init__(f"{field} must be {expected}, got {value!r}")
        self.field = field
        self.expected = expected
        self.value = value


class MissingDependency(BitTTTError):
    """A module of the `model` extra (torch, numpy, safetensors) is not installed."""

    def __init__(self, module: str) -> None:
        super().__init__(f"bit-ttt needs {module}, which is not installed: {MODEL_EXTRA_INSTALL}")
        self.module = module


class DataError(InputError):
    """Training or evaluation data cannot be used: missing, unreadable, or too short for one window."""


class CheckpointError(InputError):
    """A checkpoint file is missing, truncated, corrupt, or holds something that is not plain data."""


class TrainingDiverged(BitTTTError):
    """The loss became NaN or infinite; training stopped and the last good checkpoint was kept."""

    exit_code = 1


class CheckpointWarning(UserWarning):
    """A checkpoint was skipped (corrupt or incomplete) and an older intact one is used instead."""


class ConfigWarning(UserWarning):
    """Options that are valid but probably not what was meant (e.g. warmup longer than the run)."""


def is_missing_model_extra(error: ModuleNotFoundError) -> bool:
    """True when `error` is a module of the `model` extra being absent (not a bug in our own imports)."""
    return (error.name or "").partition(".")[0] in MODEL_EXTRA_MODULES

