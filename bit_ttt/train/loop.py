"""The training loop, top to bottom: data, model, optimizer, resume, then steps that log, evaluate and save.

All mutable loop state is one `TrainState`; a checkpoint stores exactly it (plus the config and args),
so N steps + resume + M steps is bitwise the same run as N + M steps.
"""

from __future__ import annotations

import json
import math
import signal
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from bit_ttt.config import BitLlamaConfig
from bit_ttt.model.llama import BitLlama
from bit_ttt.train import distributed
from bit_ttt.train.args import TrainArgs
from bit_ttt.train.checkpoint import BEST_NAME, Checkpoint, resume_checkpoint, save_training_state
from bit_ttt.train.data import WindowSampler, load_data
from bit_ttt.train.errors import CheckpointError, CheckpointWarning, ConfigError, TrainingDiverged
from bit_ttt.train.evaluate import autocast, evaluate, perplexity
from bit_ttt.train.reporting import EvalLog, NullReporter, Reporter, RunInfo, StepLog
from bit_ttt.train.schedule import lr_at

STOP_FILE = "stop_signal"


@dataclass(slots=True)
class TrainState:
    """Everything that changes while training. A checkpoint is exactly this, frozen."""

    model: nn.Module
    optimizer: torch.optim.Optimizer
    sampler: WindowSampler
    step: int = 0  # optimizer steps completed
    loss: float = math.nan  # loss of the last completed step
    best_val_loss: float = math.inf


@dataclass(frozen=True, slots=True)
class TrainResult:
    """What a run did: the per-step losses of this run, the last validation, why it ended."""

    start_step: int
    step: int
    losses: tuple[float, ...]
    validation: EvalLog | None
    stopped: str | None
    checkpoint: Path | None
    config: BitLlamaConfig = field(repr=False)
    rank: int = 0  # only rank 0 reports; other processes of a DDP run return quietly


def model_config(args: TrainArgs, vocab_size: int) -> BitLlamaConfig:
    return BitLlamaConfig(vocab_size=vocab_size, hidden_dim=args.dim, num_layers=args.layers,
                          inner_lr=args.inner_lr, variant=args.variant)


def make_optimizer(model: nn.Module, args: TrainArgs) -> torch.optim.AdamW:
    """AdamW with weight decay on weight matrices only: never on norms, biases or embeddings."""
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        leaf = name.rsplit(".", 1)[-1]
        plain = param.ndim < 2 or "norm" in name or "bias" in leaf or leaf == "b0" or name.startswith("embed")
        (no_decay if plain else decay).append(param)
    groups = [{"params": decay, "weight_decay": args.weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.999), eps=1e-8)


def train(args: TrainArgs, *, reporter: Reporter | None = None, stop_at: int | None = None) -> TrainResult:
    """Train as `args` says, resuming from `--load` or the newest intact checkpoint in `--output-dir`.

    `stop_at` ends this run early at that step (a staged run); the LR schedule still spans `args.steps`.
    """
    dist = distributed.setup(args.device)
    reporter = reporter if reporter is not None and dist.is_main else NullReporter()
    try:
        return _train(args, dist, reporter, stop_at)
    finally:  # also on errors: the progress bar is closed and the process group left
        reporter.finished()
        distributed.teardown(dist)


def _train(args: TrainArgs, dist: distributed.DistInfo, reporter: Reporter, stop_at: int | None) -> TrainResult:
    per_micro, rem = divmod(args.batch_size, dist.world_size * args.grad_accum)
    if rem or per_micro == 0:
        raise ConfigError(f"--batch-size {args.batch_size} must be a multiple of processes x --grad-accum "
                          f"({dist.world_size} x {args.grad_accum})")
    out_dir = Path(args.output_dir)
    saving = not args.benchmark

    # Data and model; a checkpoint's own config wins over the command line's shape options.
    data = load_data(args.data, context_len=args.context_len, val_fraction=args.val_fraction,
                     vocab_size=args.vocab_size)
    ckpt = resume_checkpoint(out_dir, args.load) if saving or args.load else None
    config = model_config(args, data.vocab_size)
    if ckpt is not None and "config" in ckpt.meta:
        saved = BitLlamaConfig.from_dict(ckpt.meta["config"])
        if saved != config:
            warnings.warn(f"resuming {ckpt.path}: using its model config, not the options given", CheckpointWarning,
                          stacklevel=2)
        config = saved
    torch.manual_seed(args.seed)
    model = BitLlama(config).to(dist.device)
    state = TrainState(model=model, optimizer=make_optimizer(model, args),
                       sampler=WindowSampler(data.train, context_len=args.context_len,
                                             batch_size=args.batch_size, seed=args.seed))
    if ckpt is not None:
        restore(state, ckpt)
    start_step = state.step
    end_step = args.steps if stop_at is None else min(stop_at, args.steps)
    net = distributed.wrap(model, dist)
    meta = {"config": config.to_dict(), "args": args.to_dict(), "tokenizer": data.tokenizer}
    if saving and dist.is_main:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "config.json").write_text(json.dumps(config.to_dict(), indent=2) + "\n")

    def save(name: str | None = None) -> Path | None:
        if not (saving and dist.is_main):
            return None
        ckpt = snapshot(state, meta)
        if name == BEST_NAME:  # the best weights are for use, not for resuming: no optimizer state
            ckpt = replace(ckpt, optimizer=None, rng=None)
        path = save_training_state(out_dir, ckpt, name=name)
        reporter.saved(path, state.step)
        return path

    def validate() -> EvalLog:
        loss, _ = evaluate(model, data.val, context_len=args.context_len, batch_size=per_micro,
                           device=dist.device, max_windows=args.eval_windows)
        log = EvalLog(step=state.step, loss=loss, perplexity=perplexity(loss))
        reporter.evaluated(log)
        if loss < state.best_val_loss:
            state.best_val_loss = loss
            save(BEST_NAME)
        return log

    reporter.started(RunInfo(start_step=start_step, steps=end_step, parameters=sum(p.numel() for p in model.parameters()),
                             device=str(dist.device), world_size=dist.world_size, data=data.source,
                             output_dir=None if args.benchmark else str(out_dir)))
    losses: list[float] = []
    last_eval: EvalLog | None = None
    last_saved: Path | None = None
    stopped: str | None = None
    tokens_per_step = args.batch_size * args.context_len
    clock, clock_step = time.perf_counter(), state.step
    model.train()
    with _interrupts() as interrupted:
        while state.step < end_step:
            reason = _stop_reason(interrupted(), out_dir)
            if distributed.any_true(reason is not None, dist):
                stopped = reason or "another process was asked to stop"
                reporter.stopping(stopped)
                break

            # One optimizer step over the global batch: this rank's rows, in --grad-accum micro-batches.
            lr = lr_at(state.step, lr=args.lr, min_lr=args.min_lr, warmup_steps=args.warmup_steps, steps=args.steps)
            for group in state.optimizer.param_groups:
                group["lr"] = lr
            x, y = state.sampler.next_batch()  # (B, T) each, identical on every rank
            rows = args.batch_size // dist.world_size
            x, y = (t[dist.rank * rows : (dist.rank + 1) * rows].to(dist.device) for t in (x, y))
            step_loss = torch.zeros((), device=dist.device)
            for micro in range(args.grad_accum):
                part = slice(micro * per_micro, (micro + 1) * per_micro)
                with _no_sync(net, last=micro == args.grad_accum - 1), autocast(dist.device):
                    logits, _ = net(x[part])  # (b, T, V)
                    loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), y[part].reshape(-1))
                (loss / args.grad_accum).backward()
                step_loss += loss.detach() / args.grad_accum
            step_loss = float(distributed.mean(step_loss, dist))
            if not math.isfinite(step_loss):
                raise TrainingDiverged(
                    f"loss became {step_loss} at step {state.step + 1}; stopped without saving, "
                    f"the last good checkpoint is kept", path=out_dir if saving else None)
            if args.grad_clip > 0:
                nn.utils.clip_grad_norm_(model.parameters(), args.grad_clip)
            state.optimizer.step()
            state.optimizer.zero_grad(set_to_none=True)
            state.step += 1
            state.loss = step_loss
            losses.append(step_loss)

            # Log, validate, save.
            if state.step % args.log_interval == 0 or state.step == end_step:
                now = time.perf_counter()
                speed = (state.step - clock_step) * tokens_per_step / max(now - clock, 1e-9)
                reporter.stepped(StepLog(step=state.step, loss=step_loss, lr=lr, tokens_per_s=speed))
                clock, clock_step = now, state.step
            if args.eval_interval and state.step % args.eval_interval == 0:
                last_eval = validate()
            if state.step % args.save_interval == 0:
                last_saved = save()
    if stopped is None and (last_eval is None or last_eval.step != state.step):
        last_eval = validate()
    already_saved = last_saved is not None and last_saved.name == f"checkpoint_step_{state.step}.safetensors"
    if not already_saved and (state.step > start_step or stopped):
        last_saved = save()
    distributed.barrier(dist)
    return TrainResult(start_step=start_step, step=state.step, losses=tuple(losses), validation=last_eval,
                       stopped=stopped, checkpoint=last_saved, config=config, rank=dist.rank)


def snapshot(state: TrainState, meta: dict) -> Checkpoint:
    """The checkpoint of `state`: the weights, optimizer, RNG, data position and best validation loss."""
    rng = {"torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        rng["cuda"] = torch.cuda.get_rng_state_all()
    return Checkpoint(
        step=state.step, loss=state.loss, weights=dict(state.model.state_dict()),
        optimizer=state.optimizer.state_dict(), rng=rng,
        meta={**meta, "data": state.sampler.state_dict(),
              "best_val_loss": state.best_val_loss if math.isfinite(state.best_val_loss) else None},
    )


def restore(state: TrainState, ckpt: Checkpoint) -> None:
    """Put a checkpoint back into `state`; a weights-only file restarts the schedule at step 0."""
    try:
        state.model.load_state_dict(ckpt.weights)
    except RuntimeError as error:  # missing/unexpected keys or shapes: the file is for another model
        raise CheckpointError(f"weights do not fit this model: {str(error).splitlines()[-1].strip()}",
                              path=ckpt.path) from error
    if ckpt.optimizer is None:
        return
    state.optimizer.load_state_dict(ckpt.optimizer)
    state.step, state.loss = ckpt.step, ckpt.loss
    best = ckpt.meta.get("best_val_loss")
    state.best_val_loss = math.inf if best is None else float(best)
    if "data" in ckpt.meta:
        state.sampler.load_state_dict(ckpt.meta["data"])
    if ckpt.rng is not None:
        torch.set_rng_state(ckpt.rng["torch"])
        if "cuda" in ckpt.rng and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(ckpt.rng["cuda"])


def _stop_reason(interrupted: bool, out_dir: Path) -> str | None:
    if interrupted:
        return "interrupted (Ctrl+C): saving and stopping"
    for candidate in (out_dir / STOP_FILE, Path(STOP_FILE)):
        if candidate.is_file():
            candidate.unlink(missing_ok=True)
            return f"{candidate} found: saving and stopping (the file was removed)"
    return None


@contextmanager
def _no_sync(net: nn.Module, *, last: bool) -> Iterator[None]:
    """Skip DDP's gradient all-reduce on all but the last micro-batch of a step."""
    if last or not isinstance(net, nn.parallel.DistributedDataParallel):
        yield
    else:
        with net.no_sync():
            yield


@contextmanager
def _interrupts() -> Iterator[Callable[[], bool]]:
    """The first Ctrl+C asks the loop to save and stop after the current step; the second one aborts."""
    flag = {"hit": False}

    def handler(signum: int, frame: object) -> None:
        if flag["hit"]:
            raise KeyboardInterrupt
        flag["hit"] = True

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield lambda: flag["hit"]
        return
    try:
        yield lambda: flag["hit"]
    finally:
        signal.signal(signal.SIGINT, previous)
