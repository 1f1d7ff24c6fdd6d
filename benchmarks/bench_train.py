"""Training tokens/s of BitLlama beside the same model with plain float linear layers, in the same run.

    python benchmarks/bench_train.py [--device cpu|cuda] [--configs tiny,default] [--threads N]

Both models go through the real training loop (`bit_ttt.train.loop.train`, `--benchmark`: no
checkpoints); the float twin is the same BitLlama with every BitLinear swapped for `nn.Linear`.
tok/s is the median over log intervals after the first (warm-up) one.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

import torch
from baselines import float_twin  # beside this script
from rich.console import Console
from rich.table import Table
from torch import nn

from bit_ttt import BitLlama, BitLlamaConfig
from bit_ttt.train import loop
from bit_ttt.train.args import TrainArgs
from bit_ttt.train.reporting import NullReporter, StepLog


@dataclass(frozen=True, slots=True)
class Setup:
    name: str
    dim: int
    layers: int
    context_len: int
    batch_size: int
    steps: int
    log_interval: int


SETUPS = {
    "tiny": Setup("tiny", dim=32, layers=1, context_len=64, batch_size=8, steps=60, log_interval=10),
    "default": Setup("default", dim=256, layers=8, context_len=128, batch_size=16, steps=5, log_interval=1),
}


class Collect(NullReporter):
    def __init__(self) -> None:
        self.logs: list[StepLog] = []

    def stepped(self, log: StepLog) -> None:
        self.logs.append(log)


def measure(setup: Setup, device: str, factory: Callable[[BitLlamaConfig], nn.Module]) -> tuple[float, int]:
    """(median tokens/s after warm-up, parameter count) of one training run."""
    original = loop.BitLlama
    loop.BitLlama = factory  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as out:
            args = TrainArgs(model={"hidden_dim": setup.dim, "num_layers": setup.layers}, context_len=setup.context_len,
                             batch_size=setup.batch_size, steps=setup.steps, warmup_steps=1,
                             log_interval=setup.log_interval, eval_interval=0, eval_windows=1, benchmark=True,
                             device=device, output_dir=out)
            reporter = Collect()
            result = loop.train(args, reporter=reporter)
    finally:
        loop.BitLlama = original  # type: ignore[assignment]
    speeds = [log.tokens_per_s for log in reporter.logs[1:]] or [reporter.logs[-1].tokens_per_s]
    params = sum(p.numel() for p in factory(result.config).parameters())
    return statistics.median(speeds), params


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda"))
    parser.add_argument("--configs", default="tiny,default")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's)")
    opts = parser.parse_args()
    if opts.threads:
        torch.set_num_threads(opts.threads)
    table = Table(title=f"bit_ttt training throughput ({opts.device}, {torch.get_num_threads()} CPU threads)")
    for column in ("config", "D x L, T x B", "params", "BitLinear tok/s", "nn.Linear tok/s", "bit / float"):
        table.add_column(column, justify="right")
    for name in opts.configs.split(","):
        setup = SETUPS[name]
        bit, params = measure(setup, opts.device, BitLlama)
        flt, _ = measure(setup, opts.device, lambda config: float_twin(BitLlama(config)))
        shape = f"{setup.dim} x {setup.layers}, {setup.context_len} x {setup.batch_size}"
        table.add_row(name, shape, f"{params:,}", f"{bit:,.0f}", f"{flt:,.0f}", f"{bit / flt:.2f}")
    Console().print(table)


if __name__ == "__main__":
    main()
