"""BitLlama: shapes, gradients, prefill vs decoding, generate, state-dict files."""

from __future__ import annotations

import pytest
import torch
from safetensors.torch import load_file, save_file

from bit_ttt import BitLlama, BitLlamaConfig
from bit_ttt.model.llama import detach_states

CONFIGS = {
    "reference": BitLlamaConfig(
        vocab_size=37, hidden_dim=16, num_layers=2, num_heads=2, mini_batch_size=4
    ),
    "tied": BitLlamaConfig(37, 16, 2, num_heads=2, mini_batch_size=4, tie_embeddings=True),
    "cortex": BitLlamaConfig(37, 16, 2, variant="cortex", mini_batch_size=4, inner_lr=0.3),
}


def make_model(name: str, seed: int = 0, dtype: torch.dtype = torch.float32) -> BitLlama:
    torch.manual_seed(seed)
    return BitLlama(CONFIGS[name]).to(dtype)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_logits_and_states_shapes(name):
    model = make_model(name)
    logits, states = model(torch.randint(0, 37, (3, 9)))
    assert logits.shape == (3, 9, 37) and logits.dtype == torch.float32
    assert len(states) == 2
    assert torch.isfinite(logits).all()


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_loss_gradient_reaches_every_parameter(name):
    model = make_model(name)
    ids = torch.randint(0, 37, (2, 11))
    logits, _ = model(ids)
    torch.nn.functional.cross_entropy(
        logits[:, :-1].reshape(-1, 37), ids[:, 1:].reshape(-1)
    ).backward()
    for param_name, p in model.named_parameters():
        assert p.grad is not None and torch.isfinite(p.grad).all(), param_name
        assert p.grad.abs().sum() > 0, param_name


@pytest.mark.parametrize("split", [1, 4, 6])
def test_prefill_then_decoding_equals_one_pass(split):
    model = make_model("reference", dtype=torch.float64)
    ids = torch.randint(0, 37, (2, 10))
    full, _ = model(ids)
    logits, states = model(ids[:, :split])
    pieces = [logits]
    for t in range(split, 10):
        logits, states = model(ids[:, t : t + 1], states)
        pieces.append(logits)
    assert (torch.cat(pieces, 1) - full).abs().max().item() < 1e-10


def test_cortex_decoding_equals_one_pass_with_chunk_one():
    torch.manual_seed(1)
    config = BitLlamaConfig(37, 16, 2, variant="cortex", mini_batch_size=1, inner_lr=0.3)
    model = BitLlama(config).double()
    ids = torch.randint(0, 37, (1, 8))
    full, _ = model(ids)
    states, pieces = None, []
    for t in range(8):
        logits, states = model(ids[:, t : t + 1], states)
        pieces.append(logits)
    assert (torch.cat(pieces, 1) - full).abs().max().item() < 1e-10


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_generate_is_deterministic_under_a_seed(name):
    model = make_model(name)
    prompt = torch.randint(0, 37, (2, 5))
    a = model.generate(prompt, 12, temperature=1.0, top_k=10, seed=7)
    b = model.generate(prompt, 12, temperature=1.0, top_k=10, seed=7)
    c = model.generate(prompt, 12, temperature=1.0, seed=8)
    assert a.shape == (2, 17) and torch.equal(a[:, :5], prompt)
    assert torch.equal(a, b)
    assert not torch.equal(a, c)
    assert int(a.min()) >= 0 and int(a.max()) < 37


def test_greedy_generate_follows_argmax_of_the_full_forward():
    model = make_model("reference", dtype=torch.float64)
    out = model.generate(torch.randint(0, 37, (1, 4)), 6, temperature=0.0)
    logits, _ = model(out)
    assert torch.equal(logits[:, 3:-1].argmax(-1), out[:, 4:])


def test_top_k_one_is_greedy():
    model = make_model("reference")
    prompt = torch.randint(0, 37, (1, 3))
    assert torch.equal(
        model.generate(prompt, 5, top_k=1, seed=1), model.generate(prompt, 5, temperature=0)
    )


def test_stream_hands_its_states_to_the_caller_and_they_continue_the_sequence():
    model = make_model("reference", dtype=torch.float64)
    prompt = torch.randint(0, 37, (1, 4))
    stream = model.stream(prompt, 3, temperature=0.0)
    out = torch.cat([prompt, *stream], dim=1)
    assert stream.states is not None and len(stream.states) == 2
    nxt = torch.tensor([[5]])
    continued, _ = model(nxt, stream.states)
    full, _ = model(torch.cat([out, nxt], 1))
    assert (continued[:, -1] - full[:, -1]).abs().max().item() < 1e-10
    assert not hasattr(model, "ttt_states")  # the model keeps nothing between calls


def test_two_streams_of_one_model_do_not_share_memory():
    model = make_model("reference", dtype=torch.float64)
    a, b = torch.randint(0, 37, (1, 6)), torch.randint(0, 37, (1, 6))
    alone = list(model.stream(a, 4, temperature=0.0))
    first, second = model.stream(a, 4, temperature=0.0), model.stream(b, 4, temperature=0.0)
    interleaved = [t for pair in zip(first, second, strict=True) for t in pair][::2]
    assert all(torch.equal(x, y) for x, y in zip(alone, interleaved, strict=True))


def test_disabling_ttt_leaves_only_the_convolutions_memory_of_the_context():
    model = make_model("reference", dtype=torch.float64)
    reach = model.config.num_layers * (model.config.conv_kernel - 1)  # tokens back the stacked convolutions see
    ids = torch.randint(0, 37, (1, 6 + reach + 6))
    on, _ = model(ids)
    off, _ = model(ids, ttt_enabled=False)
    other_past = torch.cat([torch.randint(0, 37, (1, 6)), ids[:, 6:]], dim=1)
    off_other, _ = model(other_past, ttt_enabled=False)
    torch.testing.assert_close(off_other[:, 6 + reach:], off[:, 6 + reach:], rtol=0, atol=1e-12)
    assert (off_other[:, 6:6 + reach] - off[:, 6:6 + reach]).abs().max() > 1e-6
    assert (on - off).abs().max() > 1e-6


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_state_dict_saves_and_loads_with_safetensors(name, tmp_path):
    model = make_model(name, seed=3)
    path = tmp_path / "model.safetensors"
    save_file(model.state_dict(), str(path))
    other = make_model(name, seed=4)
    other.load_state_dict(load_file(str(path)))
    ids = torch.randint(0, 37, (1, 6))
    assert torch.equal(model(ids)[0], other(ids)[0])
    assert ("lm_head.weight" in model.state_dict()) == (name != "tied")


def test_wrong_number_of_states_is_rejected():
    model = make_model("reference")
    _, states = model(torch.randint(0, 37, (1, 3)))
    with pytest.raises(ValueError, match="layer states"):
        model(torch.randint(0, 37, (1, 3)), states[:1])


@pytest.mark.parametrize("name", ["reference", "cortex"])
def test_bf16_autocast_forward_backward(device, name):
    model = make_model(name).to(device)
    ids = torch.randint(0, 37, (2, 9), device=device)
    dtype = torch.bfloat16
    with torch.autocast(device_type=torch.device(device).type, dtype=dtype):
        logits, _ = model(ids)
        loss = torch.nn.functional.cross_entropy(logits.float().reshape(-1, 37), ids.reshape(-1))
    loss.backward()
    assert torch.isfinite(loss)
    assert all(torch.isfinite(p.grad).all() for p in model.parameters())
    out = model.generate(ids[:, :3], 4, seed=0)
    assert out.shape == (2, 7) and out.device == ids.device


def test_detach_states_cuts_the_graph_and_keeps_values():
    model = make_model("reference")
    _, states = model(torch.randint(0, 37, (1, 6)))
    assert states[0].ttt.W.requires_grad and states[0].conv.requires_grad
    cut = detach_states(states)
    assert not any(s.ttt.W.requires_grad or s.ttt.grad_W.requires_grad or s.conv.requires_grad for s in cut)
    assert all(torch.equal(a.ttt.W, b.ttt.W) and a.ttt.pos == b.ttt.pos and torch.equal(a.conv, b.conv)
               for a, b in zip(states, cut, strict=True))


def test_cortex_generate_prefills_token_by_token_like_the_engine():
    model = make_model("cortex", dtype=torch.float64)
    out = model.generate(torch.randint(0, 37, (1, 9)), 4, temperature=0.0)
    sequential, _ = model(out, form="sequential")
    chunked, _ = model(out)
    assert torch.equal(sequential[:, 8:-1].argmax(-1), out[:, 9:])
    assert (sequential - chunked).abs().max() > 1e-6  # the chunk form would have been different
