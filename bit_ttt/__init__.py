"""bit_ttt: a PyTorch Bit-TTT model (BitNet b1.58 ternary linear layers + Test-Time-Training layers).

>>> import torch
>>> from bit_ttt import BitLlama, BitLlamaConfig
>>> model = BitLlama(BitLlamaConfig(vocab_size=256, hidden_dim=64, num_layers=2))
>>> logits, states = model(torch.randint(0, 256, (1, 32)))
"""

from __future__ import annotations

from bit_ttt.config import BitLlamaConfig
from bit_ttt.layers.bit_linear import BitLinear, activation_quant, weight_quant
from bit_ttt.layers.packing import pack_ternary, unpack_ternary
from bit_ttt.layers.rms_norm import RMSNorm
from bit_ttt.layers.swiglu import SwiGLU
from bit_ttt.layers.ttt import TTTLayer, TTTState
from bit_ttt.layers.ttt_cortex import CortexTTT, CortexTTTState
from bit_ttt.model.block import BitLlamaBlock
from bit_ttt.model.llama import BitLlama

__all__ = [
    "BitLinear",
    "BitLlama",
    "BitLlamaBlock",
    "BitLlamaConfig",
    "CortexTTT",
    "CortexTTTState",
    "RMSNorm",
    "SwiGLU",
    "TTTLayer",
    "TTTState",
    "activation_quant",
    "pack_ternary",
    "unpack_ternary",
    "weight_quant",
]
