"""Rotary position embedding (Su et al. 2021, RoFormer): rotate feature pairs by position-dependent angles.

Pairs are adjacent features (2i, 2i+1), rotated by ``position · base^(−2i/f)``, the layout of the TTT
authors' JAX code (ttt-lm-pytorch permutes to it before its Hugging Face `rotate_half`). A dot product
of two rotated vectors then depends on their positions only through the difference.
"""

from __future__ import annotations

import torch


def rotary(x: torch.Tensor, positions: torch.Tensor, base: float) -> torch.Tensor:
    """``x`` (..., T, f) with token t's feature pairs rotated by ``positions[t] · base^(−2i/f)``; f even."""
    f = x.shape[-1]
    wide = torch.promote_types(x.dtype, torch.float32)  # angles of long contexts need float32 at least
    inv_freq = base ** (-torch.arange(0, f, 2, device=x.device, dtype=wide) / f)  # (f/2,)
    angles = positions.to(device=x.device, dtype=wide)[:, None] * inv_freq  # (T, f/2)
    cos, sin = angles.cos().to(x.dtype), angles.sin().to(x.dtype)
    even, odd = x[..., 0::2], x[..., 1::2]  # (..., T, f/2) each
    return torch.stack((even * cos - odd * sin, even * sin + odd * cos), dim=-1).flatten(-2)  # (..., T, f)
