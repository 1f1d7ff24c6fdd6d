"""RMSNorm against its formula; float32 accumulation for half-precision inputs."""

from __future__ import annotations

import pytest
import torch

from bit_ttt import RMSNorm


def test_matches_formula_in_float64(device):
    norm = RMSNorm(12, eps=1e-5).double().to(device)
    with torch.no_grad():
        norm.weight.normal_()
    x = torch.randn(3, 4, 12, dtype=torch.float64, device=device)
    expected = x / torch.sqrt((x * x).mean(-1, keepdim=True) + 1e-5) * norm.weight
    torch.testing.assert_close(norm(x), expected, rtol=1e-13, atol=1e-13)


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16])
def test_half_inputs_accumulate_in_float32_and_return_input_dtype(device, dtype):
    norm = RMSNorm(64).to(device)
    x = (torch.randn(5, 64, device=device) * 30).to(dtype)
    y = norm(x)
    assert y.dtype == dtype
    wide = x.float()
    expected = (wide * torch.rsqrt(wide.pow(2).mean(-1, keepdim=True) + 1e-5)).to(dtype)
    assert torch.equal(y, expected)


def test_eps_keeps_zero_input_finite():
    y = RMSNorm(8)(torch.zeros(2, 8))
    assert torch.equal(y, torch.zeros(2, 8))


def test_weight_starts_at_ones():
    assert torch.equal(RMSNorm(6).weight.detach(), torch.ones(6))
