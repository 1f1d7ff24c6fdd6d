"""The layers of a BitLlama, one module each: RMSNorm, BitLinear, SwiGLU, the TTT base and its two layers."""

from __future__ import annotations

from bit_ttt.layers.bit_linear import BitLinear, CortexBitLinear, activation_quant, weight_quant
from bit_ttt.layers.packing import pack_ternary, unpack_ternary
from bit_ttt.layers.rms_norm import RMSNorm
from bit_ttt.layers.swiglu import SwiGLU
from bit_ttt.layers.ttt import TTTBase, TTTLayer, TTTState
from bit_ttt.layers.ttt_cortex import CortexTTT, CortexTTTState

__all__ = [
    "BitLinear",
    "CortexBitLinear",
    "CortexTTT",
    "CortexTTTState",
    "RMSNorm",
    "SwiGLU",
    "TTTBase",
    "TTTLayer",
    "TTTState",
    "activation_quant",
    "pack_ternary",
    "unpack_ternary",
    "weight_quant",
]
