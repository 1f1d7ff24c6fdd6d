"""TrainArgs: the original's option names and defaults, model options generated from the config, presets."""

from __future__ import annotations

import dataclasses

import click
import pytest
from click.testing import CliRunner

from bit_ttt.config import PRESETS, BitLlamaConfig
from bit_ttt.train.args import MODEL_FIELDS, TrainArgs, option_name, train_options
from bit_ttt.train.errors import ConfigError

ORIGINAL_DEFAULTS = {
    "context_len": 128, "batch_size": 16, "lr": 3e-4, "steps": 1000, "warmup_steps": 100, "min_lr": 1e-5,
    "save_interval": 500, "benchmark": False, "grad_clip": 1.0, "device": "auto", "grad_accum": 1,
}
#: The original's TrainArgs parameters, in order (positional calls written for it must keep working).
ORIGINAL_PARAMETERS = (
    "dim", "layers", "context_len", "batch_size", "lr", "steps", "warmup_steps", "min_lr", "data", "output_dir",
    "load", "save_interval", "benchmark", "device", "seed", "eval_interval", "eval_windows", "log_interval",
    "grad_clip", "grad_accum", "weight_decay", "variant", "inner_lr", "val_fraction", "vocab_size",
)

#: A valid value different from the default, for every BitLlamaConfig field (a new field must be added here).
NON_DEFAULT = {"vocab_size": 300, "hidden_dim": 48, "num_layers": 3, "inner_lr": 0.05, "variant": "cortex",
               "mini_batch_size": 8, "num_heads": 6, "ttt_base_lr": 0.5, "rms_norm_eps": 1e-6,
               "tie_embeddings": True, "rope_theta": 500.0, "conv_kernel": 2}
NEEDS = {"num_heads": ["--hidden-dim", "48"]}  # what else a value needs to be valid (6 heads divide 48)


def parse(argv: list[str]) -> TrainArgs:
    seen: dict = {}

    @click.command()
    @train_options
    def cmd(**kwargs: object) -> None:
        seen.update(kwargs)

    result = CliRunner().invoke(cmd, argv)
    assert result.exit_code == 0, result.output
    return TrainArgs.from_options(seen)


def test_original_defaults() -> None:
    args = TrainArgs()
    for name, value in ORIGINAL_DEFAULTS.items():
        assert getattr(args, name) == value, name
    assert args.model_config() == BitLlamaConfig(vocab_size=256, hidden_dim=256, num_layers=8, variant="reference")


def test_calls_written_for_the_original_still_work() -> None:
    names = tuple(f.name for f in dataclasses.fields(TrainArgs))
    assert names[: len(ORIGINAL_PARAMETERS)] == ORIGINAL_PARAMETERS
    args = TrainArgs(64, 2, 32, 4, variant="cortex", inner_lr=0.05, vocab_size=300)
    assert (args.context_len, args.batch_size, args.dim) == (32, 4, 64)
    assert args.model_config() == BitLlamaConfig(300, 64, 2, variant="cortex", inner_lr=0.05)
    assert TrainArgs(dim=64, model={"hidden_dim": 64}).model_config().hidden_dim == 64


def test_an_alias_and_its_field_must_agree() -> None:
    with pytest.raises(ConfigError) as info:
        TrainArgs(dim=64, model={"hidden_dim": 128})
    assert info.value.one_line().startswith("--hidden-dim/--dim is given twice")


@pytest.mark.parametrize(
    ("kwargs", "option"),
    [({"lr": -1.0}, "--lr"), ({"steps": 0}, "--steps"), ({"context_len": -3}, "--context-len"),
     ({"min_lr": 1.0}, "--min-lr"), ({"device": "tpu"}, "--device"), ({"model": {"variant": "x"}}, "--variant"),
     ({"batch_size": 10, "grad_accum": 3}, "--batch-size"), ({"grad_clip": float("nan")}, "--grad-clip"),
     ({"model": {"hidden_dim": 30}}, "--hidden-dim/--dim"), ({"warmup_steps": -1}, "--warmup-steps"),
     ({"model": {"num_heads": 0}}, "--num-heads"), ({"model": {"ttt_base_lr": -1.0}}, "--ttt-base-lr"),
     ({"model": {"variant": "cortex", "tie_embeddings": True}}, "--tie-embeddings"), ({"preset": "huge"}, "--preset"),
     ({"model": {"n_heads": 2}}, "n_heads")],
)
def test_invalid_values_name_the_option(kwargs: dict, option: str) -> None:
    with pytest.raises(ConfigError) as info:
        TrainArgs(**kwargs)
    line = info.value.one_line()
    assert option in line.split(" must ")[0] and "\n" not in line, line


def test_model_options_are_validated_by_the_config_alone() -> None:
    """The config's own message, in terms of the option: no second copy of the rule lives in TrainArgs."""
    with pytest.raises(ValueError) as config_error:
        BitLlamaConfig(vocab_size=256, hidden_dim=30, num_layers=1)
    with pytest.raises(ConfigError) as option_error:
        TrainArgs(model={"hidden_dim": 30})
    assert str(config_error.value).split(" must ")[1] == option_error.value.one_line().split(" must ")[1]


def test_dict_round_trip_ignores_unknown_keys() -> None:
    args = TrainArgs(model={"hidden_dim": 64}, steps=7, data="x.txt")
    assert TrainArgs.from_dict({**args.to_dict(), "from_the_future": 1}) == args


def test_records_of_older_runs_keep_their_model() -> None:
    """Checkpoints written before the options were generated hold `dim`, `layers`... at the top level."""
    old = {"dim": 64, "layers": 2, "inner_lr": 0.1, "variant": "reference", "vocab_size": None, "steps": 30,
           "warmup_steps": 3}
    args = TrainArgs.from_dict(old)
    assert (args.dim, args.layers, args.steps, args.model) == (64, 2, 30, {})
    assert args.model_config() == BitLlamaConfig(256, 64, 2)


def test_every_config_field_is_an_option_and_reaches_the_model() -> None:
    assert set(NON_DEFAULT) == set(MODEL_FIELDS)
    aliases = {f.name: f.metadata.get("alias_of") for f in dataclasses.fields(TrainArgs) if f.name in MODEL_FIELDS}
    assert all(alias == name for name, alias in aliases.items())  # one name, one meaning
    for name in MODEL_FIELDS:
        value, flag = NON_DEFAULT[name], option_name(name)
        argv = ["--preset", "tiny", *NEEDS.get(name, []), *([flag] if value is True else [flag, str(value)])]
        assert getattr(parse(argv).model_config(), name) == value, name


def test_the_original_option_names_stay() -> None:
    args = parse(["--dim", "64", "--layers", "2", "--context-len", "64", "--warmup-steps", "5", "--benchmark",
                  "--lr", "1e-3"])
    assert (args.context_len, args.warmup_steps, args.benchmark, args.lr) == (64, 5, True, 1e-3)
    assert args.model == {"hidden_dim": 64, "num_layers": 2} and args.data is None
    assert (args.dim, args.layers) == (None, None)  # the options fill the config fields, not the aliases


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_presets_are_data_and_options_override_them(name: str) -> None:
    args = parse(["--preset", name])
    assert args.model == {}
    config = args.model_config()
    assert {k: getattr(config, k) for k in PRESETS[name]} == PRESETS[name]
    assert parse(["--preset", name, "--layers", "1"]).model_config().num_layers == 1


def test_help_lists_every_option() -> None:
    @click.command()
    @train_options
    def cmd(**kwargs: object) -> None: ...

    helptext = CliRunner().invoke(cmd, ["--help"]).output
    for flag in ("--dim", "--layers", "--context-len", "--batch-size", "--lr", "--steps", "--warmup-steps",
                 "--min-lr", "--data", "--output-dir", "--load", "--save-interval", "--benchmark", "--device",
                 "--seed", "--eval-interval", "--grad-clip", "--variant", "--grad-accum", "--preset",
                 *("--" + name.replace("_", "-") for name in MODEL_FIELDS)):
        assert flag in helptext, flag


def test_warmup_not_below_steps_is_advised_against() -> None:
    assert TrainArgs(steps=30).advice() and "--warmup-steps 100" in TrainArgs(steps=30).advice()[0]
    assert TrainArgs(steps=300).advice() == ()
