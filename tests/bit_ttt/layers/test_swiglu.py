"""SwiGLU: down(silu(gate(x)) * up(x)) with three BitLinear layers."""

from __future__ import annotations

import torch
import torch.nn.functional as F

from bit_ttt import BitLinear, SwiGLU


def ternary_linear(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    s = torch.clamp(w.abs().mean(), min=1e-5)
    m = torch.clamp(x.abs().max(dim=-1, keepdim=True).values, min=1e-5)
    xq = torch.clamp(torch.round(x * 127 / m), -128, 127) * m / 127
    return xq @ (s * torch.clamp(torch.round(w / s), -1, 1)).T


def test_matches_gated_formula(device):
    torch.manual_seed(0)
    mlp = SwiGLU(8).double().to(device)
    x = torch.randn(2, 3, 8, dtype=torch.float64, device=device)
    gate = ternary_linear(x, mlp.gate_proj.weight.detach())
    up = ternary_linear(x, mlp.up_proj.weight.detach())
    expected = ternary_linear(F.silu(gate) * up, mlp.down_proj.weight.detach())
    torch.testing.assert_close(mlp(x), expected, rtol=1e-11, atol=1e-11)


def test_hidden_is_four_times_dim_by_default_and_all_projections_are_ternary():
    mlp = SwiGLU(12)
    assert mlp.gate_proj.weight.shape == (48, 12)
    assert mlp.up_proj.weight.shape == (48, 12)
    assert mlp.down_proj.weight.shape == (12, 48)
    assert all(isinstance(m, BitLinear) for m in (mlp.gate_proj, mlp.up_proj, mlp.down_proj))
    assert SwiGLU(12, hidden=20).gate_proj.weight.shape == (20, 12)
