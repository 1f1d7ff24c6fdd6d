"""BitLlama speed and size, each beside its baseline measured in the same run.

    python benchmarks/bench_model.py [--repeat 5] [--device cpu|cuda] [--threads N]

1. forward+backward tokens/s of a small BitLlama vs the same model with every BitLinear replaced
   by a plain nn.Linear (target: at most 1.5x slower);
2. one TTT layer over 512 tokens in the dual form vs the primal form (target: dual >= 5x faster);
3. bits per ternary weight in a `save_packed` file (target: 1.6).
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from collections.abc import Callable

import torch
from baselines import float_twin  # beside this script
from rich.console import Console
from rich.table import Table
from safetensors import safe_open
from torch import nn

from bit_ttt import BitLinear, BitLlama, BitLlamaConfig, TTTLayer

MODEL = BitLlamaConfig(vocab_size=512, hidden_dim=128, num_layers=2, num_heads=4)
BATCH, SEQ = 8, 128
TTT_TOKENS = 512


def best_of(repeat: int, work: Callable[[], object], sync: Callable[[], None]) -> float:
    """Minimum wall time in seconds: the least disturbed run on a shared machine."""
    work()  # warm-up
    sync()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        work()
        sync()
        times.append(time.perf_counter() - start)
    return min(times)


def train_step(model: nn.Module, ids: torch.Tensor) -> Callable[[], None]:
    def step() -> None:
        model.zero_grad(set_to_none=True)
        logits, _ = model(ids)
        loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), ids.reshape(-1))
        loss.backward()

    return step


def packed_bits(model: BitLlama) -> tuple[float, float, int]:
    """(bits per ternary weight, the same with the per-tensor scales, file bytes)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "model.bitpacked")
        model.save_packed(path)
        size = os.path.getsize(path)
        n_weights = packed_bytes = scale_bytes = 0
        with safe_open(path, framework="pt") as handle:
            for key in handle.keys():  # noqa: SIM118
                if key.endswith(".ternary"):
                    packed_bytes += handle.get_tensor(key).numel()
                elif key.endswith(".scale"):
                    scale_bytes += 4
        for module in model.modules():
            if isinstance(module, BitLinear):
                n_weights += module.weight.numel()
    return 8 * packed_bytes / n_weights, 8 * (packed_bytes + scale_bytes) / n_weights, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: leave as is)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    console = Console(width=140)
    torch.manual_seed(0)

    ids = torch.randint(0, MODEL.vocab_size, (BATCH, SEQ), device=device)
    bit = BitLlama(MODEL).to(device)
    plain = float_twin(BitLlama(MODEL)).to(device)
    t_bit = best_of(args.repeat, train_step(bit, ids), sync)
    t_plain = best_of(args.repeat, train_step(plain, ids), sync)
    tokens = BATCH * SEQ

    layer = TTTLayer(MODEL.hidden_dim, MODEL.num_heads, mini_batch_size=16).to(device)
    x = torch.randn(1, TTT_TOKENS, MODEL.hidden_dim, device=device)
    with torch.no_grad():
        t_dual = best_of(args.repeat, lambda: layer(x, form="dual"), sync)
        t_primal = best_of(args.repeat, lambda: layer(x, form="primal"), sync)
    t_dual_bwd = best_of(args.repeat, lambda: layer(x, form="dual")[0].sum().backward(), sync)
    t_primal_bwd = best_of(args.repeat, lambda: layer(x, form="primal")[0].sum().backward(), sync)

    lin_x = torch.randn(BATCH * SEQ, MODEL.hidden_dim, device=device)
    lin_bit = BitLinear(MODEL.hidden_dim, MODEL.intermediate_dim).to(device)
    lin_plain = nn.Linear(MODEL.hidden_dim, MODEL.intermediate_dim, bias=False).to(device)
    t_lin_bit = best_of(args.repeat, lambda: lin_bit(lin_x).sum().backward(), sync)
    t_lin_plain = best_of(args.repeat, lambda: lin_plain(lin_x).sum().backward(), sync)

    bpw, bpw_scales, size = packed_bits(bit.cpu())
    float_bytes = sum(p.numel() * 4 for p in bit.parameters())

    table = Table(
        title=f"bit_ttt model benchmark ({device.type}, {torch.get_num_threads()} threads, best of {args.repeat})"
    )
    for column in ("measure", "ours", "baseline", "ratio", "target"):
        table.add_column(column, justify="right")
    table.add_row(
        f"fwd+bwd tokens/s, D={MODEL.hidden_dim} L={MODEL.num_layers} B={BATCH} T={SEQ}",
        f"{tokens / t_bit:,.0f} (BitLinear)",
        f"{tokens / t_plain:,.0f} (nn.Linear)",
        f"{t_bit / t_plain:.2f}x slower",
        "<= 1.5x",
    )
    table.add_row(
        f"one layer {MODEL.hidden_dim}->{MODEL.intermediate_dim} fwd+bwd, {BATCH * SEQ} tokens, ms",
        f"{t_lin_bit * 1e3:.2f} (BitLinear)",
        f"{t_lin_plain * 1e3:.2f} (nn.Linear)",
        f"{t_lin_bit / t_lin_plain:.2f}x slower",
        "-",
    )
    table.add_row(
        f"TTT forward, {TTT_TOKENS} tokens, ms",
        f"{t_dual * 1e3:.1f} (dual)",
        f"{t_primal * 1e3:.1f} (primal)",
        f"{t_primal / t_dual:.1f}x faster",
        ">= 5x",
    )
    table.add_row(
        f"TTT forward+backward, {TTT_TOKENS} tokens, ms",
        f"{t_dual_bwd * 1e3:.1f} (dual)",
        f"{t_primal_bwd * 1e3:.1f} (primal)",
        f"{t_primal_bwd / t_dual_bwd:.1f}x faster",
        ">= 5x",
    )
    table.add_row(
        "bits per ternary weight (packed file)",
        f"{bpw:.4f} ({bpw_scales:.4f} with scales)",
        "32 (float32)",
        f"{32 / bpw:.1f}x smaller",
        "1.6",
    )
    table.add_row(
        "whole model file, bytes",
        f"{size:,} (packed)",
        f"{float_bytes:,} (float32 params)",
        f"{float_bytes / size:.1f}x smaller",
        "-",
    )
    console.print(table)


if __name__ == "__main__":
    main()
