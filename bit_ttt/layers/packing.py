"""Base-3 packing of ternary weights: 5 trits per byte (3⁵ = 243 ≤ 256), 1.6 bits per weight.

The information limit is log2 3 ≈ 1.585 bits, so this wastes under 1%; a 2-bit code would waste 26%.
"""

from __future__ import annotations

import math

import torch

TRITS_PER_BYTE = 5
_POWERS_OF_THREE = (1, 3, 9, 27, 81)


def pack_ternary(t: torch.Tensor) -> torch.Tensor:
    """Pack a tensor with values in {-1, 0, 1} into ``ceil(numel / 5)`` uint8 bytes.

    Trit k of a byte holds element ``5·byte + k`` as digit ``value + 1`` of weight 3^k;
    the last byte is padded with zeros (digit 1 = value 0 is never needed for padding to decode).
    """
    flat = t.detach().reshape(-1).to(torch.int16)
    if flat.numel() and (flat.min() < -1 or flat.max() > 1):
        raise ValueError("pack_ternary needs values in {-1, 0, 1}")
    n_bytes = math.ceil(flat.numel() / TRITS_PER_BYTE)
    digits = torch.zeros(n_bytes * TRITS_PER_BYTE, dtype=torch.int16, device=flat.device)
    digits[: flat.numel()] = flat + 1
    digits = digits.reshape(n_bytes, TRITS_PER_BYTE)  # (bytes, 5)
    powers = torch.tensor(_POWERS_OF_THREE, dtype=torch.int16, device=flat.device)
    return (digits * powers).sum(dim=1).to(torch.uint8)


def unpack_ternary(packed: torch.Tensor, shape: tuple[int, ...] | torch.Size) -> torch.Tensor:
    """Inverse of :func:`pack_ternary`: int8 tensor of ``shape`` with values in {-1, 0, 1}."""
    numel = math.prod(shape)
    if packed.numel() != math.ceil(numel / TRITS_PER_BYTE):
        raise ValueError(f"{packed.numel()} packed bytes cannot hold shape {tuple(shape)}")
    codes = packed.reshape(-1, 1).to(torch.int16)  # (bytes, 1)
    powers = torch.tensor(_POWERS_OF_THREE, dtype=torch.int16, device=packed.device)
    digits = torch.div(codes, powers, rounding_mode="floor") % 3  # (bytes, 5)
    return (digits.reshape(-1)[:numel] - 1).to(torch.int8).reshape(tuple(shape))
