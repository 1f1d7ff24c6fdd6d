"""bit_ttt: a PyTorch Bit-TTT model (BitNet b1.58 ternary linear layers + Test-Time-Training layers).

>>> import torch
>>> from bit_ttt import BitLlama, BitLlamaConfig
>>> model = BitLlama(BitLlamaConfig(vocab_size=256, hidden_dim=64, num_layers=2))
>>> logits, states = model(torch.randint(0, 256, (1, 32)))
"""

from __future__ import annotations

from bit_ttt.config import BitLlamaConfig
from bit_ttt.errors import BitTTTError, is_missing_model_extra

# The model needs the `model` extra (torch, numpy, safetensors). Without it the package still imports,
# so that `bit-ttt` can say in one line what to install; the model names are then missing.
try:
    from bit_ttt.layers import (
        BitLinear,
        CortexBitLinear,
        CortexTTT,
        CortexTTTState,
        RMSNorm,
        SwiGLU,
        TTTBase,
        TTTLayer,
        TTTState,
        activation_quant,
        pack_ternary,
        unpack_ternary,
        weight_quant,
    )
    from bit_ttt.model import BitLlama, BitLlamaBlock, TokenStream
except ModuleNotFoundError as missing:
    if not is_missing_model_extra(missing):
        raise

__all__ = [
    "BitLinear",
    "BitLlama",
    "BitLlamaBlock",
    "BitLlamaConfig",
    "BitTTTError",
    "CortexBitLinear",
    "CortexTTT",
    "CortexTTTState",
    "RMSNorm",
    "SwiGLU",
    "TTTBase",
    "TTTLayer",
    "TTTState",
    "TokenStream",
    "activation_quant",
    "pack_ternary",
    "unpack_ternary",
    "weight_quant",
]
