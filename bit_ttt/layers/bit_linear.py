"""BitLinear: BitNet b1.58 ternary weights (absmean) and int8 per-token activations (absmax).

Two pure quantisers (``weight_quant``, ``activation_quant``) and the straight-through estimator
``x + (q(x) - x).detach()``, as in the b1.58 "Training Tips, Code and FAQ". `CortexBitLinear` is the
Rust engine's form instead: it overrides the quantisation only (detached scale, unscaled ternary
output, float activations).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

WEIGHT_SCALE_MIN = 1e-5
ACTIVATION_ABSMAX_MIN = 1e-5


def weight_quant(w: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-tensor absmean ternarisation: ``(clamp(round(w / s), -1, 1) as int8, s)``, s = mean|w|.

    ``s`` is clamped at 1e-5 so all-zero weights give zeros, not NaN.
    """
    scale = w.detach().abs().mean().clamp(min=WEIGHT_SCALE_MIN)
    ternary = torch.clamp(torch.round(w.detach() / scale), -1, 1).to(torch.int8)
    return ternary, scale


def activation_quant(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-token absmax int8: ``(clamp(round(x · s), -128, 127) as int8, s)``, s = 127 / max|x|.

    ``s`` has shape ``x.shape[:-1] + (1,)``; dequantise with ``q / s``. The rounding error per
    element is at most ``max|x| / 254``.
    """
    absmax = x.detach().abs().amax(dim=-1, keepdim=True).clamp(min=ACTIVATION_ABSMAX_MIN)
    scale = 127.0 / absmax
    quantised = torch.clamp(torch.round(x.detach() * scale), -128, 127).to(torch.int8)
    return quantised, scale


def compute_dtype(x: torch.Tensor) -> torch.dtype:
    """The dtype a matmul on ``x`` runs in: autocast's when it is on, else the input's."""
    if torch.is_autocast_enabled(x.device.type):
        return torch.get_autocast_dtype(x.device.type)
    return x.dtype


class BitLinear(nn.Module):
    """Bias-free linear layer whose forward pass sees ternary weights: BitNet b1.58.

    ``y = F.linear(aq(x), s · Wq)`` with the STE on both weight and activations.
    ``precompute_for_inference()`` caches ``(Wq, s)`` in non-persistent buffers (they move with
    ``.to()`` and stay out of the state dict), used in eval mode; ``train()`` drops them.
    Subclasses change the quantisation by overriding ``quantised_weight``, ``quantised_input`` and
    ``inference_forward``.
    """

    inference_ternary: torch.Tensor | None
    inference_scale: torch.Tensor | None

    def __init__(self, in_features: int, out_features: int) -> None:
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        self.register_buffer("inference_ternary", None, persistent=False)
        self.register_buffer("inference_scale", None, persistent=False)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Kaiming-normal (std sqrt(2/in)) like the engine; the output scale s = mean|W| follows the std."""
        nn.init.normal_(self.weight, std=math.sqrt(2.0 / self.in_features))

    def quantised_weight(self) -> torch.Tensor:
        """The weight the forward pass multiplies by, ``s · Wq``, carrying the STE gradient to ``weight``."""
        w = self.weight
        ternary, scale = weight_quant(w)
        return w + (ternary.to(w.dtype) * scale.to(w.dtype) - w).detach()

    def quantised_input(self, x: torch.Tensor) -> torch.Tensor:
        """``x`` quantised to int8 per token and back, with an identity gradient (the STE)."""
        q, scale = activation_quant(x)
        return x + (q.to(x.dtype) / scale.to(x.dtype) - x).detach()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training and self.inference_ternary is not None:
            return self.inference_forward(x)
        return F.linear(self.quantised_input(x), self.quantised_weight())

    def inference_forward(self, x: torch.Tensor) -> torch.Tensor:
        """The cached form: an integer-valued product of int8 activations and trits, then both scales."""
        assert self.inference_ternary is not None and self.inference_scale is not None
        dtype = compute_dtype(x)
        q, x_scale = activation_quant(x)
        y = F.linear(q.to(dtype), self.inference_ternary.to(dtype))  # integer-valued products
        return y * (self.inference_scale.to(y.dtype) / x_scale.to(y.dtype))

    @torch.no_grad()
    def precompute_for_inference(self) -> None:
        """Cache the ternary weights and scale so inference skips re-quantising every call."""
        ternary, scale = weight_quant(self.weight)
        self.set_inference_weights(ternary, scale)

    @torch.no_grad()
    def set_inference_weights(self, ternary: torch.Tensor, scale: torch.Tensor) -> None:
        """Install exact ternary weights (e.g. from a packed file) as the cache and as ``weight``.

        ``weight`` becomes ``Wq · s / p`` with p the fraction of non-zero trits: its absmean is then
        ``s`` again, so the training path re-quantises it to exactly ``(Wq, s)`` too.
        """
        ternary = ternary.to(device=self.weight.device, dtype=torch.int8).reshape(self.weight.shape)
        scale = scale.to(device=self.weight.device, dtype=torch.float32).reshape(())
        nonzero = ternary.ne(0).double().mean().item()
        magnitude = scale.double().item() / nonzero if nonzero else 0.0
        self.weight.copy_(ternary.to(torch.float64) * magnitude)
        self.inference_ternary = ternary
        self.inference_scale = scale

    def clear_inference_cache(self) -> None:
        self.inference_ternary = None
        self.inference_scale = None

    def train(self, mode: bool = True) -> BitLinear:
        """Training mode drops the cache, so a changed weight is never hidden by a stale one."""
        if mode:
            self.clear_inference_cache()
        return super().train(mode)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}"


class CortexBitLinear(BitLinear):
    """The Rust engine's BitLinear: ``y = x @ (W/s + stopgrad(Wq - W/s))ᵀ`` with ``s`` detached.

    The output is NOT rescaled by ``s`` and the weight gradient is divided by ``s`` (the engine's
    exact maths); activations stay float.
    """

    def quantised_weight(self) -> torch.Tensor:
        w = self.weight
        ternary, scale = weight_quant(w)
        w_scaled = w / scale  # s is detached: no gradient flows through it
        return w_scaled + (ternary.to(w.dtype) - w_scaled).detach()

    def quantised_input(self, x: torch.Tensor) -> torch.Tensor:
        return x

    def inference_forward(self, x: torch.Tensor) -> torch.Tensor:
        assert self.inference_ternary is not None
        return F.linear(x, self.inference_ternary.to(compute_dtype(x)))
