"""One pre-norm BitLlama block: ``x += conv(x)``, ``h = x + TTT(norm1(x))``, ``out = h + SwiGLU(norm2(h))``.

The convolution (ttt-lm's pre_conv) is the reference variant's, and only when ``conv_kernel`` > 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from bit_ttt.config import BitLlamaConfig
from bit_ttt.layers.causal_conv import CausalConv
from bit_ttt.layers.rms_norm import RMSNorm
from bit_ttt.layers.swiglu import SwiGLU
from bit_ttt.layers.ttt import TTTLayer, TTTState
from bit_ttt.layers.ttt_cortex import CortexTTT, CortexTTTState
from bit_ttt.model.architecture import variant_of

LayerState = TTTState | CortexTTTState


@dataclass(frozen=True, slots=True)
class BlockState:
    """What one block carries from token to token: its TTT layer's state and the convolution's last inputs."""

    ttt: LayerState
    conv: torch.Tensor | None  # (B, conv_kernel − 1, D); None in a block without a convolution

    def detach(self) -> BlockState:
        """Cut the graph, e.g. between truncated-BPTT windows."""
        return BlockState(self.ttt.detach(), None if self.conv is None else self.conv.detach())


class BitLlamaBlock(nn.Module):
    """A TTT layer in place of attention, then a ternary SwiGLU; the TTT state is threaded through."""

    def __init__(self, config: BitLlamaConfig) -> None:
        super().__init__()
        variant = variant_of(config)
        self.conv = (CausalConv(config.hidden_dim, config.conv_kernel, config.rms_norm_eps)
                     if variant.pre_conv and config.conv_kernel else None)
        self.norm1 = RMSNorm(config.hidden_dim, config.rms_norm_eps)
        self.ttt: TTTLayer | CortexTTT = variant.ttt.from_config(config)
        self.norm2 = RMSNorm(config.hidden_dim, config.rms_norm_eps)
        self.mlp = SwiGLU(config.hidden_dim, config.intermediate_dim, variant.linear)

    def forward(
        self,
        x: torch.Tensor,
        state: BlockState | None = None,
        form: str | None = None,
        ttt_enabled: bool = True,
    ) -> tuple[torch.Tensor, BlockState]:
        ttt_state, past = (None, None) if state is None else (state.ttt, state.conv)
        if self.conv is not None:
            local, past = self.conv(x, past)
            x = x + local  # (B, T, D)
        mixed, ttt_state = self.ttt(self.norm1(x), ttt_state, form=form, ttt_enabled=ttt_enabled)
        h = x + mixed  # (B, T, D)
        return h + self.mlp(self.norm2(h)), BlockState(ttt_state, past)
