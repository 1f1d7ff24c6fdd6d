"""BitLlamaBlock: pre-norm residual composition, state threaded through the TTT layer."""

from __future__ import annotations

import pytest
import torch

from bit_ttt import BitLlamaBlock, BitLlamaConfig, TTTLayer
from bit_ttt.layers.ttt_cortex import CortexTTT


@pytest.mark.parametrize("variant", ["reference", "cortex"])
def test_block_is_two_pre_norm_residual_branches(variant):
    torch.manual_seed(0)
    config = BitLlamaConfig(10, 16, 1, variant=variant, num_heads=2, mini_batch_size=4)
    block = BitLlamaBlock(config).double()
    with torch.no_grad():
        block.norm1.weight.normal_()
        block.norm2.weight.normal_()
    x = torch.randn(2, 7, 16, dtype=torch.float64)
    out, state = block(x)
    if variant == "reference":  # ttt-lm's pre_conv first: x + conv(RMSNorm(x))
        x = x + block.conv(x)[0]
    else:
        assert block.conv is None and state.conv is None
    mixed, expected_state = block.ttt(block.norm1(x))
    h = x + mixed
    torch.testing.assert_close(out, h + block.mlp(block.norm2(h)), rtol=0, atol=1e-12)
    torch.testing.assert_close(state.ttt.W, expected_state.W, rtol=0, atol=1e-12)
    assert isinstance(block.ttt, CortexTTT if variant == "cortex" else TTTLayer)


def test_no_convolution_when_its_kernel_is_zero():
    block = BitLlamaBlock(BitLlamaConfig(10, 16, 1, num_heads=2, conv_kernel=0))
    assert block.conv is None and not any(name.startswith("conv") for name, _ in block.named_parameters())


def test_block_continues_from_a_given_state():
    torch.manual_seed(1)
    block = BitLlamaBlock(BitLlamaConfig(10, 16, 1, num_heads=2, mini_batch_size=4)).double()
    x = torch.randn(1, 9, 16, dtype=torch.float64)
    full, _ = block(x)
    first, state = block(x[:, :5])
    second, _ = block(x[:, 5:], state)
    assert (torch.cat([first, second], 1) - full).abs().max().item() < 1e-10
