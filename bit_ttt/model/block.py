"""One pre-norm BitLlama block: ``h = x + TTT(norm1(x))``, ``out = h + SwiGLU(norm2(h))``."""

from __future__ import annotations

import torch
from torch import nn

from bit_ttt.config import BitLlamaConfig
from bit_ttt.layers.rms_norm import RMSNorm
from bit_ttt.layers.swiglu import SwiGLU
from bit_ttt.layers.ttt import TTTLayer, TTTState
from bit_ttt.layers.ttt_cortex import CortexTTT, CortexTTTState
from bit_ttt.model.architecture import variant_of

LayerState = TTTState | CortexTTTState


class BitLlamaBlock(nn.Module):
    """A TTT layer in place of attention, then a ternary SwiGLU; the TTT state is threaded through."""

    def __init__(self, config: BitLlamaConfig) -> None:
        super().__init__()
        variant = variant_of(config)
        self.norm1 = RMSNorm(config.hidden_dim, config.rms_norm_eps)
        self.ttt: TTTLayer | CortexTTT = variant.ttt.from_config(config)
        self.norm2 = RMSNorm(config.hidden_dim, config.rms_norm_eps)
        self.mlp = SwiGLU(config.hidden_dim, config.intermediate_dim, variant.linear)

    def forward(
        self,
        x: torch.Tensor,
        state: LayerState | None = None,
        form: str | None = None,
        ttt_enabled: bool = True,
    ) -> tuple[torch.Tensor, LayerState]:
        mixed, state = self.ttt(self.norm1(x), state, form=form, ttt_enabled=ttt_enabled)
        h = x + mixed  # (B, T, D)
        return h + self.mlp(self.norm2(h)), state
