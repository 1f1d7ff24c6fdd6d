"""TTT-Linear against mini-batch gradient descent written out here with autograd (float64); TTTBase's scan."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import torch
import torch.nn.functional as F

from bit_ttt import CortexTTT, TTTBase, TTTLayer

D, HEADS = 16, 2


def make_layer(
    mini_batch: int, seed: int = 0, device: str = "cpu", base_lr: float = 1.0
) -> TTTLayer:
    """A float64 layer with non-trivial W0, b0 and inner-LN gain/bias so every term matters."""
    torch.manual_seed(seed)
    layer = TTTLayer(D, HEADS, mini_batch_size=mini_batch, ttt_base_lr=base_lr).double()
    with torch.no_grad():
        layer.W0.normal_(0, 0.3)
        layer.b0.normal_(0, 0.5)
        layer.ttt_norm_weight.normal_(1, 0.3)
        layer.ttt_norm_bias.normal_(0, 0.3)
        layer.lr_proj.weight.normal_(0, 0.5)
    return layer.to(device)


def split_heads(t: torch.Tensor) -> torch.Tensor:
    B, T, _ = t.shape
    return t.reshape(B, T, HEADS, D // HEADS).transpose(1, 2)  # (B, nh, T, f)


def inner_loss(layer: TTTLayer, W, b, xk, xv) -> torch.Tensor:
    """ℓ = ½‖LN(xk·W + b) − (xv − xk)‖² per token, LN per head with the layer's gain and bias."""
    z = xk @ W + b
    ln = F.layer_norm(z, (z.shape[-1],), eps=1e-6)
    ln = ln * layer.ttt_norm_weight[None, :, None, :] + layer.ttt_norm_bias[None, :, None, :]
    return 0.5 * ((ln - (xv - xk)) ** 2).sum(-1)  # (B, nh, n)


def rotated(t: torch.Tensor, base: float, mini_batch: int) -> torch.Tensor:
    """Rotary positions as complex numbers: feature pair (2i, 2i+1) times e^{i·p·base^(−2i/f)}, p = t mod b."""
    T, f = t.shape[-2], t.shape[-1]
    p = torch.arange(T, dtype=torch.float64) % mini_batch
    angle = p[:, None] * base ** (-torch.arange(0, f, 2, dtype=torch.float64) / f)  # (T, f/2)
    pairs = torch.view_as_complex(t.reshape(*t.shape[:-1], f // 2, 2).contiguous())
    return torch.view_as_real(pairs * torch.polar(torch.ones_like(angle), angle)).flatten(-2)


def reference_forward(layer: TTTLayer, x: torch.Tensor) -> torch.Tensor:
    """Mini-batch TTT (paper §2.5): every gradient at the mini-batch-start weights; token i of a
    mini-batch uses W_i = W_start − 1/(i+1) · Σ_{j≤i} η_j ∇ℓ_j(W_start); output x + LN(f(x)).
    Queries and keys carry rotary positions within the mini-batch, as in ttt-lm."""
    K, f = layer.mini_batch_size, D // HEADS
    xq, xk, xv = (split_heads(p(x)) for p in (layer.q_proj, layer.k_proj, layer.v_proj))
    if layer.rope_theta:
        xq, xk = rotated(xq, layer.rope_theta, K), rotated(xk, layer.rope_theta, K)
    eta = layer.ttt_base_lr * torch.sigmoid(layer.lr_proj(x)).transpose(1, 2) / f  # (B, nh, T)
    B, T = x.shape[:2]
    W = layer.W0.detach().expand(B, -1, -1, -1).clone()
    b = layer.b0.detach().expand(B, -1, -1, -1).clone()
    outputs = []
    for start in range(0, T, K):
        W_start = W.clone().requires_grad_(True)
        b_start = b.clone().requires_grad_(True)
        sum_W, sum_b = torch.zeros_like(W), torch.zeros_like(b)
        for i, t in enumerate(range(start, min(start + K, T))):
            loss = inner_loss(
                layer, W_start, b_start, xk[:, :, t : t + 1], xv[:, :, t : t + 1]
            ).sum()
            gW, gb = torch.autograd.grad(loss, (W_start, b_start))
            sum_W = sum_W + eta[:, :, t, None, None] * gW
            sum_b = sum_b + eta[:, :, t, None, None] * gb
            W, b = W_start.detach() - sum_W / (i + 1), b_start.detach() - sum_b / (i + 1)
            z = xq[:, :, t : t + 1] @ W + b
            ln = F.layer_norm(z, (f,), eps=1e-6)
            ln = (
                ln * layer.ttt_norm_weight[None, :, None, :] + layer.ttt_norm_bias[None, :, None, :]
            )
            outputs.append(xq[:, :, t : t + 1] + ln)
    z = torch.cat(outputs, dim=2).transpose(1, 2).reshape(B, T, D)
    z = F.layer_norm(z, (D,), layer.post_norm.weight, layer.post_norm.bias, eps=1e-6)
    return layer.o_proj(z)


@pytest.mark.parametrize("length", [1, 3, 4, 9, 16, 23])
@pytest.mark.parametrize("mini_batch", [1, 4, 16])
def test_dual_form_equals_primal_form(device, length, mini_batch):
    layer = make_layer(mini_batch, seed=length, device=device)
    x = torch.randn(2, length, D, dtype=torch.float64, device=device)
    y_dual, s_dual = layer(x, form="dual")
    y_primal, s_primal = layer(x, form="primal")
    assert (y_dual - y_primal).abs().max().item() < 1e-10
    for name in ("W", "b", "grad_W", "grad_b"):
        assert (getattr(s_dual, name) - getattr(s_primal, name)).abs().max().item() < 1e-10
    assert s_dual.pos == s_primal.pos == length % mini_batch


@pytest.mark.parametrize("rope_theta", [10000.0, 0.0])
@pytest.mark.parametrize("mini_batch, length", [(1, 7), (4, 10), (5, 5)])
def test_matches_mini_batch_gradient_descent_written_with_autograd(mini_batch, length, rope_theta):
    layer = make_layer(mini_batch, seed=10 + length)
    layer.rope_theta = rope_theta
    x = torch.randn(2, length, D, dtype=torch.float64)
    with torch.no_grad():
        y, _ = layer(x)
    expected = reference_forward(layer, x).detach()
    assert (y - expected).abs().max().item() < 1e-10


def test_rotary_positions_tell_the_order_inside_a_mini_batch():
    """Without positions a mini-batch is a causal bag of tokens: swapping two earlier tokens changes nothing
    after them (their sum is all that counts); with ttt-lm's rotary positions it does."""
    x = torch.randn(1, 4, D, dtype=torch.float64)
    swapped = x[:, [1, 0, 2, 3]]
    for rope_theta, order_matters in ((0.0, False), (10000.0, True)):
        layer = make_layer(4, seed=9)
        layer.rope_theta = rope_theta
        with torch.no_grad():
            gap = (layer(x)[0][:, 2:] - layer(swapped)[0][:, 2:]).abs().max().item()
        assert (gap > 1e-6) == order_matters, (rope_theta, gap)


@pytest.mark.parametrize("t", [0, 5, 12])
def test_causal_changing_token_t_changes_nothing_before_t(t):
    layer = make_layer(4, seed=3)
    x = torch.randn(1, 14, D, dtype=torch.float64)
    x2 = x.clone()
    x2[:, t] += torch.randn(D, dtype=torch.float64)
    y, _ = layer(x)
    y2, _ = layer(x2)
    torch.testing.assert_close(y[:, :t], y2[:, :t], rtol=0, atol=1e-12)
    assert (y[:, t] - y2[:, t]).abs().max().item() > 1e-6


@pytest.mark.parametrize("split", [1, 3, 4, 7, 11])
def test_state_carries_across_calls(split):
    layer = make_layer(4, seed=4)
    x = torch.randn(2, 12, D, dtype=torch.float64)
    y_full, s_full = layer(x)
    y_a, state = layer(x[:, :split])
    y_b, s_end = layer(x[:, split:], state)
    assert (torch.cat([y_a, y_b], 1) - y_full).abs().max().item() < 1e-10
    assert (s_end.W - s_full.W).abs().max().item() < 1e-10


def test_token_by_token_decoding_equals_one_pass():
    layer = make_layer(4, seed=5)
    x = torch.randn(2, 10, D, dtype=torch.float64)
    y_full, _ = layer(x)
    state, outputs = None, []
    for t in range(10):
        y_t, state = layer(x[:, t : t + 1], state)
        outputs.append(y_t)
    assert (torch.cat(outputs, 1) - y_full).abs().max().item() < 1e-10


@pytest.mark.parametrize("mini_batch", [1, 4])
def test_inner_loss_after_each_update_is_lower_than_before(mini_batch):
    """Paper Figure 4: ℓ(W_t; x_t) < ℓ(W_{t-1}; x_t) for every mini-batch of tokens."""
    layer = make_layer(mini_batch, seed=6)
    x = torch.randn(1, 4 * mini_batch, D, dtype=torch.float64)
    xk, xv = split_heads(layer.k_proj(x)).detach(), split_heads(layer.v_proj(x)).detach()
    state = None
    with torch.no_grad():
        for start in range(0, x.shape[1], mini_batch):
            _, new_state = layer(x[:, start : start + mini_batch], state)
            before = layer.init_state(1) if state is None else state
            chunk = slice(start, start + mini_batch)
            loss_before = inner_loss(
                layer, before.W, before.b, xk[:, :, chunk], xv[:, :, chunk]
            ).sum(-1)
            loss_after = inner_loss(
                layer, new_state.W, new_state.b, xk[:, :, chunk], xv[:, :, chunk]
            ).sum(-1)
            assert bool((loss_after < loss_before).all()), (loss_before, loss_after)
            state = new_state


def test_ttt_disabled_keeps_the_initial_state():
    layer = make_layer(4, seed=7)
    x = torch.randn(1, 9, D, dtype=torch.float64)
    y, state = layer(x, ttt_enabled=False)
    assert torch.equal(state.W[0], layer.W0.detach()) and torch.equal(
        state.grad_W, torch.zeros_like(state.W)
    )
    other_past = torch.cat([torch.randn(1, 5, D, dtype=torch.float64), x[:, 5:]], dim=1)
    y_other, _ = layer(other_past, ttt_enabled=False)
    torch.testing.assert_close(y_other[:, 5:], y[:, 5:], rtol=0, atol=1e-12)  # no memory of the past


def test_gradient_reaches_every_parameter_through_the_inner_loop():
    layer = make_layer(4, seed=8)
    y, state = layer(torch.randn(2, 9, D, dtype=torch.float64))
    (y.pow(2).sum() + state.W.sum()).backward()
    for name, p in layer.named_parameters():
        assert p.grad is not None and p.grad.abs().sum() > 0, name


def test_float32_shapes_and_detach(device):
    layer = TTTLayer(32, 4, mini_batch_size=16).to(device)
    y, state = layer(torch.randn(3, 21, 32, device=device))
    assert y.shape == (3, 21, 32) and y.dtype == torch.float32
    assert state.W.shape == (3, 4, 8, 8) and state.b.shape == (3, 4, 1, 8) and state.pos == 5
    assert state.W.requires_grad and not state.detach().W.requires_grad


def test_unknown_form_and_bad_heads_are_rejected():
    with pytest.raises(ValueError, match="form"):
        make_layer(4)(torch.randn(1, 2, D, dtype=torch.float64), form="chunk")
    with pytest.raises(ValueError, match="num_heads"):
        TTTLayer(10, 3)


@dataclass(frozen=True)
class MeanState:
    """The committed sum and count of whole chunks, and the tokens of the chunk in progress."""

    total: torch.Tensor  # (B, D)
    count: int
    pending: torch.Tensor  # (B, D)
    pending_count: int


class RunningMean(TTTBase[MeanState]):
    """The smallest TTT layer: its inner model is the mean of the tokens seen, updated once per chunk of 3."""

    forms = ("chunked", "per_token")
    time_dim = 1

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.dim = dim
        self.chunks: list[int] = []

    @classmethod
    def from_config(cls, config):  # type: ignore[no-untyped-def]
        return cls(config.hidden_dim)

    def views(self, x: torch.Tensor, state: MeanState) -> tuple[torch.Tensor]:
        return (x.double(),)

    def init_state(self, batch_size: int, dtype: torch.dtype | None = None) -> MeanState:
        zeros = torch.zeros(batch_size, self.dim, dtype=torch.float64)
        return MeanState(zeros, 0, zeros, 0)

    def chunk_length(self, state: MeanState, form: str) -> int:
        return 3 - state.pending_count if form == "chunked" else 1

    def inner_update(self, views, state, form, ttt_enabled):  # type: ignore[no-untyped-def]
        (x,) = views
        self.chunks.append(x.shape[1])
        mean = state.total / max(state.count, 1)  # every token of a chunk reads the last committed memory
        out = mean[:, None].expand_as(x)
        if not ttt_enabled:
            return out, state
        pending, n = state.pending + x.sum(1), state.pending_count + x.shape[1]
        if n < 3 and form == "chunked":
            return out, MeanState(state.total, state.count, pending, n)
        return out, MeanState(state.total + pending, state.count + n, torch.zeros_like(pending), 0)

    def output(self, z: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return z.to(x.dtype)


def test_the_base_runs_chunks_aligned_to_the_state_across_calls() -> None:
    layer = RunningMean(4)
    x = torch.randn(2, 8, 4)
    y, state = layer(x)
    assert layer.chunks == [3, 3, 2] and (state.count, state.pending_count) == (6, 2)
    layer.chunks.clear()
    y_a, mid = layer(x[:, :4])
    y_b, end = layer(x[:, 4:], mid)
    assert layer.chunks == [3, 1, 2, 2]  # the second call finishes the chunk the first one began
    torch.testing.assert_close(torch.cat([y_a, y_b], 1), y)
    torch.testing.assert_close(end.total, state.total)
    torch.testing.assert_close(end.pending, state.pending)


def test_forms_and_the_control_come_from_the_base() -> None:
    layer = RunningMean(4)
    x = torch.randn(1, 5, 4)
    layer(x[:, :1])
    assert layer.chunks == [1]  # T == 1 defaults to the per-token form
    _, state = layer(x, ttt_enabled=False)
    assert (state.count, state.pending_count) == (0, 0)
    with pytest.raises(ValueError, match="'chunked' or 'per_token'"):
        layer(x, form="dual")


def test_the_real_layers_override_the_inner_update_not_the_scan() -> None:
    for cls in (TTTLayer, CortexTTT):
        assert issubclass(cls, TTTBase) and "forward" not in vars(cls)
        assert {"inner_update", "views", "init_state", "output"} <= set(vars(cls))
