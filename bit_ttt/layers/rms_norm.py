"""RMSNorm: scale by the reciprocal root-mean-square, accumulated in at least float32."""

from __future__ import annotations

import torch
from torch import nn


def accumulation_dtype(dtype: torch.dtype) -> torch.dtype:
    """float32, or wider when the input already is (float64 tests stay float64)."""
    return torch.promote_types(dtype, torch.float32)


class RMSNorm(nn.Module):
    """``y = x / sqrt(mean(x², -1) + eps) * weight``, computed wide and returned in the input dtype.

    Half-precision inputs lose too much in the mean of squares, hence the float32 accumulation.
    """

    def __init__(self, dim: int, eps: float = 1e-5) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        wide = x.to(accumulation_dtype(x.dtype))
        inv_rms = torch.rsqrt(wide.pow(2).mean(dim=-1, keepdim=True) + self.eps)
        return (wide * inv_rms * self.weight.to(wide.dtype)).to(x.dtype)

    def extra_repr(self) -> str:
        return f"{self.weight.shape[0]}, eps={self.eps}"
