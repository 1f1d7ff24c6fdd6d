"""The Rust Bit-TTT engine's TTT layer (2026-01-11): an L2-normalised linear autoencoder state.

f̂ = down(x)/(‖down(x)‖ + 1e-6); z = W·f̂ with the state BEFORE the update; W ← W − η(W f̂ − f̂) f̂ᵀ;
output up(z). Training runs chunks sharing the chunk-start state with summed updates.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from bit_ttt.layers.bit_linear import BitLinear
from bit_ttt.layers.rms_norm import accumulation_dtype

CORTEX_FEATURE_EPS = 1e-6


@dataclass(frozen=True, slots=True)
class CortexTTTState:
    """The engine's whole TTT memory: one d×d matrix per sequence."""

    W: torch.Tensor  # (B, d, d)

    def detach(self) -> CortexTTTState:
        return CortexTTTState(self.W.detach())


class CortexTTT(nn.Module):
    """TTT with one down projection D → D/4 (key = query = value) and ``up`` back to D.

    ``form="chunk"`` (default for T > 1): every token of a chunk of ``chunk_size`` predicts with the
    chunk-start state and the chunk's updates are summed; the state keeps its graph (BPTT).
    ``form="sequential"`` (default for T == 1): one update per token, the state detached each step,
    as the engine decodes. The two agree only for ``chunk_size=1``.
    """

    def __init__(self, hidden_dim: int, inner_lr: float = 0.1, chunk_size: int = 32) -> None:
        super().__init__()
        if hidden_dim % 4:
            raise ValueError(f"hidden_dim must be divisible by 4, got {hidden_dim}")
        self.hidden_dim = hidden_dim
        self.dim = hidden_dim // 4
        self.inner_lr = inner_lr
        self.chunk_size = chunk_size
        self.down = BitLinear(hidden_dim, self.dim, variant="cortex")
        self.up = BitLinear(self.dim, hidden_dim, variant="cortex")

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

    def forward(
        self,
        x: torch.Tensor,
        state: CortexTTTState | None = None,
        form: str | None = None,
        ttt_enabled: bool = True,
    ) -> tuple[torch.Tensor, CortexTTTState]:
        B, T, _ = x.shape
        form = form or ("sequential" if T == 1 else "chunk")
        if form not in ("chunk", "sequential"):
            raise ValueError(f"form must be 'chunk' or 'sequential', got {form!r}")
        lr = self.inner_lr if ttt_enabled else 0.0
        feats = self.features(x)  # (B, T, d), the projection under autocast if any
        with torch.autocast(
            device_type=x.device.type, enabled=False
        ):  # the state update stays wide
            W = (self.init_state(B, feats.dtype) if state is None else state).W.to(feats.dtype)
            chunk = self.chunk_size if form == "chunk" else 1
            outputs = []
            for start in range(0, T, chunk):
                f_hat = feats[:, start : start + chunk]  # (B, C, d)
                z = f_hat @ W.transpose(-1, -2)  # z_t = W f̂_t for every t of the chunk, (B, C, d)
                W = W - lr * (z - f_hat).transpose(-1, -2) @ f_hat  # Σ_t (z_t − f̂_t) f̂_tᵀ
                if form == "sequential":
                    W = W.detach()
                outputs.append(z)
            z = torch.cat(outputs, dim=1)  # (B, T, d)
        return self.up(z.to(x.dtype)), CortexTTTState(W)
