"""The learning-rate schedule: linear warmup from 0, then cosine decay to `min_lr` (the original's)."""

from __future__ import annotations

import math


def lr_at(step: int, *, lr: float, min_lr: float, warmup_steps: int, steps: int) -> float:
    """LR for absolute step `step` (0-based): 0 at step 0, `lr` at `warmup_steps`, `min_lr` at `steps`.

    The schedule is a pure function of the step, so a resumed run continues the curve exactly.
    """
    if step < warmup_steps:
        return lr * step / warmup_steps
    span = steps - warmup_steps
    if span <= 0:
        return min_lr if step >= steps else lr
    progress = min(max((step - warmup_steps) / span, 0.0), 1.0)
    return min_lr + (lr - min_lr) * 0.5 * (1.0 + math.cos(math.pi * progress))
