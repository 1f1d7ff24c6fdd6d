"""The BitLlama model: blocks, the full model, and its file formats."""

from __future__ import annotations

from bit_ttt.model.block import BitLlamaBlock
from bit_ttt.model.llama import BitLlama

__all__ = ["BitLlama", "BitLlamaBlock"]
