"""The variant name picks classes in one place; everything else is handed classes and never asks which variant."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import bit_ttt
from bit_ttt import BitLinear, BitLlama, BitLlamaConfig, CortexBitLinear, CortexTTT, TTTLayer
from bit_ttt.config import VARIANTS
from bit_ttt.model.architecture import variant_of

PACKAGE = Path(bit_ttt.__file__).resolve().parent
#: Where the name may be looked at: the config validates it, `architecture.py` turns it into classes.
ALLOWED = {PACKAGE / "config.py", PACKAGE / "model" / "architecture.py"}


def _mentions_variant(node: ast.AST) -> bool:
    return any(
        (isinstance(n, ast.Name) and n.id == "variant") or (isinstance(n, ast.Attribute) and n.attr == "variant")
        for n in ast.walk(node)
    )


def _branches_on_variant(tree: ast.AST) -> list[int]:
    """Lines that compare, match or look up something by a variant name."""
    lines = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Compare) and _mentions_variant(node)) or (isinstance(node, ast.Match) and _mentions_variant(node.subject)) or (isinstance(node, ast.Subscript) and _mentions_variant(node.slice)) or (isinstance(node, ast.Constant) and node.value in VARIANTS and isinstance(node.value, str)):
            lines.append(node.lineno)
    return lines


def test_no_code_outside_the_one_choice_asks_which_variant_it_is() -> None:
    found = {str(p.relative_to(PACKAGE)): lines for p in sorted(PACKAGE.rglob("*.py")) if p not in ALLOWED
             if (lines := _branches_on_variant(ast.parse(p.read_text(encoding="utf-8"))))}
    assert found == {}


@pytest.mark.parametrize(("variant", "linear", "ttt"), [("reference", BitLinear, TTTLayer),
                                                         ("cortex", CortexBitLinear, CortexTTT)])
def test_the_variant_builds_its_classes_into_every_block(variant: str, linear: type, ttt: type) -> None:
    config = BitLlamaConfig(40, 16, 2, variant=variant, num_heads=2, mini_batch_size=4)
    assert (variant_of(config).linear, variant_of(config).ttt) == (linear, ttt)
    model = BitLlama(config)
    for block in model.layers:
        assert type(block.ttt) is ttt
        assert {type(m) for m in block.mlp.modules() if isinstance(m, BitLinear)} == {linear}
    ternary = {type(m) for m in model.modules() if isinstance(m, BitLinear)}
    assert ternary == {linear}  # the TTT layer's own projections are the variant's too


def test_the_variant_sets_the_initial_scales() -> None:
    import torch

    torch.manual_seed(0)
    reference = BitLlama(BitLlamaConfig(4000, 64, 1))
    cortex = BitLlama(BitLlamaConfig(4000, 64, 1, variant="cortex"))
    assert reference.embed.weight.std().item() == pytest.approx(0.02, rel=0.05)
    assert reference.lm_head.weight.std().item() == pytest.approx(0.02, rel=0.05)
    assert cortex.embed.weight.std().item() == pytest.approx(1.0, rel=0.05)
    assert cortex.lm_head.weight.std().item() == pytest.approx((2 / 64) ** 0.5, rel=0.05)
