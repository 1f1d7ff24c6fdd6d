"""BitLinear against the BitNet b1.58 formulas, written out independently here."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from bit_ttt import BitLinear, CortexBitLinear, activation_quant, weight_quant

INPUT_SHAPES = [(16,), (5, 16), (2, 7, 16)]


def ternary_reference(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """absmean: s = mean|W| (>= 1e-5), Wq = clamp(round(W / s), -1, 1)."""
    s = torch.clamp(w.abs().mean(), min=1e-5)
    return torch.clamp(torch.round(w / s), -1, 1), s


def int8_reference(x: torch.Tensor) -> torch.Tensor:
    """absmax per token, dequantised: clamp(round(x · 127/max|x|), -128, 127) · max|x|/127."""
    m = torch.clamp(x.abs().max(dim=-1, keepdim=True).values, min=1e-5)
    return torch.clamp(torch.round(x * 127 / m), -128, 127) * m / 127


@pytest.mark.parametrize("shape", INPUT_SHAPES)
def test_forward_is_linear_of_quantised_input_and_rescaled_ternary_weight(device, shape):
    torch.manual_seed(0)
    layer = BitLinear(16, 8).double().to(device)
    x = torch.randn(shape, dtype=torch.float64, device=device)
    wq, s = ternary_reference(layer.weight.detach())
    expected = F.linear(int8_reference(x), s * wq)
    torch.testing.assert_close(layer(x), expected, rtol=1e-12, atol=1e-12)


def test_weight_quant_is_ternary_int8_with_absmean_scale(device):
    w = torch.randn(32, 24, device=device)
    ternary, scale = weight_quant(w)
    assert ternary.dtype == torch.int8
    assert set(ternary.unique().tolist()) <= {-1, 0, 1}
    assert set(ternary.unique().tolist()) == {-1, 0, 1}  # a Gaussian matrix hits all three
    torch.testing.assert_close(scale, w.abs().mean())
    torch.testing.assert_close(ternary.float(), ternary_reference(w)[0])


def test_ste_gradient_equals_float_linear_at_quantised_weight(device):
    torch.manual_seed(1)
    layer = BitLinear(16, 8).double().to(device)
    x = torch.randn(4, 16, dtype=torch.float64, device=device, requires_grad=True)
    upstream = torch.randn(4, 8, dtype=torch.float64, device=device)
    (layer(x) * upstream).sum().backward()

    wq, s = ternary_reference(layer.weight.detach())
    w_float = (s * wq).clone().requires_grad_(True)
    x_float = int8_reference(x.detach()).requires_grad_(True)
    (F.linear(x_float, w_float) * upstream).sum().backward()
    torch.testing.assert_close(layer.weight.grad, w_float.grad, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(x.grad, x_float.grad, rtol=1e-12, atol=1e-12)


def test_activation_error_is_at_most_absmax_over_254_per_token(device):
    x = (
        torch.randn(64, 33, device=device, dtype=torch.float64)
        * torch.rand(64, 1, device=device)
        * 10
    )
    q, scale = activation_quant(x)
    assert q.dtype == torch.int8
    assert scale.shape == (64, 1)
    error = (q.double() / scale - x).abs().max(dim=-1).values
    bound = x.abs().max(dim=-1).values / 254
    assert bool((error <= bound * (1 + 1e-12)).all())
    assert int(q.abs().max()) == 127  # the absmax element maps to ±127 exactly


@pytest.mark.parametrize("linear", [BitLinear, CortexBitLinear])
def test_zero_weights_give_zero_output_and_no_nan(device, linear):
    layer = linear(8, 4).to(device)
    with torch.no_grad():
        layer.weight.zero_()
    x = torch.randn(3, 8, device=device, requires_grad=True)
    y = layer(x)
    y.sum().backward()
    assert torch.equal(y, torch.zeros_like(y))
    assert torch.isfinite(layer.weight.grad).all() and torch.isfinite(x.grad).all()
    zero_input = layer(torch.zeros(2, 8, device=device))
    assert torch.isfinite(zero_input).all()


@pytest.mark.parametrize("linear", [BitLinear, CortexBitLinear])
def test_inference_cache_matches_training_path_and_train_drops_it(device, linear):
    torch.manual_seed(2)
    layer = linear(32, 16).to(device)
    x = torch.randn(2, 5, 32, device=device)
    expected = layer(x)
    layer.precompute_for_inference()
    assert layer.inference_ternary is not None and layer.inference_ternary.dtype == torch.int8
    torch.testing.assert_close(layer(x), expected, rtol=1e-5, atol=1e-5)
    layer.eval()
    torch.testing.assert_close(layer(x), expected, rtol=1e-5, atol=1e-5)
    with torch.no_grad():
        layer.weight.mul_(-1)  # eval mode reads the cache, not the (now different) float weight
    torch.testing.assert_close(layer(x), expected, rtol=1e-5, atol=1e-5)
    layer.train()
    assert layer.inference_ternary is None
    torch.testing.assert_close(layer(x), -expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("linear", [BitLinear, CortexBitLinear])
def test_installed_ternary_weights_re_quantise_to_themselves(linear):
    torch.manual_seed(4)
    source = linear(24, 10)
    ternary, scale = weight_quant(source.weight)
    target = linear(24, 10)
    target.set_inference_weights(ternary, scale)
    again, again_scale = weight_quant(target.weight)
    assert torch.equal(again, ternary)
    torch.testing.assert_close(again_scale, scale)
    x = torch.randn(3, 24)
    torch.testing.assert_close(target(x), source(x))  # training path, cache unused


def test_cortex_variant_is_unscaled_ternary_with_gradient_divided_by_scale(device):
    torch.manual_seed(3)
    layer = CortexBitLinear(16, 8).double().to(device)
    x = torch.randn(4, 16, dtype=torch.float64, device=device)
    upstream = torch.randn(4, 8, dtype=torch.float64, device=device)
    y = layer(x)
    wq, s = ternary_reference(layer.weight.detach())
    torch.testing.assert_close(
        y, x @ wq.T, rtol=1e-12, atol=1e-12
    )  # no activation quant, no rescale
    (y * upstream).sum().backward()
    torch.testing.assert_close(layer.weight.grad, (upstream.T @ x) / s, rtol=1e-12, atol=1e-12)


def test_state_dict_holds_only_the_float_weight():
    layer = BitLinear(8, 4)
    layer.precompute_for_inference()
    assert list(layer.state_dict()) == ["weight"]


def test_inference_cache_is_buffers_that_move_and_cast_with_the_module():
    """Non-persistent buffers: `.to()` and `.double()` reach them without any override of `nn.Module._apply`."""
    layer = BitLinear(8, 4)
    layer.precompute_for_inference()
    buffers = dict(layer.named_buffers())
    assert set(buffers) == {"inference_ternary", "inference_scale"}
    layer.double()
    assert layer.inference_scale.dtype == torch.float64  # cast like any float buffer
    assert layer.inference_ternary.dtype == torch.int8  # integers are never cast
    assert "_apply" not in vars(BitLinear)
    meta = BitLinear(8, 4)
    meta.precompute_for_inference()
    meta.to("meta")
    assert meta.inference_ternary.device.type == "meta" and meta.inference_scale.device.type == "meta"


def test_cortex_linear_overrides_only_the_quantisation():
    """The variants share one forward, cache and file format; a subclass changes only how it quantises."""
    own = set(vars(CortexBitLinear)) - {"__module__", "__doc__", "__qualname__", "__firstlineno__",
                                        "__static_attributes__"}
    assert own == {"quantised_weight", "quantised_input", "inference_forward"}
