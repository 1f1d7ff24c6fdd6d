"""Base-3 packing of ternary tensors: exact round trips, ceil(n/5) bytes."""

from __future__ import annotations

import itertools
import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from bit_ttt import pack_ternary, unpack_ternary

SHAPES = [
    (0,),
    (1,),
    (4,),
    (5,),
    (6,),
    (9,),
    (10,),
    (11,),
    (3, 7),
    (16, 16),
    (2, 3, 5),
    (4, 1, 13),
    (257,),
]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_round_trip_is_exact_and_size_is_ceil_n_over_5(shape, seed):
    generator = torch.Generator().manual_seed(seed)
    t = torch.randint(-1, 2, shape, generator=generator, dtype=torch.int8)
    packed = pack_ternary(t)
    assert packed.dtype == torch.uint8
    assert packed.numel() == math.ceil(t.numel() / 5)
    out = unpack_ternary(packed, shape)
    assert out.dtype == torch.int8 and out.shape == t.shape
    assert torch.equal(out, t)


def test_every_group_of_five_trits_gets_its_own_byte():
    groups = torch.tensor(
        list(itertools.product((-1, 0, 1), repeat=5)), dtype=torch.int8
    )  # (243, 5)
    packed = pack_ternary(groups)
    assert packed.numel() == 243
    assert len(set(packed.tolist())) == 243
    assert torch.equal(unpack_ternary(packed, groups.shape), groups)


def test_float_ternary_input_packs_too():
    t = torch.tensor([[1.0, -1.0, 0.0], [0.0, 1.0, 1.0]])
    assert torch.equal(unpack_ternary(pack_ternary(t), t.shape), t.to(torch.int8))


def test_non_ternary_values_are_rejected():
    with pytest.raises(ValueError, match="-1, 0, 1"):
        pack_ternary(torch.tensor([0, 2, -1]))


def test_wrong_byte_count_for_shape_is_rejected():
    with pytest.raises(ValueError, match="cannot hold"):
        unpack_ternary(torch.zeros(2, dtype=torch.uint8), (11,))


@given(
    shape=st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=3),
    seed=st.integers(min_value=0, max_value=2**16),
)
@settings(max_examples=60, deadline=None)
def test_round_trip_for_any_shape(shape, seed):
    t = torch.randint(
        -1, 2, tuple(shape), generator=torch.Generator().manual_seed(seed), dtype=torch.int8
    )
    packed = pack_ternary(t)
    assert packed.numel() == math.ceil(t.numel() / 5)
    assert torch.equal(unpack_ternary(packed, tuple(shape)), t)
