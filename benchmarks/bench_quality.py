"""How BitLlama compares with the models people would use instead: quality, speed, generation memory, size.

    python benchmarks/bench_quality.py [--steps 400] [--threads 2] [--plot reports/bit_ttt_quality.png]

(matplotlib draws the plot: `pip install -e ".[bench]"`, or the `dev` extra, which includes it.)

On the shipped corpus, byte tokenizer, the same batches in the same order and the same seed, three
models of the same width and depth are trained side by side, one step each in turn (so a busy
machine slows all three alike):
1. BitLlama, reference variant (ternary BitLinear + TTT-Linear);
2. the same model with float linear layers (TTT without ternarisation);
3. a Llama-style float transformer with causal attention (`baselines.LlamaTransformer`).
Printed: validation loss in nats per byte at equal steps and at equal training time, training
tokens/s, generation time and decode-state memory per token at contexts 256, 1k and 4k, model bytes
float and packed; plotted: the validation curves, loss by position in the context, decode memory.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from baselines import LlamaConfig, LlamaTransformer, float_twin  # beside this script
from rich.console import Console
from rich.table import Table
from torch import nn

from bit_ttt import BitLlama, BitLlamaConfig
from bit_ttt.train.args import TrainArgs
from bit_ttt.train.data import WindowSampler, eval_batches, load_data
from bit_ttt.train.evaluate import evaluate
from bit_ttt.train.loop import make_optimizer
from bit_ttt.train.schedule import lr_at

NAMES = ("BitLlama (ternary, TTT)", "BitLlama, float linears", "Llama-style attention, float")


@dataclass(slots=True)
class Run:
    """One model being trained, and what was measured of it."""

    name: str
    model: nn.Module
    optimizer: torch.optim.Optimizer
    seconds: float = 0.0  # time in its own training steps
    curve: list[tuple[int, float, float]] = field(default_factory=list)  # (step, seconds, val nats/byte)
    final_loss: float = math.nan
    ttt_off_loss: float = math.nan  # the control: the same model with every inner learning rate 0
    by_position: np.ndarray | None = None
    ttt_off_by_position: np.ndarray | None = None
    decode: dict[int, tuple[float, int]] = field(default_factory=dict)  # context -> (ms per token, state bytes)
    packable: bool = False  # has ternary weights to pack
    float_bytes: int = 0
    packed_bytes: int | None = None


def build(args: argparse.Namespace, train_args: TrainArgs) -> list[Run]:
    """The three models, each initialised from the same seed."""
    config = BitLlamaConfig(vocab_size=256, hidden_dim=args.dim, num_layers=args.layers, num_heads=args.heads)
    factories: list[Callable[[], nn.Module]] = [
        lambda: BitLlama(config),
        lambda: float_twin(BitLlama(config)),
        lambda: LlamaTransformer(LlamaConfig(256, args.dim, args.layers, args.heads)),
    ]
    runs = []
    for name, factory in zip(NAMES, factories, strict=True):
        torch.manual_seed(args.seed)
        model = factory()
        runs.append(Run(name, model, make_optimizer(model, train_args), packable=not runs))
    return runs


def train_side_by_side(runs: list[Run], args: argparse.Namespace, train_args: TrainArgs, data) -> None:
    """Every step: one batch, one optimizer step of each model on it; validation every --eval-every steps."""
    sampler = WindowSampler(data.train, context_len=args.context_len, batch_size=args.batch_size, seed=args.seed)
    for step in range(args.steps):
        x, y = sampler.next_batch()  # (B, T) each
        lr = lr_at(step, lr=train_args.lr, min_lr=train_args.min_lr, warmup_steps=train_args.warmup_steps,
                   steps=args.steps)
        for run in runs:
            started = time.perf_counter()
            for group in run.optimizer.param_groups:
                group["lr"] = lr
            logits, _ = run.model(x)  # (B, T, V)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
            loss.backward()
            nn.utils.clip_grad_norm_(run.model.parameters(), train_args.grad_clip)
            run.optimizer.step()
            run.optimizer.zero_grad(set_to_none=True)
            run.seconds += time.perf_counter() - started
        if (step + 1) % args.eval_every == 0 or step + 1 == args.steps:
            for run in runs:
                loss, _ = evaluate(run.model, data.val, context_len=args.context_len, batch_size=8,
                                   device=torch.device("cpu"), max_windows=args.eval_windows)
                run.curve.append((step + 1, run.seconds, loss))
            print(f"step {step + 1:4}: " + "  ".join(f"{r.curve[-1][2]:.4f} ({r.seconds:.0f} s)" for r in runs),
                  file=sys.stderr, flush=True)


class TTTOff(nn.Module):
    """A BitLlama with test-time learning off: each TTT layer keeps its initial inner model.

    The convolutions before the TTT layers still see the last few tokens; only TTT's memory is gone.
    """

    def __init__(self, model: BitLlama) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor) -> tuple[torch.Tensor, object]:
        return self.model(input_ids, ttt_enabled=False)


def at_time(run: Run, seconds: float) -> float:
    """Validation loss after `seconds` of training, interpolated between evaluations."""
    times = [0.0] + [t for _, t, _ in run.curve]
    losses = [math.log(256)] + [loss for _, _, loss in run.curve]  # before training: uniform over bytes
    return float(np.interp(seconds, times, losses))


@torch.no_grad()
def loss_by_position(model: nn.Module, tokens: np.ndarray, context: int) -> np.ndarray:
    """Mean NLL at each position 0..context-1 of consecutive validation windows (fresh state each)."""
    model.eval()
    total, count = np.zeros(context), 0
    for x, y in eval_batches(tokens, context_len=context, batch_size=4):
        logits, _ = model(x)  # (B, T, V)
        nll = F.cross_entropy(logits.transpose(1, 2), y, reduction="none")  # (B, T)
        total += nll.sum(0).numpy()
        count += x.shape[0]
    return total / count


def state_bytes(state: object) -> int:
    """Bytes of every tensor a decoding step carries to the next (TTT states or the KV cache)."""
    if isinstance(state, torch.Tensor):
        return state.numel() * state.element_size()
    if dataclasses.is_dataclass(state):
        return sum(state_bytes(getattr(state, f.name)) for f in dataclasses.fields(state))
    if isinstance(state, Iterable) and not isinstance(state, (str, bytes)):
        return sum(state_bytes(s) for s in state)
    return 0


@torch.no_grad()
def decode_cost(model: nn.Module, prompt: torch.Tensor, new_tokens: int) -> tuple[float, int]:
    """(median ms per generated token after a prompt of len(prompt) tokens, bytes of state carried)."""
    model.eval()
    logits, state = model(prompt)  # prefill, (1, C, V)
    carried = state_bytes(state)
    token = logits[:, -1:].argmax(-1)  # (1, 1)
    times = []
    for _ in range(new_tokens):
        started = time.perf_counter()
        logits, state = model(token, state)
        token = logits[:, -1:].argmax(-1)
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times), carried


def sizes(run: Run) -> None:
    """Bytes of the float32 parameters, and of the packed file where the weights are ternary."""
    run.float_bytes = sum(p.numel() * 4 for p in run.model.parameters())
    if run.packable:
        assert isinstance(run.model, BitLlama)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.safetensors"
            run.model.save_packed(path)
            run.packed_bytes = path.stat().st_size


def report(runs: list[Run], args: argparse.Namespace, elapsed: tuple[float, float], console: Console) -> None:
    """The two tables: quality and speed of training, then generation and size."""
    budget = min(run.seconds for run in runs)
    quality = Table(title=f"Quality: {args.steps} steps x {args.batch_size * args.context_len:,} tokens, D={args.dim} "
                          f"L={args.layers}, {torch.get_num_threads()} threads; whole run {elapsed[0] / 60:.1f} min, "
                          f"{elapsed[1] / 60:.1f} min of CPU")
    for column in ("model", "params", "val nats/byte", "vs attention", "TTT off", f"val at {budget:.0f} s",
                   "train tok/s", "ms/step"):
        quality.add_column(column, justify="right")
    reference = runs[-1].final_loss
    for run in runs:
        params = sum(p.numel() for p in run.model.parameters())
        tokens = args.steps * args.batch_size * args.context_len
        off = "-" if math.isnan(run.ttt_off_loss) else f"{run.ttt_off_loss:.4f}"
        quality.add_row(run.name, f"{params:,}", f"{run.final_loss:.4f}", f"{run.final_loss / reference - 1:+.1%}",
                        off, f"{at_time(run, budget):.4f}", f"{tokens / run.seconds:,.0f}",
                        f"{1000 * run.seconds / args.steps:.0f}")
    console.print(quality)
    generation = Table(title=f"Generation after a prompt of C tokens ({args.new_tokens} new, greedy, median)")
    generation.add_column("model", justify="right")
    for context in args.contexts:
        generation.add_column(f"ms/token C={context}", justify="right")
    for context in args.contexts:
        generation.add_column(f"state KiB C={context}", justify="right")
    generation.add_column("model bytes (float32 / packed)", justify="right")
    for run in runs:
        size = f"{run.float_bytes:,}" + (f" / {run.packed_bytes:,}" if run.packed_bytes else "")
        generation.add_row(run.name, *(f"{run.decode[c][0]:.2f}" for c in args.contexts),
                           *(f"{run.decode[c][1] / 1024:,.0f}" for c in args.contexts), size)
    console.print(generation)


def plot(runs: list[Run], args: argparse.Namespace, path: Path) -> None:
    """Four panels: validation by step and by time, loss by position, decode state by context length."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ((steps_ax, time_ax), (pos_ax, mem_ax)) = plt.subplots(2, 2, figsize=(12, 9))
    for run in runs:
        steps, seconds, losses = zip(*run.curve, strict=True)
        steps_ax.plot(steps, losses, label=run.name)
        time_ax.plot(seconds, losses, label=run.name)
        assert run.by_position is not None
        width = 16  # bytes per point: one story sentence is about 50
        smooth = run.by_position[: len(run.by_position) // width * width].reshape(-1, width).mean(1)
        line = pos_ax.plot(np.arange(len(smooth)) * width + width / 2, smooth, label=run.name)[0]
        if run.ttt_off_by_position is not None and run.packable:
            off = run.ttt_off_by_position[: len(smooth) * width].reshape(-1, width).mean(1)
            pos_ax.plot(np.arange(len(off)) * width + width / 2, off, linestyle="--", color=line.get_color(),
                        label=f"{run.name}, TTT off")
        mem_ax.plot(args.contexts, [run.decode[c][1] / 1024 for c in args.contexts], marker="o", label=run.name)
    steps_ax.set(xlabel="optimizer step (same batches for all)", ylabel="validation nats/byte", title="Equal steps")
    time_ax.set(xlabel="seconds of training", ylabel="validation nats/byte", title="Equal time")
    pos_ax.axvline(args.context_len, color="grey", linestyle=":", label="training context")
    pos_ax.set(xlabel="position in the context (bytes)", ylabel="validation nats/byte", title="Loss by position")
    mem_ax.set(xscale="log", yscale="log", xlabel="context length C", ylabel="KiB carried per decoded token",
               title="Decode state: TTT constant, KV cache grows")
    for ax in (steps_ax, time_ax, pos_ax, mem_ax):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(f"bit_ttt vs float baselines (D={args.dim}, L={args.layers}, shipped corpus, byte tokens)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--dim", type=int, default=128)
    parser.add_argument("--layers", type=int, default=4)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--context-len", type=int, default=256)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--eval-every", type=int, default=50)
    parser.add_argument("--eval-windows", type=int, default=24)
    parser.add_argument("--position-context", type=int, default=1024, help="window of the loss-by-position plot")
    parser.add_argument("--new-tokens", type=int, default=16, help="tokens decoded per generation measurement")
    parser.add_argument("--contexts", type=lambda text: tuple(int(c) for c in text.split(",")),
                        default=(256, 1024, 4096), help="prompt lengths of the generation measurements")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--plot", type=Path, default=Path(__file__).resolve().parents[1] / "reports" / "bit_ttt_quality.png")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    started, cpu_started = time.perf_counter(), time.process_time()
    train_args = TrainArgs(lr=args.lr, min_lr=args.lr / 10, warmup_steps=max(args.steps // 10, 1), steps=args.steps,
                           context_len=args.context_len, batch_size=args.batch_size, weight_decay=0.01, grad_clip=1.0)
    data = load_data(None, context_len=max(args.position_context, args.context_len))
    runs = build(args, train_args)
    train_side_by_side(runs, args, train_args, data)
    prompt_source = np.concatenate([data.val, data.train])  # prompts longer than the validation split go on
    for run in runs:
        run.final_loss, _ = evaluate(run.model, data.val, context_len=args.context_len, batch_size=8,
                                     device=torch.device("cpu"))
        run.by_position = loss_by_position(run.model, data.val, args.position_context)
        if isinstance(run.model, BitLlama):
            control = TTTOff(run.model)
            run.ttt_off_loss, _ = evaluate(control, data.val, context_len=args.context_len, batch_size=8,
                                           device=torch.device("cpu"))
            run.ttt_off_by_position = loss_by_position(control, data.val, args.position_context)
        if isinstance(run.model, BitLlama):
            run.model.precompute_for_inference()  # generation uses the cached ternary weights
        for context in args.contexts:
            prompt = torch.from_numpy(prompt_source[:context].astype(np.int64))[None]  # (1, C)
            run.decode[context] = decode_cost(run.model, prompt, args.new_tokens)
        sizes(run)
    elapsed = (time.perf_counter() - started, time.process_time() - cpu_started)
    report(runs, args, elapsed, Console(width=160))
    plot(runs, args, args.plot)
    print(f"plot: {args.plot} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)", file=sys.stderr)


if __name__ == "__main__":
    main()
