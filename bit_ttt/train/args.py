"""`TrainArgs`: every training option, validated, with the original trainer's names and defaults.

The dataclass is the single source: click options are generated from its fields (kebab-case),
and the same dict is saved in every checkpoint.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import MISSING, asdict, dataclass, field, fields
from typing import Any

import click

from bit_ttt.config import VARIANTS
from bit_ttt.train.errors import ConfigError

DEVICES = ("auto", "cpu", "cuda")


def _opt(default: Any, help: str, **click_kwargs: Any) -> Any:
    return field(default=default, metadata={"help": help, **click_kwargs})


@dataclass(frozen=True, slots=True)
class TrainArgs:
    """Options of `bit-ttt train` (defaults are the original `bit_llama train`'s where it had one)."""

    dim: int = _opt(256, "Hidden size D of the model.")
    layers: int = _opt(8, "Number of blocks.")
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
    log_interval: int = _opt(10, "Print a `step | loss | lr | tok/s` line every N steps.")
    grad_clip: float = _opt(1.0, "Clip the gradient norm to this (0: no clipping).")
    grad_accum: int = _opt(1, "Micro-batches per optimizer step (divides --batch-size).")
    weight_decay: float = _opt(0.01, "AdamW weight decay on matrices (never on norms, biases, embeddings).")
    variant: str = _opt("reference", "Model maths: reference (BitNet b1.58 + TTT-Linear) or cortex (the Rust engine).",
                        type=click.Choice(VARIANTS))
    inner_lr: float = _opt(0.1, "TTT inner step size of the cortex variant (the original hard-codes 0.1).")
    val_fraction: float = _opt(0.1, "Share of the data held out for validation when no val file exists.")
    vocab_size: int | None = _opt(None, "Vocabulary size (default: 256 for text, max id + 1 for token files).")

    def __post_init__(self) -> None:
        positive = ("dim", "layers", "context_len", "batch_size", "steps", "save_interval", "log_interval",
                    "grad_accum", "eval_windows")
        for name in positive:
            _check(name, getattr(self, name), lambda v: isinstance(v, int) and v >= 1, "a positive integer")
        for name in ("warmup_steps", "eval_interval", "seed"):
            _check(name, getattr(self, name), lambda v: isinstance(v, int) and v >= 0, "an integer >= 0")
        _check("lr", self.lr, lambda v: _finite(v) and v > 0, "a number > 0")
        for name in ("min_lr", "grad_clip", "weight_decay", "inner_lr"):
            _check(name, getattr(self, name), lambda v: _finite(v) and v >= 0, "a number >= 0")
        _check("min_lr", self.min_lr, lambda v: v <= self.lr, f"at most --lr ({self.lr})")
        _check("val_fraction", self.val_fraction, lambda v: _finite(v) and 0 < v < 1, "between 0 and 1")
        _check("device", self.device, lambda v: v in DEVICES, f"one of {', '.join(DEVICES)}")
        _check("variant", self.variant, lambda v: v in VARIANTS, f"one of {', '.join(VARIANTS)}")
        _check("batch_size", self.batch_size, lambda v: v % self.grad_accum == 0,
               f"a multiple of --grad-accum ({self.grad_accum})")
        if self.vocab_size is not None:
            _check("vocab_size", self.vocab_size, lambda v: isinstance(v, int) and v >= 2, "an integer >= 2")
        if self.variant == "cortex":
            _check("dim", self.dim, lambda v: v % 4 == 0, "divisible by 4 for the cortex variant")
        else:
            _check("dim", self.dim, lambda v: v % 4 == 0, "divisible by 4 (the TTT heads)")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TrainArgs:
        """Rebuild from a checkpoint; keys this version does not know are ignored (older/newer runs)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def option_name(name: str) -> str:
    return "--" + name.replace("_", "-")


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check(name: str, value: Any, ok: Callable[[Any], bool], expected: str) -> None:
    if (isinstance(value, bool) and name != "benchmark") or not ok(value):
        raise ConfigError(f"{option_name(name)} must be {expected}, got {value!r}")


def train_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a click command with one kebab-case option per `TrainArgs` field."""
    for spec in reversed(fields(TrainArgs)):
        extra = {k: v for k, v in spec.metadata.items() if k != "help"}
        default = None if spec.default is MISSING else spec.default
        if not extra:
            kind = {"int": int, "float": float, "bool": bool}.get(str(spec.type).split(" ")[0], str)
            extra["type"] = kind
        func = click.option(option_name(spec.name), spec.name, default=default, show_default=True,
                            help=spec.metadata["help"], **extra)(func)
    return func
