"""Packed model files: 5 ternary weights per byte, exact reload of the ternary model."""

from __future__ import annotations

import math

import pytest
import torch
from safetensors import safe_open
from safetensors.torch import save_file

from bit_ttt import BitLinear, BitLlama, BitLlamaConfig, unpack_ternary, weight_quant

CONFIGS = {
    "reference": BitLlamaConfig(41, 20, 2, num_heads=2, mini_batch_size=4),
    "tied": BitLlamaConfig(41, 20, 2, num_heads=2, mini_batch_size=4, tie_embeddings=True),
    "cortex": BitLlamaConfig(41, 20, 2, variant="cortex", mini_batch_size=4),
}


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_packed_model_reloads_with_identical_ternary_weights_and_logits(name, tmp_path):
    torch.manual_seed(0)
    model = BitLlama(CONFIGS[name])
    model.precompute_for_inference()
    ids = torch.randint(0, 41, (2, 7))
    expected, _ = model(ids)
    path = tmp_path / "model.bitpacked"
    model.save_packed(path)
    loaded = BitLlama.load_packed(path)
    assert loaded.config == model.config
    for (key, a), b in zip(model.named_modules(), loaded.modules(), strict=True):
        if isinstance(a, BitLinear):
            assert torch.equal(a.inference_ternary, b.inference_ternary), key
            assert torch.equal(a.inference_scale, b.inference_scale), key
    got, _ = loaded(ids)
    torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-5)


def test_ternary_weights_take_ceil_n_over_5_bytes(tmp_path):
    torch.manual_seed(1)
    model = BitLlama(CONFIGS["reference"])
    path = tmp_path / "model.bitpacked"
    model.save_packed(path)
    with safe_open(str(path), framework="pt") as f:
        keys = set(f.keys())
        for name, module in model.named_modules():
            if isinstance(module, BitLinear):
                packed = f.get_tensor(f"{name}.weight.ternary")
                n = module.weight.numel()
                assert packed.dtype == torch.uint8 and packed.numel() == math.ceil(n / 5)
                ternary, scale = weight_quant(module.weight)
                assert torch.equal(unpack_ternary(packed, module.weight.shape), ternary)
                assert f.get_tensor(f"{name}.weight.scale").item() == pytest.approx(scale.item())
                assert f"{name}.weight" not in keys
    assert "embed.weight" in keys and "lm_head.weight" in keys


def test_loading_a_plain_safetensors_file_as_packed_fails_clearly(tmp_path):
    path = tmp_path / "plain.safetensors"
    save_file({"x": torch.zeros(2)}, str(path))
    with pytest.raises(ValueError, match="not a bit_ttt packed model"):
        BitLlama.load_packed(path)
