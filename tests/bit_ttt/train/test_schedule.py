"""The LR schedule against its formula, written out here independently."""

from __future__ import annotations

import itertools
import math

import pytest

from bit_ttt.train.schedule import lr_at

LR, MIN_LR, WARMUP, STEPS = 3e-4, 1e-5, 100, 1000


def _lr(step: int) -> float:
    return lr_at(step, lr=LR, min_lr=MIN_LR, warmup_steps=WARMUP, steps=STEPS)


def test_zero_at_step_zero_peak_at_end_of_warmup_min_at_end() -> None:
    assert _lr(0) == 0.0
    assert _lr(WARMUP) == pytest.approx(LR, rel=1e-12)
    assert _lr(STEPS) == pytest.approx(MIN_LR, rel=1e-12)
    assert _lr(STEPS + 50) == pytest.approx(MIN_LR, rel=1e-12)


@pytest.mark.parametrize("step", [1, 37, 99])
def test_warmup_is_linear(step: int) -> None:
    assert _lr(step) == pytest.approx(LR * step / WARMUP)


@pytest.mark.parametrize("step", [150, 550, 999])
def test_cosine_decay_matches_formula(step: int) -> None:
    p = (step - WARMUP) / (STEPS - WARMUP)
    assert _lr(step) == pytest.approx(MIN_LR + (LR - MIN_LR) * (1 + math.cos(math.pi * p)) / 2)


def test_midpoint_is_halfway_and_decay_is_monotonic() -> None:
    assert _lr(550) == pytest.approx((LR + MIN_LR) / 2)
    values = [_lr(s) for s in range(WARMUP, STEPS + 1)]
    assert all(a >= b for a, b in itertools.pairwise(values))


def test_no_warmup_starts_at_peak() -> None:
    assert lr_at(0, lr=1.0, min_lr=0.0, warmup_steps=0, steps=10) == 1.0
