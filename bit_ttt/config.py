"""The one validated configuration of a BitLlama model, and its presets: plain data, stdlib only.

A config is saved in every checkpoint and rebuilt on load, so it must round-trip through JSON. Each
field carries its help text, from which `bit-ttt train` generates one option per field.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from bit_ttt.errors import ConfigFieldError

VARIANTS: tuple[str, ...] = ("reference", "cortex")
CORTEX_DIVISOR = "4 (the cortex variant's D/4 features)"
ROPE_DIVISOR = "2 · num_heads (rotary positions turn pairs of each head's features)"
ROPE_THETA = 10000.0  # ttt-lm's rope_theta
CONV_KERNEL = 4  # ttt-lm's conv_kernel
#: Fields added after checkpoints were first saved, each with the value that keeps the maths of a
#: config saved without it: the rotary positions and the convolution are then left out.
ADDED_LATER: dict[str, Any] = {"rope_theta": 0.0, "conv_kernel": 0}

#: Model shapes by name, as data: a preset is a set of field values, any of which an option may override.
#: `base` is the original trainer's default shape.
PRESETS: dict[str, dict[str, Any]] = {
    "tiny": {"hidden_dim": 64, "num_layers": 2, "num_heads": 4},
    "small": {"hidden_dim": 128, "num_layers": 4, "num_heads": 4},
    "base": {"hidden_dim": 256, "num_layers": 8, "num_heads": 4},
}


def _help(text: str, **extra: Any) -> dict[str, Any]:
    return {"help": text, **extra}


@dataclass(frozen=True, slots=True)
class BitLlamaConfig:
    """Shape and hyper-parameters of a BitLlama.

    ``variant="reference"`` is BitNet b1.58 + TTT-Linear (Sun et al. 2024);
    ``variant="cortex"`` reproduces the Rust Bit-TTT engine of 2026-01-11 (see docs/bit_ttt_model.md).
    ``inner_lr`` is the cortex variant's constant TTT step size; ``ttt_base_lr`` scales the reference
    variant's learnable per-token step size. Either at 0 turns its variant's test-time learning off.
    """

    vocab_size: int = field(metadata=_help("Vocabulary size V (default: 256 for text, max token id + 1 for token files)."))
    hidden_dim: int = field(metadata=_help("Hidden size D of the model."))
    num_layers: int = field(metadata=_help("Number of blocks L."))
    inner_lr: float = field(default=0.1, metadata=_help(
        "TTT step size of the cortex variant (the engine hard-codes 0.1); 0 turns test-time learning off."))
    variant: str = field(default="reference", metadata=_help(
        "Model maths: reference (BitNet b1.58 + TTT-Linear) or cortex (the Rust engine).", choices=VARIANTS))
    mini_batch_size: int = field(default=16, metadata=_help("TTT mini-batch (reference) or chunk (cortex) size b."))
    num_heads: int = field(default=4, metadata=_help("TTT heads of the reference variant (must divide D)."))
    ttt_base_lr: float = field(default=1.0, metadata=_help(
        "Scale of the reference variant's learnable TTT step size; 0 turns test-time learning off."))
    rms_norm_eps: float = field(default=1e-5, metadata=_help("RMSNorm epsilon."))
    tie_embeddings: bool = field(default=False, metadata=_help(
        "Reuse the embedding as the output projection (reference variant only)."))
    rope_theta: float = field(default=ROPE_THETA, metadata=_help(
        "Base of the rotary positions on the reference variant's TTT queries and keys (ttt-lm's); 0: none."))
    conv_kernel: int = field(default=CONV_KERNEL, metadata=_help(
        "Width of the causal convolution each reference block applies before its TTT layer (ttt-lm's pre_conv); "
        "0: none."))

    def __post_init__(self) -> None:
        for name in ("vocab_size", "hidden_dim", "num_layers", "mini_batch_size", "num_heads"):
            require_positive_int(name, getattr(self, name))
        if isinstance(self.conv_kernel, bool) or not isinstance(self.conv_kernel, int) or self.conv_kernel < 0:
            raise ConfigFieldError("conv_kernel", "an integer >= 0", self.conv_kernel)
        for name in ("inner_lr", "ttt_base_lr", "rope_theta"):
            value = getattr(self, name)
            if not _finite(value) or value < 0:
                raise ConfigFieldError(name, "a finite number >= 0", value)
        if not _finite(self.rms_norm_eps) or self.rms_norm_eps <= 0:
            raise ConfigFieldError("rms_norm_eps", "a finite number > 0", self.rms_norm_eps)
        if not isinstance(self.tie_embeddings, bool):
            raise ConfigFieldError("tie_embeddings", "a bool", self.tie_embeddings)
        match self.variant:  # the rules each variant's layers need; the classes are chosen in model/architecture.py
            case "reference":
                require_divisible("hidden_dim", self.hidden_dim, self.num_heads, f"num_heads = {self.num_heads}")
                if self.rope_theta:
                    require_divisible("hidden_dim", self.hidden_dim, 2 * self.num_heads, ROPE_DIVISOR)
            case "cortex":
                require_divisible("hidden_dim", self.hidden_dim, 4, CORTEX_DIVISOR)
                if self.tie_embeddings:
                    raise ConfigFieldError("tie_embeddings", "False for the cortex variant (its lm_head is untied)",
                                           self.tie_embeddings)
            case _:
                raise ConfigFieldError("variant", f"one of {', '.join(VARIANTS)}", self.variant)

    @property
    def head_dim(self) -> int:
        """Width of one TTT head in the reference variant."""
        return self.hidden_dim // self.num_heads

    @property
    def intermediate_dim(self) -> int:
        """SwiGLU hidden width: 4·D in both variants (the engine's choice, not Llama's 8/3·D)."""
        return 4 * self.hidden_dim

    @property
    def cortex_dim(self) -> int:
        """The cortex TTT feature width d = D/4."""
        return self.hidden_dim // 4

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict of every field."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BitLlamaConfig:
        """Rebuild from ``to_dict()`` output; accepts the engine's ``n_layers`` alias; unknown keys fail.

        A dict without a field of `ADDED_LATER` was saved before that field existed, so it gets the
        value that keeps the maths its weights were trained with.
        """
        data = dict(data)
        if "n_layers" in data and "num_layers" not in data:
            data["num_layers"] = data.pop("n_layers")
        data = {**ADDED_LATER, **data}
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown config field(s): {', '.join(unknown)}")
        return cls(**data)

    @classmethod
    def from_preset(cls, name: str, vocab_size: int = 256, **overrides: Any) -> BitLlamaConfig:
        """The preset ``name`` (see `PRESETS`) with ``overrides`` applied, validated once."""
        if name not in PRESETS:
            raise ConfigFieldError("preset", f"one of {', '.join(PRESETS)}", name)
        current = {f.name: f.default for f in fields(cls) if f.name in ADDED_LATER}  # a new model, not a saved one
        return cls.from_dict({"vocab_size": vocab_size, **current, **PRESETS[name], **overrides})


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def require_positive_int(name: str, value: Any) -> None:
    """The check every size uses, the config's and a layer's built on its own alike."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigFieldError(name, "a positive integer", value)


def require_divisible(name: str, value: int, divisor: int, label: str) -> None:
    """``value % divisor == 0``, or an error naming the divisor by ``label`` (TTT heads, the cortex features)."""
    if value % divisor:
        raise ConfigFieldError(name, f"divisible by {label}", value)
