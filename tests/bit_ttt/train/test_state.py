"""TrainState is all the loop's mutable state, and a checkpoint is exactly it: round trip, RNG, resuming past the end."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
import torch
from train_tiny import tiny_args

from bit_ttt import BitLlama
from bit_ttt.train import loop
from bit_ttt.train.checkpoint import BEST_NAME, load_checkpoint, save_training_state
from bit_ttt.train.data import WindowSampler, load_data
from bit_ttt.train.errors import ConfigWarning
from bit_ttt.train.loop import make_optimizer, train
from bit_ttt.train.reporting import EvalLog, NullReporter, StepLog
from bit_ttt.train.state import TrainState, restore, snapshot


def _fresh_state(tmp_path: Path) -> TrainState:
    args = tiny_args(tmp_path)
    torch.manual_seed(0)
    model = BitLlama(args.model_config(256))
    data = load_data(None, context_len=args.context_len)
    sampler = WindowSampler(data.train, context_len=args.context_len, batch_size=args.batch_size, seed=args.seed)
    return TrainState(model=model, optimizer=make_optimizer(model, args), sampler=sampler)


def test_every_field_survives_a_checkpoint(tmp_path: Path) -> None:
    """A field added to TrainState without a place in the checkpoint fails here."""
    state = _fresh_state(tmp_path)
    state.model(torch.randint(0, 256, (2, 8)))[0].sum().backward()
    state.optimizer.step()
    state.sampler.next_batch()
    values = {"step": 7, "loss": 1.25, "best_val_loss": 1.5, "losses": [3.0, 2.5, 2.0], "step_seconds": [0.1, 0.2],
              "last_eval": EvalLog(step=6, loss=1.5, perplexity=math.exp(1.5)), "saved_step": 7}
    plain = {f.name for f in dataclasses.fields(TrainState)} - {"model", "optimizer", "sampler"}
    assert set(values) == plain
    for name, value in values.items():
        setattr(state, name, value)
    path = save_training_state(tmp_path, snapshot(state, {"config": {}}))

    again = _fresh_state(tmp_path / "other")
    restore(again, load_checkpoint(path))
    for name, value in values.items():
        assert getattr(again, name) == value, name
    assert again.sampler.state_dict() == state.sampler.state_dict()
    assert again.optimizer.state_dict()["state"][0]["step"] == state.optimizer.state_dict()["state"][0]["step"]
    assert all(torch.equal(a, b) for a, b in zip(again.model.state_dict().values(), state.model.state_dict().values(),
                                                 strict=True))


class _NoisyLlama(BitLlama):
    """Draws from the global torch RNG in every training forward, as dropout would."""

    def forward(self, *args: object, **kwargs: object):  # type: ignore[override]
        logits, states = super().forward(*args, **kwargs)
        if self.training:
            logits = logits + 0.5 * torch.randn_like(logits)
        return logits, states


def test_resume_restores_the_global_rng(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Split and whole runs agree only if the RNG the model draws from after the restore is the saved one."""
    monkeypatch.setattr(loop, "BitLlama", _NoisyLlama)
    whole = train(tiny_args(tmp_path / "whole", eval_interval=0))
    first = train(tiny_args(tmp_path / "split", eval_interval=0), stop_at=5)
    torch.manual_seed(12345)  # whatever this process did in between must not matter
    second = train(tiny_args(tmp_path / "split", eval_interval=0))
    assert first.losses + second.losses == whole.losses


def test_a_run_resumed_past_its_steps_changes_nothing(tmp_path: Path) -> None:
    """`--steps 8` on a run at step 12: no evaluation, no checkpoint, `model_best` untouched."""
    done = train(tiny_args(tmp_path))
    best = tmp_path / f"{BEST_NAME}.safetensors"
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    evaluated: list[EvalLog] = []

    class Record(NullReporter):
        def evaluated(self, log: EvalLog) -> None:
            evaluated.append(log)

    again = train(tiny_args(tmp_path, steps=8, warmup_steps=1), reporter=Record())
    assert (again.start_step, again.step, again.losses) == (12, 12, ())
    assert again.checkpoint == done.checkpoint == tmp_path / "checkpoint_step_12.safetensors"
    assert evaluated == [] and again.validation == done.validation
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before and best.is_file()


def test_logs_carry_ms_per_step_and_eta(tmp_path: Path) -> None:
    logs: list[StepLog] = []

    class Record(NullReporter):
        def stepped(self, log: StepLog) -> None:
            logs.append(log)

    train(tiny_args(tmp_path, benchmark=True, log_interval=4), reporter=Record())
    assert [log.step for log in logs] == [4, 8, 12]
    assert all(log.ms_per_step > 0 and log.tokens_per_s > 0 for log in logs)
    assert logs[0].eta_s == pytest.approx(8 * logs[0].ms_per_step / 1000) and logs[-1].eta_s == 0


def test_warmup_longer_than_the_run_warns(tmp_path: Path) -> None:
    with pytest.warns(ConfigWarning, match="--warmup-steps 100 is not below --steps 12"):
        train(tiny_args(tmp_path, warmup_steps=100, benchmark=True))
