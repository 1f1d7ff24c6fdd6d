"""bit_ttt's own errors: one line naming the place, exit codes, the install hint for a missing model extra."""

from __future__ import annotations

from bit_ttt.errors import (
    MODEL_EXTRA_INSTALL,
    CheckpointError,
    ConfigError,
    ConfigFieldError,
    MissingDependency,
    TrainingDiverged,
    is_missing_model_extra,
)


def test_one_line_names_the_place_like_a_compiler() -> None:
    assert CheckpointError("truncated", path="run/a.json").one_line() == "run/a.json: truncated"
    assert ConfigError("bad\nvalue", path="p.toml", line=3).one_line() == "p.toml:3: bad value"
    assert ConfigError("--lr must be > 0").as_dict() == {"error": "ConfigError", "message": "--lr must be > 0",
                                                         "path": None, "line": None}


def test_exit_codes_say_input_error_or_failed_run() -> None:
    assert (CheckpointError("x").exit_code, ConfigError("x").exit_code, TrainingDiverged("x").exit_code) == (2, 2, 1)


def test_config_field_errors_are_value_errors_naming_the_field() -> None:
    error = ConfigFieldError("num_heads", "a positive integer", 0)
    assert isinstance(error, ValueError) and str(error) == "num_heads must be a positive integer, got 0"


def test_a_missing_model_extra_module_is_told_apart_from_our_own_import_bugs() -> None:
    assert is_missing_model_extra(ModuleNotFoundError(name="torch.nn"))
    assert not is_missing_model_extra(ModuleNotFoundError(name="bit_ttt.nothing"))
    assert MODEL_EXTRA_INSTALL in MissingDependency("torch").one_line()
