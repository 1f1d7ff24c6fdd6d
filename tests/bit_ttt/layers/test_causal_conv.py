"""CausalConv against its sum written out; causal; a split at any token continues exactly."""

from __future__ import annotations

import pytest
import torch

from bit_ttt.layers.causal_conv import CausalConv


def make_conv(kernel: int = 4, seed: int = 0) -> CausalConv:
    torch.manual_seed(seed)
    conv = CausalConv(6, kernel).double()
    with torch.no_grad():
        conv.norm.weight.normal_(1, 0.3)
    return conv


def test_each_output_is_bias_plus_the_last_k_normalised_inputs_weighted():
    conv = make_conv()
    x = torch.randn(2, 7, 6, dtype=torch.float64)
    y, _ = conv(x)
    h = conv.norm(x)
    for t in range(7):
        expected = conv.bias.clone()
        for i in range(4):  # tap i sees the input k − 1 − i tokens back; before the start: zeros
            back = t - (3 - i)
            if back >= 0:
                expected = expected + conv.weight[:, i] * h[:, back]
        torch.testing.assert_close(y[:, t], expected, rtol=0, atol=1e-12)


def test_causal_and_no_further_back_than_the_kernel():
    conv = make_conv()
    x = torch.randn(1, 10, 6, dtype=torch.float64)
    changed = x.clone()
    changed[:, 4] += 1.0
    gap = (conv(x)[0] - conv(changed)[0]).abs().amax(-1)[0]  # (T,)
    assert gap[:4].max() == 0 and (gap[4:8] > 1e-6).all() and gap[8:].max() < 1e-12


@pytest.mark.parametrize("kernel", [1, 2, 4])
@pytest.mark.parametrize("split", [1, 2, 5])
def test_a_split_at_any_token_continues_exactly(kernel, split):
    conv = make_conv(kernel, seed=kernel)
    x = torch.randn(2, 8, 6, dtype=torch.float64)
    full, end = conv(x)
    first, past = conv(x[:, :split])
    second, past_end = conv(x[:, split:], past)
    torch.testing.assert_close(torch.cat([first, second], 1), full, rtol=0, atol=1e-12)
    assert past.shape == (2, kernel - 1, 6) and torch.equal(past_end, end)
