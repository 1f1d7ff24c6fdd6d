"""Rotary positions: each feature pair turned by its angle, lengths kept, dot products relative."""

from __future__ import annotations

import math

import torch

from bit_ttt.layers.rotary import rotary


def test_each_pair_turns_by_position_times_its_frequency():
    x = torch.zeros(1, 3, 4, dtype=torch.float64)
    x[..., 0::2] = 1.0  # every pair starts as (1, 0)
    y = rotary(x, torch.tensor([0, 1, 5]), base=100.0)
    for t, p in enumerate((0, 1, 5)):
        for i, freq in enumerate((1.0, 100.0 ** (-2 / 4))):
            angle = p * freq
            assert torch.allclose(y[0, t, 2 * i : 2 * i + 2], torch.tensor([math.cos(angle), math.sin(angle)],
                                                                           dtype=torch.float64))


def test_lengths_are_kept_and_dot_products_depend_on_the_distance_only():
    torch.manual_seed(0)
    q, k = torch.randn(2, 8, dtype=torch.float64)
    def score(m: int, n: int) -> float:
        qm = rotary(q[None], torch.tensor([m]), base=10000.0)[0]
        kn = rotary(k[None], torch.tensor([n]), base=10000.0)[0]
        assert math.isclose(qm.norm().item(), q.norm().item(), rel_tol=1e-12)
        return float(qm @ kn)
    assert math.isclose(score(3, 1), score(10, 8), rel_tol=1e-10)
    assert not math.isclose(score(3, 1), score(3, 2), rel_tol=1e-3)
