"""bit_ttt: a PyTorch Bit-TTT model (BitNet b1.58 ternary linear layers + Test-Time-Training layers)."""

from __future__ import annotations

__all__: list[str] = []
