"""The engine's TTT layer against its per-token update rule, written out here (float64)."""

from __future__ import annotations

import torch

from bit_ttt.layers.ttt_cortex import CortexTTT


def unscaled_ternary(w: torch.Tensor) -> torch.Tensor:
    s = w.abs().mean()
    return torch.clamp(torch.round(w / s), -1, 1)


def engine_sequential(layer: CortexTTT, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """One sequence (T, D): f̂ = f/(‖f‖+1e-6); z = W f̂; W ← W − η (z − f̂) f̂ᵀ; out = up(z)."""
    down = unscaled_ternary(layer.down.weight.detach())
    up = unscaled_ternary(layer.up.weight.detach())
    W = torch.zeros(layer.dim, layer.dim, dtype=x.dtype)
    outs = []
    for x_t in x:
        f = down @ x_t
        f_hat = f / (torch.sqrt((f * f).sum()) + 1e-6)
        z = W @ f_hat
        W = W - layer.inner_lr * torch.outer(z - f_hat, f_hat)
        outs.append(up @ z)
    return torch.stack(outs), W


def test_chunk_size_one_equals_token_by_token(device):
    torch.manual_seed(0)
    layer = CortexTTT(32, inner_lr=0.3, chunk_size=1).double().to(device)
    x = torch.randn(2, 11, 32, dtype=torch.float64, device=device)
    y_chunk, s_chunk = layer(x, form="chunk")
    state, outs = None, []
    for t in range(11):
        y_t, state = layer(x[:, t : t + 1], state)  # T == 1 runs the sequential form
        outs.append(y_t)
    assert (torch.cat(outs, 1) - y_chunk).abs().max().item() < 1e-12
    assert (state.W - s_chunk.W).abs().max().item() < 1e-12


def test_sequential_form_matches_engine_update_rule():
    torch.manual_seed(1)
    layer = CortexTTT(16, inner_lr=0.5).double()
    x = torch.randn(2, 9, 16, dtype=torch.float64)
    y, state = layer(x, form="sequential")
    for row in range(2):
        expected, W = engine_sequential(layer, x[row])
        torch.testing.assert_close(y[row], expected, rtol=1e-12, atol=1e-12)
        torch.testing.assert_close(state.W[row], W, rtol=1e-12, atol=1e-12)


def test_chunk_form_uses_chunk_start_state_and_sums_updates():
    torch.manual_seed(2)
    layer = CortexTTT(16, inner_lr=0.2, chunk_size=4).double()
    x = torch.randn(1, 10, 16, dtype=torch.float64)
    y, state = layer(x)
    down = unscaled_ternary(layer.down.weight.detach())
    f = x[0] @ down.T
    f_hat = f / (f.norm(dim=-1, keepdim=True) + 1e-6)
    W, zs = torch.zeros(4, 4, dtype=torch.float64), []
    for start in range(0, 10, 4):
        chunk_start = W.clone()
        for t in range(start, min(start + 4, 10)):
            z = chunk_start @ f_hat[t]
            zs.append(z)
            W = W - 0.2 * torch.outer(z - f_hat[t], f_hat[t])
    torch.testing.assert_close(state.W[0], W, rtol=1e-12, atol=1e-12)
    torch.testing.assert_close(y[0], torch.stack(zs) @ unscaled_ternary(layer.up.weight.detach()).T)


def test_first_chunk_output_is_exactly_zero_from_zero_state():
    torch.manual_seed(3)
    layer = CortexTTT(32, chunk_size=8)
    y, _ = layer(torch.randn(2, 20, 32))
    assert torch.equal(y[:, :8], torch.zeros_like(y[:, :8]))
    assert y[:, 8:].abs().sum() > 0


def test_chunked_training_and_sequential_decoding_differ_as_in_the_engine():
    torch.manual_seed(4)
    layer = CortexTTT(32, chunk_size=8).double()
    x = torch.randn(1, 16, 32, dtype=torch.float64)
    y_chunk, _ = layer(x, form="chunk")
    y_seq, _ = layer(x, form="sequential")
    assert (y_chunk - y_seq).abs().max() > 1e-6


def test_state_graph_kept_in_chunk_form_and_cut_in_sequential_form():
    layer = CortexTTT(16, chunk_size=4)
    x = torch.randn(1, 8, 16)
    assert layer(x, form="chunk")[1].W.requires_grad
    assert not layer(x, form="sequential")[1].W.requires_grad


def test_memory_reconstruction_of_a_seen_pattern_improves_against_zero_lr_control():
    """The engine's smoke test: after A, B, C the pre-update loss for A is lower the 2nd time."""
    torch.manual_seed(5)
    layer = CortexTTT(64, inner_lr=0.5).double()
    pattern = torch.randn(1, 3, 64, dtype=torch.float64)
    x = pattern.repeat(1, 3, 1)  # A B C A B C A B C
    for lr, must_improve in ((0.5, True), (0.0, False)):
        layer.inner_lr = lr
        f_hat = layer.features(x)[0].detach()
        state, losses = None, []
        for t in range(x.shape[1]):
            W = torch.zeros(16, 16, dtype=torch.float64) if state is None else state.W[0]
            losses.append(0.5 * ((W @ f_hat[t] - f_hat[t]) ** 2).sum().item())
            _, state = layer(x[:, t : t + 1], state)
        first_a, second_a = losses[0], losses[3]
        assert (second_a < 0.9 * first_a) if must_improve else (second_a == first_a)
