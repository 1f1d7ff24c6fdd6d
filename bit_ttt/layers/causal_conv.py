"""A causal depthwise convolution over time: each feature mixes its own values at the last k tokens.

ttt-lm's `pre_conv` (the TTT paper's Mamba backbone): a block adds ``conv(RMSNorm(h))`` to its input
before the TTT layer, so every layer sees the last few tokens exactly, which TTT's mini-batch update
does not keep apart. Decoding carries the last ``k − 1`` normalised inputs, so a sequence split at
any token gives the same outputs as one pass.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from bit_ttt.layers.rms_norm import RMSNorm


class CausalConv(nn.Module):
    """``forward(x, past) -> (y, past)``: ``y_t = bias + Σ_i weight[:, i] · RMSNorm(x)_{t−k+1+i}``.

    ``past`` (B, k − 1, D) holds the normalised inputs before ``x`` (zeros before the first token).
    """

    def __init__(self, dim: int, kernel_size: int, eps: float = 1e-5) -> None:
        super().__init__()
        self.dim = dim
        self.kernel_size = kernel_size
        self.norm = RMSNorm(dim, eps)
        self.weight = nn.Parameter(torch.empty(dim, kernel_size))  # one filter per feature, oldest tap first
        self.bias = nn.Parameter(torch.empty(dim))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """`nn.Conv1d`'s default, as ttt-lm leaves it: U(−1/√k, 1/√k) for the taps and the bias."""
        bound = 1.0 / math.sqrt(self.kernel_size)
        nn.init.uniform_(self.weight, -bound, bound)
        nn.init.uniform_(self.bias, -bound, bound)

    def initial_past(self, x: torch.Tensor) -> torch.Tensor:
        """Zeros in place of the inputs before the first token, (B, k − 1, D)."""
        return x.new_zeros(x.shape[0], self.kernel_size - 1, self.dim)

    def forward(self, x: torch.Tensor, past: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        h = self.norm(x)  # (B, T, D)
        past = self.initial_past(h) if past is None else past.to(h.dtype)
        seq = torch.cat([past, h], dim=1)  # (B, k − 1 + T, D)
        y = F.conv1d(seq.transpose(1, 2), self.weight[:, None, :].to(h.dtype), self.bias.to(h.dtype), groups=self.dim)
        return y.transpose(1, 2), seq[:, seq.shape[1] - (self.kernel_size - 1):]  # (B, T, D), (B, k − 1, D)

    def extra_repr(self) -> str:
        return f"{self.dim}, kernel_size={self.kernel_size}"
