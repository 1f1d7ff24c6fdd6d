"""TrainArgs: the original's option names and defaults, and one-line errors naming the option."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from bit_ttt.train.args import TrainArgs, train_options
from bit_ttt.train.errors import ConfigError

ORIGINAL_DEFAULTS = {
    "dim": 256, "layers": 8, "context_len": 128, "batch_size": 16, "lr": 3e-4, "steps": 1000,
    "warmup_steps": 100, "min_lr": 1e-5, "save_interval": 500, "benchmark": False, "grad_clip": 1.0,
    "device": "auto", "grad_accum": 1, "variant": "reference",
}


def test_original_defaults() -> None:
    args = TrainArgs()
    for name, value in ORIGINAL_DEFAULTS.items():
        assert getattr(args, name) == value, name


@pytest.mark.parametrize(
    ("kwargs", "option"),
    [({"lr": -1.0}, "--lr"), ({"steps": 0}, "--steps"), ({"context_len": -3}, "--context-len"),
     ({"min_lr": 1.0}, "--min-lr"), ({"device": "tpu"}, "--device"), ({"variant": "x"}, "--variant"),
     ({"batch_size": 10, "grad_accum": 3}, "--batch-size"), ({"grad_clip": float("nan")}, "--grad-clip"),
     ({"dim": 30}, "--dim"), ({"warmup_steps": -1}, "--warmup-steps")],
)
def test_invalid_values_name_the_option(kwargs: dict, option: str) -> None:
    with pytest.raises(ConfigError) as info:
        TrainArgs(**kwargs)
    line = info.value.one_line()
    assert line.startswith(option + " ") and "\n" not in line


def test_dict_round_trip_ignores_unknown_keys() -> None:
    args = TrainArgs(dim=64, steps=7, data="x.txt")
    assert TrainArgs.from_dict({**args.to_dict(), "from_the_future": 1}) == args


def test_click_options_are_kebab_case_with_defaults() -> None:
    seen: dict = {}

    @click.command()
    @train_options
    def cmd(**kwargs: object) -> None:
        seen.update(kwargs)

    result = CliRunner().invoke(cmd, ["--context-len", "64", "--warmup-steps", "5", "--benchmark", "--lr", "1e-3"])
    assert result.exit_code == 0, result.output
    args = TrainArgs(**seen)
    assert (args.context_len, args.warmup_steps, args.benchmark, args.lr) == (64, 5, True, 1e-3)
    assert args.dim == 256 and args.data is None
    helptext = CliRunner().invoke(cmd, ["--help"]).output
    for flag in ("--dim", "--layers", "--context-len", "--batch-size", "--lr", "--steps", "--warmup-steps",
                 "--min-lr", "--data", "--output-dir", "--load", "--save-interval", "--benchmark", "--device",
                 "--seed", "--eval-interval", "--grad-clip", "--variant", "--grad-accum"):
        assert flag in helptext
