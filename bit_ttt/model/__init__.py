"""The BitLlama model: blocks, the full model, its token stream; `architecture` and `checkpoint_io` beside them."""

from __future__ import annotations

from bit_ttt.model.block import BitLlamaBlock
from bit_ttt.model.llama import BitLlama, TokenStream

__all__ = ["BitLlama", "BitLlamaBlock", "TokenStream"]
