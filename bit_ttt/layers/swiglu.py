"""SwiGLU feed-forward: ``down(silu(gate(x)) * up(x))`` with three ternary projections."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from bit_ttt.layers.bit_linear import BitLinear


class SwiGLU(nn.Module):
    """Gated MLP of width ``hidden`` (4·dim by default, as the engine uses, not Llama's 8/3·dim).

    ``linear`` is the projection class: `BitLinear` (None) or a subclass such as `CortexBitLinear`.
    """

    def __init__(self, dim: int, hidden: int | None = None, linear: type[BitLinear] | None = None) -> None:
        super().__init__()
        hidden = 4 * dim if hidden is None else hidden
        linear = BitLinear if linear is None else linear
        self.gate_proj = linear(dim, hidden)
        self.up_proj = linear(dim, hidden)
        self.down_proj = linear(hidden, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))  # (..., dim)
