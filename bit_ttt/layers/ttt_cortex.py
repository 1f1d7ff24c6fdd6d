"""The Rust Bit-TTT engine's TTT layer (2026-01-11): an L2-normalised linear autoencoder state.

f̂ = down(x)/(‖down(x)‖ + 1e-6); z = W·f̂ with the state BEFORE the update; W ← W − η(W f̂ − f̂) f̂ᵀ;
output up(z). Training runs chunks sharing the chunk-start state with summed updates.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from bit_ttt.config import CORTEX_DIVISOR, BitLlamaConfig, require_divisible
from bit_ttt.layers.bit_linear import BitLinear, CortexBitLinear  # noqa: F401 (BitLinear: kept at its old path)
from bit_ttt.layers.rms_norm import accumulation_dtype
from bit_ttt.layers.ttt import TTTBase

CORTEX_FEATURE_EPS = 1e-6


@dataclass(frozen=True, slots=True)
class CortexTTTState:
    """The engine's whole TTT memory: one d×d matrix per sequence."""

    W: torch.Tensor  # (B, d, d)

    def detach(self) -> CortexTTTState:
        return CortexTTTState(self.W.detach())


class CortexTTT(TTTBase[CortexTTTState]):
    """TTT with one down projection D → D/4 (key = query = value) and ``up`` back to D.

    ``form="chunk"`` (default for T > 1): every token of a chunk of ``chunk_size`` predicts with the
    chunk-start state and the chunk's updates are summed; the state keeps its graph (BPTT).
    ``form="sequential"`` (default for T == 1): one update per token, the state detached each step,
    as the engine decodes. The two agree only for ``chunk_size=1``, so prompts are prefilled
    sequentially, as the engine does.
    """

    forms = ("chunk", "sequential")
    time_dim = 1  # features are (B, T, d)
    prefill_form = "sequential"

    def __init__(self, hidden_dim: int, inner_lr: float = 0.1, chunk_size: int = 32) -> None:
        super().__init__()
        require_divisible("hidden_dim", hidden_dim, 4, CORTEX_DIVISOR)
        self.hidden_dim = hidden_dim
        self.dim = hidden_dim // 4
        self.inner_lr = inner_lr
        self.chunk_size = chunk_size
        self.down = CortexBitLinear(hidden_dim, self.dim)
        self.up = CortexBitLinear(self.dim, hidden_dim)

    @classmethod
    def from_config(cls, config: BitLlamaConfig) -> CortexTTT:
        return cls(config.hidden_dim, config.inner_lr, config.mini_batch_size)

    def init_state(self, batch_size: int, dtype: torch.dtype | None = None) -> CortexTTTState:
        """W0 = 0: the engine has no learnable initial state."""
        dtype = accumulation_dtype(self.down.weight.dtype if dtype is None else dtype)
        return CortexTTTState(
            self.down.weight.new_zeros(batch_size, self.dim, self.dim, dtype=dtype)
        )

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """f̂ = f / (‖f‖₂ + 1e-6): eps added to the norm, outside the square root, as the engine does."""
        f = self.down(x)
        f = f.to(accumulation_dtype(f.dtype))
        return f / (torch.linalg.vector_norm(f, dim=-1, keepdim=True) + CORTEX_FEATURE_EPS)

    def views(self, x: torch.Tensor, state: CortexTTTState | None = None) -> tuple[torch.Tensor]:
        return (self.features(x),)  # (B, T, d), the projection under autocast if any

    def chunk_length(self, state: CortexTTTState, form: str) -> int:
        return self.chunk_size if form == "chunk" else 1

    def inner_update(
        self, views: tuple[torch.Tensor, ...], state: CortexTTTState, form: str, ttt_enabled: bool
    ) -> tuple[torch.Tensor, CortexTTTState]:
        """z_t = W f̂_t with the chunk-start W for every t, then W ← W − η Σ_t (z_t − f̂_t) f̂_tᵀ."""
        (f_hat,) = views  # (B, C, d)
        lr = self.inner_lr if ttt_enabled else 0.0
        W = state.W.to(f_hat.dtype)  # (B, d, d)
        z = f_hat @ W.transpose(-1, -2)  # (B, C, d)
        W = W - lr * (z - f_hat).transpose(-1, -2) @ f_hat
        if form == "sequential":
            W = W.detach()
        return z, CortexTTTState(W)

    def output(self, z: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return self.up(z.to(x.dtype))
