"""The one validated configuration of a BitLlama model: plain data, stdlib only.

A config is saved in every checkpoint and rebuilt on load, so it must round-trip through JSON.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Any

VARIANTS: tuple[str, ...] = ("reference", "cortex")


@dataclass(frozen=True, slots=True)
class BitLlamaConfig:
    """Shape and hyper-parameters of a BitLlama.

    ``variant="reference"`` is BitNet b1.58 + TTT-Linear (Sun et al. 2024);
    ``variant="cortex"`` reproduces the Rust Bit-TTT engine of 2026-01-11 (see docs/bit_ttt_model.md).
    ``inner_lr`` is the cortex variant's constant TTT step size; ``ttt_base_lr`` scales the reference
    variant's learnable per-token step size. Either at 0 turns its variant's test-time learning off.
    """

    vocab_size: int
    hidden_dim: int
    num_layers: int
    inner_lr: float = 0.1
    variant: str = "reference"
    mini_batch_size: int = 16
    num_heads: int = 4
    ttt_base_lr: float = 1.0
    rms_norm_eps: float = 1e-5
    tie_embeddings: bool = False

    def __post_init__(self) -> None:
        for name in ("vocab_size", "hidden_dim", "num_layers", "mini_batch_size", "num_heads"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        for name in ("inner_lr", "ttt_base_lr"):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not math.isfinite(value)
                or value < 0
            ):
                raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
        eps = self.rms_norm_eps
        if (
            isinstance(eps, bool)
            or not isinstance(eps, (int, float))
            or not math.isfinite(eps)
            or eps <= 0
        ):
            raise ValueError(f"rms_norm_eps must be a finite number > 0, got {eps!r}")
        if self.variant not in VARIANTS:
            raise ValueError(f"variant must be one of {VARIANTS}, got {self.variant!r}")
        if not isinstance(self.tie_embeddings, bool):
            raise ValueError(f"tie_embeddings must be a bool, got {self.tie_embeddings!r}")
        if self.variant == "reference" and self.hidden_dim % self.num_heads:
            raise ValueError(
                f"hidden_dim ({self.hidden_dim}) must be divisible by num_heads ({self.num_heads})"
            )
        if self.variant == "cortex":
            if self.hidden_dim % 4:
                raise ValueError(
                    f"hidden_dim must be divisible by 4 for the cortex variant, got {self.hidden_dim}"
                )
            if self.tie_embeddings:
                raise ValueError(
                    "tie_embeddings must be False for the cortex variant (its lm_head is untied)"
                )

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
        """Rebuild from ``to_dict()`` output; accepts the engine's ``n_layers`` alias; unknown keys fail."""
        data = dict(data)
        if "n_layers" in data and "num_layers" not in data:
            data["num_layers"] = data.pop("n_layers")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown config field(s): {', '.join(unknown)}")
        return cls(**data)
