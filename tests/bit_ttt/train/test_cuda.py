"""On a GPU: bf16 autocast training learns, checkpoints resume on CUDA and load back on the CPU."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch
from train_tiny import tiny_args, unigram_entropy

from bit_ttt.train.inference import load_model
from bit_ttt.train.loop import train

pytestmark = [pytest.mark.cuda, pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU")]


def test_bf16_training_learns_and_resumes(tmp_path: Path) -> None:
    args = tiny_args(tmp_path, device="cuda", steps=120, context_len=64, batch_size=8, save_interval=60,
                     eval_interval=60, log_interval=10)
    first = train(args, stop_at=60)
    assert all(math.isfinite(x) for x in first.losses)
    second = train(args)
    assert second.start_step == 60 and second.step == 120
    assert second.validation is not None and second.validation.loss < unigram_entropy() - 0.4
    cpu = load_model(tmp_path, torch.device("cpu"))
    assert cpu.step == 120 and next(cpu.model.parameters()).device.type == "cpu"


def test_autocast_is_bf16_on_cuda_only() -> None:
    from bit_ttt.train.evaluate import autocast

    with autocast(torch.device("cuda")):
        y = torch.ones(4, 4, device="cuda") @ torch.ones(4, 4, device="cuda")
    assert y.dtype == torch.bfloat16
    with autocast(torch.device("cpu")):
        assert (torch.ones(2, 2) @ torch.ones(2, 2)).dtype == torch.float32
