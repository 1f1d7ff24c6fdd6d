"""The one place a config's ``variant`` name picks classes: which BitLinear, which TTT layer, which init.

Everything else receives the classes chosen here, so no other code asks which variant it is in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bit_ttt.config import BitLlamaConfig
from bit_ttt.layers.bit_linear import BitLinear, CortexBitLinear
from bit_ttt.layers.ttt import TTTLayer
from bit_ttt.layers.ttt_cortex import CortexTTT


@dataclass(frozen=True, slots=True)
class Variant:
    """The classes and initial scales of one variant of the model (see docs/bit_ttt_model.md)."""

    linear: type[BitLinear]  # every ternary projection outside the TTT layer (the SwiGLU's)
    ttt: type[TTTLayer] | type[CortexTTT]  # a `TTTBase`, built with `from_config`; it picks its own projections
    embedding_std: float
    head_std: float  # of the untied lm_head
    pre_conv: bool = False  # a causal convolution before each TTT layer, `conv_kernel` wide


def variant_of(config: BitLlamaConfig) -> Variant:
    """Reference: BitNet b1.58 + TTT-Linear, ttt-lm's N(0, 0.02) init and pre_conv. Cortex: the engine's classes
    and init, no convolution."""
    match config.variant:
        case "reference":
            return Variant(BitLinear, TTTLayer, embedding_std=0.02, head_std=0.02, pre_conv=True)
        case "cortex":
            return Variant(CortexBitLinear, CortexTTT, embedding_std=1.0,
                           head_std=math.sqrt(2.0 / config.hidden_dim), pre_conv=False)
    raise ValueError(f"unknown variant {config.variant!r}")  # BitLlamaConfig admits no other name
