"""`TrainArgs`: every training option, validated, with the original trainer's names and defaults.

The model's options are not copied here: they are generated from `BitLlamaConfig`'s fields (a new
config field is a new `bit-ttt train` option) and validated by the config itself. The loop's own
options are this dataclass's fields, in the original's order; the original's five model fields (`dim`,
`layers`, `variant`, `inner_lr`, `vocab_size`) stay as aliases of config fields, so calls written for
it still work. The same dict is saved in every checkpoint.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any

import click

from bit_ttt.config import PRESETS, VARIANTS, BitLlamaConfig  # noqa: F401 (VARIANTS: kept at its old path)
from bit_ttt.errors import ConfigError, ConfigFieldError

DEVICES = ("auto", "cpu", "cuda")
MODEL_FIELDS = tuple(f.name for f in fields(BitLlamaConfig))
#: The original trainer's option names, kept beside the generated ones (the README uses them).
OPTION_ALIASES = {"hidden_dim": "--dim", "num_layers": "--layers"}
#: The original `TrainArgs` fields that are config fields (the alias -> the field): None means "not given".
LEGACY_MODEL_FIELDS = {"dim": "hidden_dim", "layers": "num_layers", "variant": "variant", "inner_lr": "inner_lr",
                       "vocab_size": "vocab_size"}


def _opt(default: Any, help: str, **click_kwargs: Any) -> Any:
    return field(default=default, metadata={"help": help, **click_kwargs})


def _alias(config_field: str) -> Any:
    """A field kept from the original: another name for a config field (no option of its own)."""
    return field(default=None, metadata={"alias_of": config_field})


@dataclass(frozen=True, slots=True)
class TrainArgs:
    """Options of `bit-ttt train`: the model is ``preset`` with the ``model`` fields given; the rest run the loop."""

    dim: int | None = _alias("hidden_dim")
    layers: int | None = _alias("num_layers")
    context_len: int = _opt(128, "Tokens per training window T.")
    batch_size: int = _opt(16, "Windows per optimizer step, over all processes and accumulation steps.")
    lr: float = _opt(3e-4, "Peak learning rate (reached at the end of warmup).")
    steps: int = _opt(1000, "Total optimizer steps of the run (the cosine ends here).")
    warmup_steps: int = _opt(100, "Linear warmup steps from LR 0.")
    min_lr: float = _opt(1e-5, "LR at the end of the cosine decay.")
    data: str | None = _opt(None, "Text file, directory of *.txt, or token file (.u32/.u16). Default: shipped corpus.")
    output_dir: str = _opt("runs/bit-ttt", "The one directory checkpoints are read from and written to.")
    load: str | None = _opt(None, "Checkpoint to start from (file or directory); default: newest in --output-dir.")
    save_interval: int = _opt(500, "Save a checkpoint every N steps (and at the end).")
    benchmark: bool = _opt(False, "Measure speed only: write no checkpoint.", is_flag=True)
    device: str = _opt("auto", "auto (CUDA if present), cpu or cuda.", type=click.Choice(DEVICES))
    seed: int = _opt(0, "Seed of the model init and of the data windows.")
    eval_interval: int = _opt(100, "Validation loss and perplexity every N steps (0: only at the end).")
    eval_windows: int = _opt(32, "Validation windows per evaluation.")
    log_interval: int = _opt(10, "Print a `step | loss | lr | tok/s | ms/step | ETA` line every N steps.")
    grad_clip: float = _opt(1.0, "Clip the gradient norm to this (0: no clipping).")
    grad_accum: int = _opt(1, "Micro-batches per optimizer step (divides --batch-size).")
    weight_decay: float = _opt(0.01, "AdamW weight decay on matrices (never on norms, biases, embeddings).")
    variant: str | None = _alias("variant")
    inner_lr: float | None = _alias("inner_lr")
    val_fraction: float = _opt(0.1, "Share of the data held out for validation when no val file exists.")
    vocab_size: int | None = _alias("vocab_size")
    preset: str = _opt("base", "Model shape to start from (the model options override it); base is the original's.",
                       type=click.Choice(tuple(PRESETS)))
    model: dict[str, Any] = field(default_factory=dict, hash=False,
                                  metadata={"help": "BitLlamaConfig fields given explicitly."})

    def __post_init__(self) -> None:
        positive = ("context_len", "batch_size", "steps", "save_interval", "log_interval", "grad_accum",
                    "eval_windows")
        for name in positive:
            _check(name, getattr(self, name), lambda v: isinstance(v, int) and v >= 1, "a positive integer")
        for name in ("warmup_steps", "eval_interval", "seed"):
            _check(name, getattr(self, name), lambda v: isinstance(v, int) and v >= 0, "an integer >= 0")
        _check("lr", self.lr, lambda v: _finite(v) and v > 0, "a number > 0")
        for name in ("min_lr", "grad_clip", "weight_decay"):
            _check(name, getattr(self, name), lambda v: _finite(v) and v >= 0, "a number >= 0")
        _check("min_lr", self.min_lr, lambda v: v <= self.lr, f"at most --lr ({self.lr})")
        _check("val_fraction", self.val_fraction, lambda v: _finite(v) and 0 < v < 1, "between 0 and 1")
        _check("device", self.device, lambda v: v in DEVICES, f"one of {', '.join(DEVICES)}")
        _check("preset", self.preset, lambda v: v in PRESETS, f"one of {', '.join(PRESETS)}")
        _check("batch_size", self.batch_size, lambda v: v % self.grad_accum == 0,
               f"a multiple of --grad-accum ({self.grad_accum})")
        unknown = sorted(set(self.model) - set(MODEL_FIELDS))
        if unknown:
            raise ConfigError(f"unknown model option(s): {', '.join(unknown)}")
        self.model_config()  # the config validates the model options, once, in its own terms

    def given_model(self) -> dict[str, Any]:
        """The config fields given, by ``model`` or by the original's names (which must then agree)."""
        given = dict(self.model)
        for alias, name in LEGACY_MODEL_FIELDS.items():
            value = getattr(self, alias)
            if value is None:
                continue
            if given.get(name, value) != value:
                raise ConfigError(f"{option_label(name)} is given twice: {alias}={value!r} and "
                                  f"model[{name!r}]={given[name]!r}")
            given[name] = value
        return given

    def model_config(self, vocab_size: int | None = None) -> BitLlamaConfig:
        """The model these options describe; ``vocab_size`` (the data's) wins over the option's default."""
        given = self.given_model()
        if vocab_size is not None:
            given["vocab_size"] = vocab_size
        try:
            return BitLlamaConfig.from_preset(self.preset, **given)
        except ConfigFieldError as error:
            raise ConfigError(f"{option_label(error.field)} must be {error.expected}, got {error.value!r}") from error

    def advice(self) -> tuple[str, ...]:
        """Settings that are valid but probably not what was meant, as warnings to show before training."""
        notes = []
        if self.warmup_steps >= self.steps:
            notes.append(f"--warmup-steps {self.warmup_steps} is not below --steps {self.steps}: the learning rate "
                         f"never reaches --lr; lower --warmup-steps (e.g. to {max(self.steps // 10, 1)})")
        return tuple(notes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainArgs:
        """Rebuild from a checkpoint; keys this version does not know are ignored (older/newer runs).

        Records from before the model options were generated hold their model fields under the original's
        names (`dim`, `layers`...), which are fields still.
        """
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    @classmethod
    def from_options(cls, options: dict[str, Any]) -> TrainArgs:
        """From the CLI's flat options: model fields not given (None) are left to the preset."""
        model = {name: options[name] for name in MODEL_FIELDS if options.get(name) is not None}
        rest = {k: v for k, v in options.items() if k not in MODEL_FIELDS}
        return cls(**rest, model=model)


def option_name(name: str) -> str:
    return "--" + name.replace("_", "-")


def option_label(name: str) -> str:
    """How an error names the option of a field: `--hidden-dim/--dim` where an alias exists."""
    alias = OPTION_ALIASES.get(name)
    return f"{option_name(name)}/{alias}" if alias else option_name(name)


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check(name: str, value: Any, ok: Callable[[Any], bool], expected: str) -> None:
    if (isinstance(value, bool) and name != "benchmark") or not ok(value):
        raise ConfigError(f"{option_name(name)} must be {expected}, got {value!r}")


_PRESET_FIELDS = {name for values in PRESETS.values() for name in values}
_CLICK_TYPES: dict[str, Any] = {"int": int, "float": float, "bool": bool, "str": str}


def _click_type(annotation: Any) -> Any:
    return _CLICK_TYPES.get(str(annotation).split(" ")[0], str)


def _model_option(spec: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """One option for a `BitLlamaConfig` field: default None, so a value not given is the preset's."""
    names = [option_name(spec.name), *([OPTION_ALIASES[spec.name]] if spec.name in OPTION_ALIASES else [])]
    if spec.name in _PRESET_FIELDS:
        help_text = f"{spec.metadata['help']} [default: the preset's]"
    elif spec.default is MISSING:
        help_text = spec.metadata["help"]  # says itself where the value comes from
    else:
        help_text = f"{spec.metadata['help']} [default: {spec.default}]"
    if "choices" in spec.metadata:
        kind: Any = click.Choice(spec.metadata["choices"])
    else:
        kind = _click_type(spec.type)
    if kind is bool:
        flag = f"{names[0]}/--no-{names[0].removeprefix('--')}"
        return click.option(flag, spec.name, default=None, help=help_text)
    return click.option(*names, spec.name, type=kind, default=None, help=help_text)


def train_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a click command with one kebab-case option per `TrainArgs` and `BitLlamaConfig` field."""
    for spec in reversed(fields(BitLlamaConfig)):
        func = _model_option(spec)(func)
    for spec in reversed(fields(TrainArgs)):
        if spec.name == "model" or "alias_of" in spec.metadata:
            continue  # the original's model names are options of the config fields (`--dim` of `--hidden-dim`)
        extra = {k: v for k, v in spec.metadata.items() if k != "help"}
        default = None if spec.default is MISSING else spec.default
        if not extra:
            extra["type"] = _click_type(spec.type)
        func = click.option(option_name(spec.name), spec.name, default=default, show_default=True,
                            help=spec.metadata["help"], **extra)(func)
    return func
