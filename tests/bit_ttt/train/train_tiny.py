"""Tiny training configurations shared by the loop, resume, CLI and DDP tests (seconds on one CPU core)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from bit_ttt.train.args import TrainArgs
from bit_ttt.train.data import default_corpus_path

TINY_MODEL = {"hidden_dim": 32, "num_layers": 1}


def tiny_args(output_dir: Path, model: dict[str, object] | None = None, **overrides: object) -> TrainArgs:
    """A model small enough for ~100 steps in a few seconds, on the shipped corpus; ``model`` adds config fields."""
    base = TrainArgs(model={**TINY_MODEL, **(model or {})}, context_len=32, batch_size=4, lr=1e-2, steps=12,
                     warmup_steps=2, min_lr=1e-3, output_dir=str(output_dir), save_interval=4, eval_interval=4,
                     eval_windows=4, log_interval=1, seed=7)
    return replace(base, **overrides)


def unigram_entropy(path: Path | None = None) -> float:
    """Entropy (nats) of the byte distribution: the loss of the best model that ignores context."""
    data = np.frombuffer((path or default_corpus_path()).read_bytes(), dtype=np.uint8)
    p = np.bincount(data, minlength=256) / len(data)
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())
