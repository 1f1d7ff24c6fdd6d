"""The cortex variant as the Rust engine saved it: exact keys, shapes, parameter count, loading."""

from __future__ import annotations

import pytest
import torch
from safetensors.torch import save_file

from bit_ttt import BitLlama, BitLlamaConfig


def engine_keys(V: int, D: int, L: int) -> dict[str, tuple[int, ...]]:
    """The tensor names and shapes of the engine's VarMap::save (research notes §1.8)."""
    keys = {"embed.weight": (V, D), "norm_f.weight": (D,), "lm_head.weight": (V, D)}
    for i in range(L):
        keys[f"layers.{i}.norm1.weight"] = (D,)
        keys[f"layers.{i}.ttt.down.weight"] = (D // 4, D)
        keys[f"layers.{i}.ttt.up.weight"] = (D, D // 4)
        keys[f"layers.{i}.norm2.weight"] = (D,)
        keys[f"layers.{i}.mlp.gate_proj.weight"] = (4 * D, D)
        keys[f"layers.{i}.mlp.up_proj.weight"] = (4 * D, D)
        keys[f"layers.{i}.mlp.down_proj.weight"] = (D, 4 * D)
    return keys


@pytest.mark.parametrize("V, D, L", [(11, 8, 1), (50, 32, 3), (8000, 256, 4), (16384, 256, 8)])
def test_state_dict_keys_shapes_and_parameter_count(V, D, L):
    with torch.device("meta"):
        model = BitLlama(BitLlamaConfig(V, D, L, variant="cortex"))
    shapes = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    assert shapes == engine_keys(V, D, L)
    assert model.num_parameters() == 2 * V * D + L * (12.5 * D * D + 2 * D) + D


def test_engine_parameter_counts_from_the_research_notes():
    with torch.device("meta"):
        ja = BitLlama(BitLlamaConfig(8000, 256, 4, variant="cortex"))
        cli = BitLlama(BitLlamaConfig(16384, 256, 8, variant="cortex"))
    assert ja.num_parameters() == 7_375_104
    assert cli.num_parameters() == 14_946_560


def test_a_safetensors_file_with_the_engine_keys_loads(tmp_path):
    V, D, L = 29, 16, 2
    generator = torch.Generator().manual_seed(0)
    tensors = {
        k: torch.randn(shape, generator=generator) for k, shape in engine_keys(V, D, L).items()
    }
    path = tmp_path / "bit_llama_checkpoint.safetensors"
    save_file(tensors, str(path))
    model = BitLlama.from_safetensors(path, BitLlamaConfig(V, D, L, variant="cortex"))
    state = model.state_dict()
    for key, tensor in tensors.items():
        assert torch.equal(state[key], tensor), key
    logits, _ = model(torch.randint(0, V, (1, 5)))
    assert logits.shape == (1, 5, V) and torch.isfinite(logits).all()


def test_a_file_with_a_missing_key_is_rejected(tmp_path):
    tensors = {k: torch.zeros(shape) for k, shape in engine_keys(29, 16, 1).items()}
    del tensors["layers.0.ttt.up.weight"]
    path = tmp_path / "broken.safetensors"
    save_file(tensors, str(path))
    with pytest.raises(RuntimeError, match=r"layers\.0\.ttt\.up\.weight"):
        BitLlama.from_safetensors(path, BitLlamaConfig(29, 16, 1, variant="cortex"))


def test_first_chunk_of_every_ttt_branch_is_zero_so_the_first_tokens_ignore_context():
    """With W0 = 0 the whole first chunk predicts z = 0: its logits depend only on each token."""
    torch.manual_seed(0)
    model = BitLlama(BitLlamaConfig(29, 16, 2, variant="cortex", mini_batch_size=6)).double()
    ids = torch.randint(0, 29, (1, 10))
    logits, _ = model(ids)
    single = torch.cat([model(ids[:, t : t + 1])[0] for t in range(6)], 1)
    torch.testing.assert_close(logits[:, :6], single, rtol=0, atol=1e-12)
