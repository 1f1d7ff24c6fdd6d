"""The loop: exact resume, accumulation, stop requests, NaN handling, optimizer groups, benchmark mode."""

from __future__ import annotations

import math
import os
import signal
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import safetensors.torch
import torch
from train_tiny import tiny_args

from bit_ttt.train import loop
from bit_ttt.train.checkpoint import STATE_FILE, load_start_step
from bit_ttt.train.errors import CheckpointWarning, TrainingDiverged
from bit_ttt.train.loop import make_optimizer, train
from bit_ttt.train.reporting import NullReporter, StepLog


def _weights(path: Path) -> dict[str, torch.Tensor]:
    return safetensors.torch.load_file(str(path))


def test_n_steps_resume_m_steps_equals_one_run(tmp_path: Path) -> None:
    whole = train(tiny_args(tmp_path / "whole", save_interval=100))
    first = train(tiny_args(tmp_path / "split", save_interval=100), stop_at=5)
    assert first.step == 5 and load_start_step(tmp_path / "split") == 5
    second = train(tiny_args(tmp_path / "split", save_interval=100))
    assert second.start_step == 5 and second.step == 12
    assert first.losses + second.losses == whole.losses  # exactly, not approximately
    a, b = _weights(whole.checkpoint), _weights(second.checkpoint)
    assert a.keys() == b.keys()
    assert all(torch.equal(a[k], b[k]) for k in a)


def test_grad_accumulation_matches_one_big_batch(tmp_path: Path) -> None:
    one = train(tiny_args(tmp_path / "a", steps=4, benchmark=True))
    two = train(tiny_args(tmp_path / "b", steps=4, benchmark=True, grad_accum=2))
    assert one.losses == pytest.approx(two.losses, rel=1e-4)
    assert not (tmp_path / "a").exists()  # --benchmark writes nothing


def test_loss_decreases(tmp_path: Path) -> None:
    result = train(tiny_args(tmp_path, steps=40, benchmark=True))
    assert sum(result.losses[-5:]) / 5 < sum(result.losses[1:6]) / 5 - 0.5


class _StopAt(NullReporter):
    def __init__(self, step: int, action) -> None:
        self.step, self.action = step, action

    def stepped(self, log: StepLog) -> None:
        if log.step == self.step:
            self.action()


def test_stop_signal_file_saves_and_stops(tmp_path: Path) -> None:
    stop = tmp_path / "stop_signal"
    result = train(tiny_args(tmp_path), reporter=_StopAt(3, stop.touch))
    assert result.step == 3 and result.stopped and "stop_signal" in result.stopped
    assert load_start_step(tmp_path) == 3
    assert not stop.exists()


@pytest.fixture
def sigint_handler() -> Iterator[Callable[..., None]]:
    """A handler of our own installed for the test (the one a nohup'ed or background pytest starts with is SIG_IGN)."""

    def ours(signum: int, frame: object) -> None:
        raise AssertionError("the training loop should have caught this SIGINT")

    before = signal.signal(signal.SIGINT, ours)
    yield ours
    signal.signal(signal.SIGINT, before)


def test_ctrl_c_saves_stops_and_gives_the_previous_handler_back(tmp_path: Path, sigint_handler) -> None:
    result = train(tiny_args(tmp_path), reporter=_StopAt(6, lambda: os.kill(os.getpid(), signal.SIGINT)))
    assert result.step == 6 and "Ctrl+C" in result.stopped
    assert load_start_step(tmp_path) == 6
    assert signal.getsignal(signal.SIGINT) is sigint_handler


def test_ignored_sigint_stays_ignored(tmp_path: Path) -> None:
    """Under nohup or in a background job SIGINT is ignored: training neither stops on it nor un-ignores it."""
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        result = train(tiny_args(tmp_path), reporter=_StopAt(6, lambda: os.kill(os.getpid(), signal.SIGINT)))
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)
    assert result.step == 12 and result.stopped is None


def test_nan_loss_stops_and_keeps_last_good_checkpoint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real = torch.nn.functional

    def cross_entropy(*args, **kwargs):
        calls["n"] += 1
        loss = real.cross_entropy(*args, **kwargs)
        return loss * math.nan if calls["n"] == 6 else loss

    monkeypatch.setattr(loop, "F", types.SimpleNamespace(cross_entropy=cross_entropy))
    with pytest.raises(TrainingDiverged, match="step 6") as info:
        train(tiny_args(tmp_path, eval_interval=0))
    assert info.value.exit_code == 1
    assert load_start_step(tmp_path) == 4
    assert '"step": 4' in (tmp_path / STATE_FILE).read_text()


def test_resume_skips_a_corrupt_newest_checkpoint(tmp_path: Path) -> None:
    train(tiny_args(tmp_path), stop_at=8)
    newest = tmp_path / "checkpoint_step_8.safetensors"
    newest.write_bytes(newest.read_bytes()[:100])
    with pytest.warns(CheckpointWarning, match="checkpoint_step_8.safetensors"):
        result = train(tiny_args(tmp_path))
    assert result.start_step == 4 and result.step == 12


NOT_DECAYED = {
    "reference": {"embed.weight", "norm_f.weight", "layers.0.norm1.weight", "layers.0.norm2.weight",
                  "layers.0.ttt.b0", "layers.0.ttt.lr_proj.bias", "layers.0.ttt.ttt_norm_weight",
                  "layers.0.ttt.ttt_norm_bias", "layers.0.ttt.post_norm.weight", "layers.0.ttt.post_norm.bias",
                  "layers.0.conv.norm.weight", "layers.0.conv.bias"},
    "cortex": {"embed.weight", "norm_f.weight", "layers.0.norm1.weight", "layers.0.norm2.weight"},
}
DECAYED = {
    "reference": {"lm_head.weight", "layers.0.ttt.W0", "layers.0.ttt.lr_proj.weight", "layers.0.conv.weight",
                  *(f"layers.0.ttt.{p}_proj.weight" for p in "qkvo"),
                  *(f"layers.0.mlp.{p}_proj.weight" for p in ("gate", "up", "down"))},
    "cortex": {"lm_head.weight", "layers.0.ttt.down.weight", "layers.0.ttt.up.weight",
               *(f"layers.0.mlp.{p}_proj.weight" for p in ("gate", "up", "down"))},
}


@pytest.mark.parametrize("variant", sorted(NOT_DECAYED))
def test_weight_decay_groups_hold_exactly_the_weight_matrices(tmp_path: Path, variant: str) -> None:
    from bit_ttt import BitLlama

    args = tiny_args(tmp_path, model={"variant": variant})
    model = BitLlama(loop.model_config(args, 256))
    groups = {group["name"]: group for group in make_optimizer(model, args).param_groups}
    names = {id(p): n for n, p in model.named_parameters()}
    assert {names[id(p)] for p in groups["no_decay"]["params"]} == NOT_DECAYED[variant]
    assert {names[id(p)] for p in groups["decay"]["params"]} == DECAYED[variant]
    assert groups["no_decay"]["weight_decay"] == 0.0 and groups["decay"]["weight_decay"] == args.weight_decay > 0


def test_best_model_and_validation(tmp_path: Path) -> None:
    result = train(tiny_args(tmp_path))
    assert result.validation is not None and result.validation.step == 12
    assert result.validation.perplexity == pytest.approx(math.exp(result.validation.loss))
    assert (tmp_path / "model_best.safetensors").is_file()
    assert not (tmp_path / "model_best.optim.pt").exists()
    kept = sorted(p.name for p in tmp_path.glob("checkpoint_step_*.safetensors"))
    assert kept == ["checkpoint_step_12.safetensors", "checkpoint_step_4.safetensors", "checkpoint_step_8.safetensors"]


def test_load_weights_only_file_starts_a_new_schedule_from_those_weights(tmp_path: Path) -> None:
    from bit_ttt.train.checkpoint import CheckpointError

    base = train(tiny_args(tmp_path / "base", steps=20, eval_interval=0))
    plain = tmp_path / "weights.safetensors"
    safetensors.torch.save_file(_weights(base.checkpoint), str(plain))
    warm = train(tiny_args(tmp_path / "warm", steps=2, warmup_steps=0, load=str(plain), eval_interval=0))
    cold = train(tiny_args(tmp_path / "cold", steps=2, warmup_steps=0, eval_interval=0))
    assert warm.start_step == 0 and warm.step == 2
    assert warm.losses[0] < cold.losses[0] - 1.0
    with pytest.raises(CheckpointError, match="do not fit") as info:
        train(tiny_args(tmp_path / "wrong", model={"hidden_dim": 16}, load=str(plain)))
    assert str(plain) in info.value.one_line()
