"""The public namespace: one sorted ``__all__`` that names everything the package exports."""

from __future__ import annotations

import bit_ttt
import bit_ttt.layers
import bit_ttt.model

CONTRACT = {
    "BitLlamaConfig", "BitLlama", "BitLinear", "RMSNorm", "SwiGLU", "TTTLayer", "BitLlamaBlock",
    "weight_quant", "activation_quant", "pack_ternary", "unpack_ternary",
}  # fmt: skip


def test_all_is_sorted_and_resolves():
    for module in (bit_ttt, bit_ttt.layers, bit_ttt.model):
        assert module.__all__ == sorted(module.__all__)
        for name in module.__all__:
            assert getattr(module, name) is not None


def test_contract_names_are_exported():
    assert set(bit_ttt.__all__) >= CONTRACT


def test_subpackage_exports_are_re_exported_at_the_top():
    assert set(bit_ttt.layers.__all__) | set(bit_ttt.model.__all__) <= set(bit_ttt.__all__)
