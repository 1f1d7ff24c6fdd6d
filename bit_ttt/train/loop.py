"""The training loop, top to bottom: data, model, optimizer, resume, then steps that log, evaluate and save.

All mutable loop state is one `TrainState` (see `state.py`), and a checkpoint stores exactly it, so
N steps + resume + M steps is bitwise the same run as N + M steps. What does not change during a
run sits in one frozen `RunSetup`; the helpers below take both and hide nothing else.
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
from bit_ttt.errors import CheckpointWarning, ConfigError, ConfigWarning, TrainingDiverged
from bit_ttt.files import atomic_write
from bit_ttt.model.llama import BitLlama
from bit_ttt.train import distributed
from bit_ttt.train.args import TrainArgs
from bit_ttt.train.checkpoint import (
    BEST_NAME,
    Checkpoint,
    resume_checkpoint,
    save_training_state,
    step_name,
)
from bit_ttt.train.data import TokenData, WindowSampler, load_data
from bit_ttt.train.errors import CheckpointError
from bit_ttt.train.evaluate import autocast, evaluate, perplexity
from bit_ttt.train.reporting import EvalLog, NullReporter, Reporter, RunInfo, StepLog
from bit_ttt.train.schedule import lr_at
from bit_ttt.train.state import TrainState, restore, snapshot

STOP_FILE = "stop_signal"


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


@dataclass(frozen=True, slots=True)
class RunSetup:
    """What stays fixed during one run: the options, where it runs, its data, and where it saves."""

    args: TrainArgs
    dist: distributed.DistInfo
    data: TokenData
    reporter: Reporter
    out_dir: Path
    saving: bool  # this process writes checkpoints (the main one, outside --benchmark)
    micro_batch: int  # rows per forward pass on this process
    end_step: int
    meta: dict  # config, args, tokenizer: saved in every checkpoint


def model_config(args: TrainArgs, vocab_size: int) -> BitLlamaConfig:
    return args.model_config(vocab_size)


def weight_decay_applies(name: str, param: nn.Parameter) -> bool:
    """Decay weight matrices only: never norms, biases, embeddings, or TTT's initial inner bias `b0`."""
    leaf = name.rsplit(".", 1)[-1]
    plain = param.ndim < 2 or "norm" in name or "bias" in leaf or leaf == "b0" or name.startswith("embed")
    return not plain


def make_optimizer(model: nn.Module, args: TrainArgs) -> torch.optim.AdamW:
    """AdamW with two named groups: `decay` (weight matrices) and `no_decay` (everything else)."""
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        (decay if weight_decay_applies(name, param) else no_decay).append(param)
    groups = [{"name": "decay", "params": decay, "weight_decay": args.weight_decay},
              {"name": "no_decay", "params": no_decay, "weight_decay": 0.0}]
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
    for advice in args.advice():
        warnings.warn(advice, ConfigWarning, stacklevel=3)
    per_micro, rem = divmod(args.batch_size, dist.world_size * args.grad_accum)
    if rem or per_micro == 0:
        raise ConfigError(f"--batch-size {args.batch_size} must be a multiple of processes x --grad-accum "
                          f"({dist.world_size} x {args.grad_accum})")
    out_dir = Path(args.output_dir)

    # Data, model, optimizer; then the checkpoint's state. A checkpoint's own config wins over the options.
    data = load_data(args.data, context_len=args.context_len, val_fraction=args.val_fraction,
                     vocab_size=args.given_model().get("vocab_size"))
    ckpt = resume_checkpoint(out_dir, args.load) if not args.benchmark or args.load else None
    config = _config_to_train(args, data.vocab_size, ckpt)
    torch.manual_seed(args.seed)
    model = BitLlama(config).to(dist.device)
    sampler = WindowSampler(data.train, context_len=args.context_len, batch_size=args.batch_size, seed=args.seed)
    state = TrainState(model=model, optimizer=make_optimizer(model, args), sampler=sampler)
    if ckpt is not None:
        restore(state, ckpt)
    run = RunSetup(args=args, dist=dist, data=data, reporter=reporter, out_dir=out_dir,
                   saving=not args.benchmark and dist.is_main, micro_batch=per_micro,
                   end_step=args.steps if stop_at is None else min(stop_at, args.steps),
                   meta={"config": config.to_dict(), "args": args.to_dict(), "tokenizer": data.tokenizer})
    start_step, first_new_loss = state.step, len(state.losses)
    net = distributed.wrap(model, dist)
    if run.saving:
        out_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(out_dir / "config.json", (json.dumps(config.to_dict(), indent=2) + "\n").encode())
    reporter.started(RunInfo(start_step=start_step, steps=run.end_step, parameters=sum(p.numel() for p in model.parameters()),
                             device=str(dist.device), world_size=dist.world_size, data=data.source,
                             output_dir=None if args.benchmark else str(out_dir), model=_describe(args, config)))

    # Steps: each trains on one global batch, then logs, validates and saves as the intervals say.
    stopped: str | None = None  # why the loop ended early: set once, by the stop request that ends it
    model.train()
    with _interrupts() as interrupted:
        while state.step < run.end_step:
            if (stopped := _stop_reason(interrupted(), out_dir, dist)) is not None:
                reporter.stopping(stopped)
                break
            lr = lr_at(state.step, lr=args.lr, min_lr=args.min_lr, warmup_steps=args.warmup_steps, steps=args.steps)
            started = time.perf_counter()
            loss = optimizer_step(net, state, lr, run)
            state.step += 1
            state.loss = loss
            state.losses.append(loss)
            state.step_seconds.append(time.perf_counter() - started)
            if state.step % args.log_interval == 0 or state.step == run.end_step:
                reporter.stepped(step_log(state, lr, run))
            if args.eval_interval and state.step % args.eval_interval == 0:
                validate(state, run)
            if state.step % args.save_interval == 0:
                save(state, run)

    # The end: validate and save this step unless that is done (a run resumed past its --steps does neither).
    if stopped is None and (state.last_eval is None or state.last_eval.step != state.step):
        validate(state, run)
    if state.saved_step != state.step and (state.step > start_step or stopped):
        save(state, run)
    distributed.barrier(dist)
    saved = state.saved_step is not None and not args.benchmark
    return TrainResult(start_step=start_step, step=state.step, losses=tuple(state.losses[first_new_loss:]),
                       validation=state.last_eval, stopped=stopped, config=config, rank=dist.rank,
                       checkpoint=out_dir / f"{step_name(state.saved_step)}.safetensors" if saved else None)


def optimizer_step(net: nn.Module, state: TrainState, lr: float, run: RunSetup) -> float:
    """One optimizer step over the global batch: this rank's rows, in --grad-accum micro-batches."""
    args, dist = run.args, run.dist
    for group in state.optimizer.param_groups:
        group["lr"] = lr
    x, y = state.sampler.next_batch()  # (B, T) each, identical on every rank
    rows = args.batch_size // dist.world_size
    x, y = (t[dist.rank * rows : (dist.rank + 1) * rows].to(dist.device) for t in (x, y))
    step_loss = torch.zeros((), device=dist.device)
    for micro in range(args.grad_accum):
        part = slice(micro * run.micro_batch, (micro + 1) * run.micro_batch)
        with _no_sync(net, last=micro == args.grad_accum - 1), autocast(dist.device):
            logits, _ = net(x[part])  # (b, T, V)
            loss = F.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), y[part].reshape(-1))
        (loss / args.grad_accum).backward()
        step_loss += loss.detach() / args.grad_accum
    value = float(distributed.mean(step_loss, dist))
    if not math.isfinite(value):
        raise TrainingDiverged(f"loss became {value} at step {state.step + 1}; stopped without saving, "
                               f"the last good checkpoint is kept", path=run.out_dir if run.saving else None)
    if args.grad_clip > 0:
        nn.utils.clip_grad_norm_(state.model.parameters(), args.grad_clip)
    state.optimizer.step()
    state.optimizer.zero_grad(set_to_none=True)
    return value


def step_log(state: TrainState, lr: float, run: RunSetup) -> StepLog:
    """Speed over the last --log-interval steps' own time (evaluation and saving excluded), and the ETA."""
    recent = state.step_seconds[-run.args.log_interval :]
    seconds = max(sum(recent), 1e-9) / len(recent)
    return StepLog(step=state.step, loss=state.loss, lr=lr, tokens_per_s=run.args.batch_size * run.args.context_len
                   / seconds, ms_per_step=1000 * seconds, eta_s=seconds * (run.end_step - state.step))


def validate(state: TrainState, run: RunSetup) -> None:
    """Validation loss now; a new best is saved as `model_best` (weights only: it is for use, not resuming)."""
    args = run.args
    loss, _ = evaluate(state.model, run.data.val, context_len=args.context_len, batch_size=run.micro_batch,
                       device=run.dist.device, max_windows=args.eval_windows)
    state.last_eval = EvalLog(step=state.step, loss=loss, perplexity=perplexity(loss))
    run.reporter.evaluated(state.last_eval)
    if loss < state.best_val_loss:
        state.best_val_loss = loss
        if run.saving:
            best = replace(snapshot(state, run.meta), optimizer=None, rng=None, history=None)
            run.reporter.saved(save_training_state(run.out_dir, best, name=BEST_NAME), state.step)


def save(state: TrainState, run: RunSetup) -> None:
    """A checkpoint of this step (the main process only); every process notes it as saved."""
    if run.saving:
        run.reporter.saved(save_training_state(run.out_dir, snapshot(state, run.meta)), state.step)
    state.saved_step = state.step


def _config_to_train(args: TrainArgs, vocab_size: int, ckpt: Checkpoint | None) -> BitLlamaConfig:
    config = args.model_config(vocab_size)
    if ckpt is None or "config" not in ckpt.meta:
        return config
    try:
        saved = BitLlamaConfig.from_dict(ckpt.meta["config"])
    except (TypeError, ValueError) as error:
        raise CheckpointError(f"invalid model config in the record: {error}", path=ckpt.path) from error
    if saved != config:
        warnings.warn(f"resuming {ckpt.path}: using its model config, not the options given", CheckpointWarning,
                      stacklevel=3)
    return saved


def _describe(args: TrainArgs, config: BitLlamaConfig) -> str:
    given = "".join(f", {k}={v}" for k, v in sorted(args.given_model().items()) if k != "vocab_size")
    return f"preset {args.preset}{given}: D={config.hidden_dim} L={config.num_layers}, {config.variant}"


def _stop_reason(interrupted: bool, out_dir: Path, dist: distributed.DistInfo) -> str | None:
    """Ctrl+C or a `stop_signal` file (in --output-dir or the working directory), seen by any process."""
    reason = None
    if interrupted:
        reason = "interrupted (Ctrl+C): saving and stopping"
    for candidate in (out_dir / STOP_FILE, Path(STOP_FILE)):
        if reason is None and candidate.is_file():
            candidate.unlink(missing_ok=True)
            reason = f"{candidate} found: saving and stopping (the file was removed)"
    if distributed.any_true(reason is not None, dist):
        return reason or "another process was asked to stop"
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
    """The first Ctrl+C asks the loop to save and stop after the current step; the second one aborts.

    The handler that was there before comes back afterwards, whatever it was. Where SIGINT is ignored
    (`nohup`, a background job) it stays ignored: Ctrl+C was asked not to stop this process.
    """
    hits = []

    def handler(signum: int, frame: object) -> None:
        if hits:
            raise KeyboardInterrupt
        hits.append(signum)

    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.SIG_IGN:
        yield lambda: False
        return
    try:
        signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield lambda: False
        return
    try:
        yield lambda: bool(hits)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
