"""Validation loss and perplexity: mean next-token NLL over consecutive windows, fresh TTT state each."""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from bit_ttt.train.data import eval_batches


def autocast(device: torch.device) -> AbstractContextManager[object]:
    """bf16 autocast on CUDA only; CPU runs stay float32 so resumes are bitwise exact."""
    if device.type == "cuda":
        return torch.autocast(device_type="cuda", dtype=torch.bfloat16)
    return nullcontext()


@torch.no_grad()
def evaluate(model: nn.Module, tokens: np.ndarray, *, context_len: int, batch_size: int,
             device: torch.device, max_windows: int | None = None,
             progress: Callable[[int, int], None] | None = None) -> tuple[float, int]:
    """(mean NLL in nats, tokens scored). Every token of each window is scored exactly once.

    ``progress(done, total)`` is called with token counts after each batch.
    """
    was_training = model.training
    model.eval()
    total, count = 0.0, 0
    windows = (len(tokens) - 1) // context_len
    to_score = context_len * (windows if max_windows is None else min(windows, max_windows))
    try:
        for x, y in eval_batches(tokens, context_len=context_len, batch_size=batch_size, max_windows=max_windows):
            x, y = x.to(device), y.to(device)  # (B, T)
            with autocast(device):
                logits, _ = model(x)  # (B, T, V)
            nll = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), y.reshape(-1), reduction="sum")
            total += float(nll)
            count += y.numel()
            if progress is not None:
                progress(count, to_score)
    finally:
        model.train(was_training)
    return (total / count if count else math.nan), count


def perplexity(loss: float) -> float:
    return math.exp(loss) if loss < 700 else math.inf
