"""TTT layers (Sun et al. 2024, arXiv 2407.04620): layers whose hidden state is a model they train.

`TTTBase` is what every TTT layer shares, the scan of its inner update over a sequence; as in the
authors' ttt-lm-pytorch, a variant is a subclass with its own inner update. `TTTLayer` is TTT-Linear:
inner model per head f(x) = x + LN(x·W + b) (paper §2.7); the learned multi-view inner loss
½‖LN(XK·W + b) − (XV − XK)‖²; mini-batch TTT run in the paper's dual form over whole sequences and
its primal form token by token. Both forms share one state, so prefill and decoding continue each
other exactly.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

import torch
import torch.nn.functional as F
from torch import nn

from bit_ttt.config import ROPE_DIVISOR, BitLlamaConfig, require_divisible
from bit_ttt.layers.bit_linear import BitLinear
from bit_ttt.layers.rms_norm import accumulation_dtype
from bit_ttt.layers.rotary import rotary

TTT_NORM_EPS = 1e-6
StateT = TypeVar("StateT")


class TTTBase(nn.Module, ABC, Generic[StateT]):
    """``forward(x, state) -> (y, new_state)``: views of ``x``, then the inner update chunk by chunk.

    Subclasses define ``views`` (projections, each with time at dimension ``time_dim``),
    ``init_state``, ``chunk_length``, ``output`` and the one thing that makes a TTT variant:
    ``inner_update``, which consumes one chunk of views and returns its outputs and the next state.
    """

    #: (the parallel form for whole sequences, the token-by-token form for decoding)
    forms: ClassVar[tuple[str, str]]
    #: The dimension of every view (and of the inner update's output) that is time.
    time_dim: ClassVar[int]
    #: The form `BitLlama.generate` prefills a prompt with; None: the parallel form, when it is exact.
    prefill_form: ClassVar[str | None] = None

    @classmethod
    @abstractmethod
    def from_config(cls, config: BitLlamaConfig) -> TTTBase[StateT]:
        """The layer a model of ``config`` uses."""

    @abstractmethod
    def views(self, x: torch.Tensor, state: StateT | None = None) -> tuple[torch.Tensor, ...]:
        """What the inner loop reads from ``x`` (B, T, D), in at least float32; ``x`` follows ``state`` (None: fresh)."""

    @abstractmethod
    def init_state(self, batch_size: int, dtype: torch.dtype | None = None) -> StateT:
        """The state before any token."""

    @abstractmethod
    def chunk_length(self, state: StateT, form: str) -> int:
        """How many tokens the next inner update may take at once."""

    @abstractmethod
    def inner_update(
        self, views: tuple[torch.Tensor, ...], state: StateT, form: str, ttt_enabled: bool
    ) -> tuple[torch.Tensor, StateT]:
        """Outputs for one chunk of ``views`` and the state after it; no learning unless ``ttt_enabled``."""

    @abstractmethod
    def output(self, z: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        """The layer's output (B, T, D) from the inner outputs ``z`` of the whole input ``x``."""

    def forward(
        self,
        x: torch.Tensor,
        state: StateT | None = None,
        form: str | None = None,
        ttt_enabled: bool = True,
    ) -> tuple[torch.Tensor, StateT]:
        """Run ``x`` (B, T, D) from ``state`` (fresh if None).

        ``form`` defaults to the parallel form for T > 1 and the token-by-token form for T == 1.
        ``ttt_enabled=False`` sets the inner learning rate to 0: the inner model keeps its initial weights.
        """
        B, T, _ = x.shape
        parallel, recurrent = self.forms
        form = form or (recurrent if T == 1 else parallel)
        if form not in self.forms:
            raise ValueError(f"form must be {parallel!r} or {recurrent!r}, got {form!r}")
        state = self.init_state(B, x.dtype) if state is None else state
        views = self.views(x, state)  # projections run under autocast, if any, then widen
        with torch.autocast(device_type=x.device.type, enabled=False):  # the inner loop stays wide
            outputs, start = [], 0
            while start < T:
                n = min(self.chunk_length(state, form), T - start)
                chunk = tuple(view.narrow(self.time_dim, start, n) for view in views)
                z, state = self.inner_update(chunk, state, form, ttt_enabled)
                outputs.append(z)
                start += n
            z = torch.cat(outputs, dim=self.time_dim)
        return self.output(z, x), state


@dataclass(frozen=True, slots=True)
class TTTState:
    """The inner model and the running mini-batch of one TTT layer, batched.

    ``W``/``b`` are the weights at the start of the current mini-batch; ``grad_W``/``grad_b`` the
    η-weighted gradient sums of the ``pos`` tokens already seen in it (the primal form's cache).
    """

    W: torch.Tensor  # (B, nh, f, f)
    b: torch.Tensor  # (B, nh, 1, f)
    grad_W: torch.Tensor  # (B, nh, f, f)
    grad_b: torch.Tensor  # (B, nh, 1, f)
    pos: int

    def detach(self) -> TTTState:
        """Cut the graph, e.g. between truncated-BPTT windows."""
        return TTTState(
            self.W.detach(), self.b.detach(), self.grad_W.detach(), self.grad_b.detach(), self.pos
        )


def ttt_layer_norm(z: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
    """Per-head LayerNorm over the last dim; ``weight``/``bias`` are (nh, f), z is (B, nh, n, f)."""
    mu = z.mean(dim=-1, keepdim=True)
    var = z.var(dim=-1, unbiased=False, keepdim=True)
    z_hat = (z - mu) / torch.sqrt(var + TTT_NORM_EPS)
    return z_hat * weight[None, :, None, :] + bias[None, :, None, :]


def ttt_inner_grad(
    z: torch.Tensor, target: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor
) -> torch.Tensor:
    """∂/∂z of ½‖LN(z) − target‖², the LayerNorm backward written out (it stays differentiable).

    With ẑ = (z − μ)/σ and g = γ ⊙ (LN(z) − target): ∂ℓ/∂z = (f·g − Σg − ẑ·Σ(g ⊙ ẑ)) / (f·σ).
    """
    width = z.shape[-1]
    mu = z.mean(dim=-1, keepdim=True)
    std = torch.sqrt(z.var(dim=-1, unbiased=False, keepdim=True) + TTT_NORM_EPS)
    z_hat = (z - mu) / std
    gain = weight[None, :, None, :]
    g = (z_hat * gain + bias[None, :, None, :] - target) * gain
    return (
        width * g - g.sum(dim=-1, keepdim=True) - z_hat * (g * z_hat).sum(dim=-1, keepdim=True)
    ) / (width * std)


class TTTLayer(TTTBase[TTTState]):
    """Multi-head TTT-Linear with BitLinear Q/K/V/O projections and a learnable inner step size.

    η_j = ttt_base_lr · σ(θ_lr · x_j) / head_dim per head and token, times 1/(i+1) at position i of a
    mini-batch (ttt-lm's ``token_eta``). XQ and XK carry rotary positions i (the position in the
    mini-batch, as ttt-lm applies them; ``rope_theta=0`` leaves them out). Forms: ``"dual"`` (default
    for T > 1) and ``"primal"`` (default for T == 1) give the same result.
    """

    forms = ("dual", "primal")
    time_dim = 2  # views are (B, nh, T, f) and η is (B, nh, T)

    def __init__(
        self,
        hidden_dim: int,
        num_heads: int,
        mini_batch_size: int = 16,
        ttt_base_lr: float = 1.0,
        rope_theta: float = 10000.0,
    ) -> None:
        super().__init__()
        require_divisible("hidden_dim", hidden_dim, num_heads, f"num_heads = {num_heads}")
        if rope_theta:
            require_divisible("hidden_dim", hidden_dim, 2 * num_heads, ROPE_DIVISOR)
        self.hidden_dim = hidden_dim
        self.num_heads = num_heads
        self.head_dim = hidden_dim // num_heads
        self.mini_batch_size = mini_batch_size
        self.ttt_base_lr = ttt_base_lr
        self.rope_theta = rope_theta
        self.q_proj = BitLinear(hidden_dim, hidden_dim)
        self.k_proj = BitLinear(hidden_dim, hidden_dim)
        self.v_proj = BitLinear(hidden_dim, hidden_dim)
        self.o_proj = BitLinear(hidden_dim, hidden_dim)
        self.lr_proj = nn.Linear(hidden_dim, num_heads)  # θ_lr: full precision, one gate per head
        self.W0 = nn.Parameter(torch.empty(num_heads, self.head_dim, self.head_dim))
        self.b0 = nn.Parameter(torch.zeros(num_heads, 1, self.head_dim))
        self.ttt_norm_weight = nn.Parameter(torch.ones(num_heads, self.head_dim))
        self.ttt_norm_bias = nn.Parameter(torch.zeros(num_heads, self.head_dim))
        self.post_norm = nn.LayerNorm(hidden_dim, eps=TTT_NORM_EPS)
        self.reset_parameters()

    @classmethod
    def from_config(cls, config: BitLlamaConfig) -> TTTLayer:
        return cls(config.hidden_dim, config.num_heads, config.mini_batch_size, config.ttt_base_lr, config.rope_theta)

    def reset_parameters(self) -> None:
        """ttt-lm's init: W0 and θ_lr ~ N(0, 0.02), b0 = 0, LN gain 1 and bias 0."""
        nn.init.normal_(self.W0, std=0.02)
        nn.init.zeros_(self.b0)
        nn.init.normal_(self.lr_proj.weight, std=0.02)
        nn.init.zeros_(self.lr_proj.bias)
        nn.init.ones_(self.ttt_norm_weight)
        nn.init.zeros_(self.ttt_norm_bias)

    def init_state(self, batch_size: int, dtype: torch.dtype | None = None) -> TTTState:
        """The state before any token: the learnable W0, b0 (still attached to them), empty sums."""
        dtype = accumulation_dtype(self.W0.dtype if dtype is None else dtype)
        shape = (batch_size, *self.W0.shape)
        W = self.W0.to(dtype).unsqueeze(0).expand(shape)  # (B, nh, f, f)
        b = self.b0.to(dtype).unsqueeze(0).expand(batch_size, *self.b0.shape)  # (B, nh, 1, f)
        return TTTState(W, b, torch.zeros_like(W), torch.zeros_like(b), 0)

    def views(
        self, x: torch.Tensor, state: TTTState | None = None
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
        """XQ, XK (rotated) and XV as (B, nh, T, f), and the per-token step size η_j as (B, nh, T)."""
        B, T, _ = x.shape
        dtype = accumulation_dtype(x.dtype)

        def heads(t: torch.Tensor) -> torch.Tensor:
            return t.to(dtype).reshape(B, T, self.num_heads, self.head_dim).transpose(1, 2)

        xq, xk, xv = heads(self.q_proj(x)), heads(self.k_proj(x)), heads(self.v_proj(x))
        if self.rope_theta:
            start = 0 if state is None else state.pos
            positions = (start + torch.arange(T, device=x.device)) % self.mini_batch_size  # (T,)
            xq, xk = rotary(xq, positions, self.rope_theta), rotary(xk, positions, self.rope_theta)
        gate = torch.sigmoid(self.lr_proj(x).to(dtype)).transpose(1, 2)  # (B, nh, T)
        eta = self.ttt_base_lr * gate / self.head_dim
        return xq, xk, xv, eta

    def chunk_length(self, state: TTTState, form: str) -> int:
        """Up to the end of the current mini-batch, so each update starts at a mini-batch's weights."""
        return self.mini_batch_size - state.pos

    def inner_update(
        self, views: tuple[torch.Tensor, ...], state: TTTState, form: str, ttt_enabled: bool
    ) -> tuple[torch.Tensor, TTTState]:
        """Mini-batch gradient descent on the inner loss (paper §2.5), in the dual or the primal form."""
        xq, xk, xv, eta = views
        if not ttt_enabled:
            eta = torch.zeros_like(eta)
        step = ttt_dual_chunk if form == "dual" else ttt_primal_chunk
        return step(xq, xk, xv, eta, state, self.ttt_norm_weight, self.ttt_norm_bias, self.mini_batch_size)

    def output(self, z: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        """Heads concatenated, ttt-lm's post-LayerNorm (kept wide), then the ternary output projection."""
        B, T, _ = x.shape
        with torch.autocast(device_type=x.device.type, enabled=False):
            z = z.transpose(1, 2).reshape(B, T, self.hidden_dim)  # (B, T, D)
            z = F.layer_norm(
                z,
                (self.hidden_dim,),
                self.post_norm.weight.to(z.dtype),
                self.post_norm.bias.to(z.dtype),
                self.post_norm.eps,
            )
        return self.o_proj(z.to(x.dtype))


def _finish_mini_batch(
    W0: torch.Tensor,
    b0: torch.Tensor,
    grad_W: torch.Tensor,
    grad_b: torch.Tensor,
    pos: int,
    size: int,
) -> TTTState:
    """Commit W = W0 − η_last·ΣG at a mini-batch boundary, else keep accumulating."""
    if pos < size:
        return TTTState(W0, b0, grad_W, grad_b, pos)
    last = 1.0 / size
    return TTTState(
        W0 - last * grad_W,
        b0 - last * grad_b,
        torch.zeros_like(grad_W),
        torch.zeros_like(grad_b),
        0,
    )


def ttt_dual_chunk(
    xq: torch.Tensor,
    xk: torch.Tensor,
    xv: torch.Tensor,
    eta: torch.Tensor,
    state: TTTState,
    ln_weight: torch.Tensor,
    ln_bias: torch.Tensor,
    size: int,
) -> tuple[torch.Tensor, TTTState]:
    """The dual form for tokens at positions pos..pos+n−1 of one mini-batch, never forming W_i.

    Z̄_i = XQ_i·W0 + b0 − (1/(i+1))·(XQ_i·ΣW_old + Σb_old + Σ_{j≤i} η_j (XQ_i·XK_j + 1) G_j),
    with every G_j taken at the mini-batch-start weights W0, b0.
    """
    n = xq.shape[2]
    W0, b0 = state.W, state.b
    token_eta = 1.0 / torch.arange(
        state.pos + 1, state.pos + n + 1, device=xq.device, dtype=xq.dtype
    )
    grads = ttt_inner_grad(xk @ W0 + b0, xv - xk, ln_weight.to(xq.dtype), ln_bias.to(xq.dtype))
    scaled = eta.unsqueeze(-1) * grads  # η_j G_j, (B, nh, n, f)
    attn = torch.tril(xq @ xk.transpose(-1, -2))  # (B, nh, n, n)
    prefix = xq @ state.grad_W + state.grad_b + attn @ scaled + torch.cumsum(scaled, dim=2)
    z_bar = xq @ W0 + b0 - token_eta[:, None] * prefix  # (B, nh, n, f)
    grad_W = state.grad_W + xk.transpose(-1, -2) @ scaled  # (B, nh, f, f)
    grad_b = state.grad_b + scaled.sum(dim=2, keepdim=True)  # (B, nh, 1, f)
    out = xq + ttt_layer_norm(z_bar, ln_weight.to(xq.dtype), ln_bias.to(xq.dtype))
    return out, _finish_mini_batch(W0, b0, grad_W, grad_b, state.pos + n, size)


def ttt_primal_chunk(
    xq: torch.Tensor,
    xk: torch.Tensor,
    xv: torch.Tensor,
    eta: torch.Tensor,
    state: TTTState,
    ln_weight: torch.Tensor,
    ln_bias: torch.Tensor,
    size: int,
) -> tuple[torch.Tensor, TTTState]:
    """Primal form: token by token, materialising W̄_i = W0 − (1/(i+1))·Σ_{j≤i} η_j XK_jᵀ G_j."""
    outputs = []
    weight, bias = ln_weight.to(xq.dtype), ln_bias.to(xq.dtype)
    for t in range(xq.shape[2]):
        q, k, v = xq[:, :, t : t + 1], xk[:, :, t : t + 1], xv[:, :, t : t + 1]  # (B, nh, 1, f)
        W0, b0 = state.W, state.b
        g = eta[:, :, t, None, None] * ttt_inner_grad(
            k @ W0 + b0, v - k, weight, bias
        )  # (B, nh, 1, f)
        grad_W = state.grad_W + k.transpose(-1, -2) @ g
        grad_b = state.grad_b + g
        token_eta = 1.0 / (state.pos + 1)
        W_bar = W0 - token_eta * grad_W  # (B, nh, f, f)
        b_bar = b0 - token_eta * grad_b
        outputs.append(q + ttt_layer_norm(q @ W_bar + b_bar, weight, bias))
        state = _finish_mini_batch(W0, b0, grad_W, grad_b, state.pos + 1, size)
    return torch.cat(outputs, dim=2), state
