"""Checkpoints with a small stand-in module: round trip, rotation, corruption, refusal of code, priorities."""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path

import pytest
import safetensors.torch
import torch
from torch import nn

from bit_ttt.train.checkpoint import (
    BEST_NAME,
    STATE_FILE,
    Checkpoint,
    candidates,
    find_checkpoint_path,
    load_checkpoint,
    load_start_step,
    resume_checkpoint,
    save_training_state,
)
from bit_ttt.train.errors import CheckpointError, CheckpointWarning


def _trained(seed: int = 0, steps: int = 3) -> tuple[nn.Module, torch.optim.Optimizer]:
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Embedding(11, 6), nn.LayerNorm(6), nn.Linear(6, 11))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    for _ in range(steps):
        ids = torch.randint(0, 11, (4,))
        loss = nn.functional.cross_entropy(model(ids), ids)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model, opt


def _ckpt(step: int, model: nn.Module, opt: torch.optim.Optimizer, **meta: object) -> Checkpoint:
    return Checkpoint(step=step, loss=1.5 + step, weights=dict(model.state_dict()), optimizer=opt.state_dict(),
                      rng={"torch": torch.get_rng_state()}, meta={"config": {"dim": 6}, **meta})


def _save_steps(out: Path, steps: list[int]) -> tuple[nn.Module, torch.optim.Optimizer]:
    model, opt = _trained()
    for step in steps:
        with torch.no_grad():
            model[2].bias.fill_(float(step))
        save_training_state(out, _ckpt(step, model, opt))
    return model, opt


def test_round_trip_restores_weights_optimizer_rng_and_meta(tmp_path: Path) -> None:
    model, opt = _trained()
    rng_at_save = torch.get_rng_state()
    path = save_training_state(tmp_path, _ckpt(7, model, opt, data={"position": 7}))
    assert path == tmp_path / "checkpoint_step_7.safetensors"
    loaded = load_checkpoint(path)
    assert loaded.step == 7 and loaded.loss == 8.5 and loaded.meta["data"] == {"position": 7}
    for key, value in model.state_dict().items():
        assert torch.equal(loaded.weights[key], value)
    restored_model, restored_opt = _trained(seed=1, steps=1)
    restored_model.load_state_dict(loaded.weights)
    restored_opt.load_state_dict(loaded.optimizer)
    for group, state in zip(opt.state.values(), restored_opt.state.values(), strict=False):
        assert torch.equal(group["exp_avg_sq"], state["exp_avg_sq"])
    assert torch.equal(loaded.rng["torch"], rng_at_save)
    record = json.loads((tmp_path / STATE_FILE).read_text())
    assert record["checkpoint"] == "checkpoint_step_7.safetensors" and record["step"] == 7
    assert set(record) >= {"step", "loss", "date", "checkpoint"}
    assert not list(tmp_path.glob(".*tmp"))


def test_keeps_last_three_and_best(tmp_path: Path) -> None:
    model, opt = _save_steps(tmp_path, [100, 200])
    save_training_state(tmp_path, _ckpt(150, model, opt), name=BEST_NAME)
    for step in (300, 400, 500):
        save_training_state(tmp_path, _ckpt(step, model, opt))
    names = sorted(p.name for p in tmp_path.iterdir())
    for step in (300, 400, 500):
        assert {f"checkpoint_step_{step}.{s}" for s in ("json", "safetensors", "optim.pt")} <= set(names)
    assert not [n for n in names if n.startswith(("checkpoint_step_100.", "checkpoint_step_200."))]
    assert "model_best.safetensors" in names and "model_best.json" in names
    assert json.loads((tmp_path / STATE_FILE).read_text())["step"] == 500
    assert load_checkpoint(tmp_path / "model_best.json").step == 150


def _flip_byte(path: Path, offset: int = -20) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage",
    ["flip_weights", "truncate_weights", "truncate_optimizer", "delete_optimizer", "garbage_record"],
)
def test_damaged_newest_is_named_and_resume_falls_back(tmp_path: Path, damage: str) -> None:
    _save_steps(tmp_path, [10, 20])
    weights, optim, record = (tmp_path / f"checkpoint_step_20.{s}" for s in ("safetensors", "optim.pt", "json"))
    victim = {"flip_weights": weights, "truncate_weights": weights, "truncate_optimizer": optim,
              "delete_optimizer": optim, "garbage_record": record}[damage]
    if damage == "flip_weights":
        _flip_byte(weights)
    elif damage.startswith("truncate"):
        victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 2])
    elif damage == "delete_optimizer":
        victim.unlink()
    else:
        victim.write_text('{"step": 20, "checkp')
    with pytest.raises(CheckpointError) as info:
        load_checkpoint(record)
    assert str(victim) in info.value.one_line()
    with pytest.warns(CheckpointWarning, match="checkpoint_step_20"):
        resumed = resume_checkpoint(tmp_path)
    assert resumed is not None and resumed.step == 10
    assert float(resumed.weights["2.bias"][0]) == 10.0


def test_all_broken_is_an_error_not_a_fresh_start(tmp_path: Path) -> None:
    _save_steps(tmp_path, [1])
    _flip_byte(tmp_path / "checkpoint_step_1.safetensors")
    with pytest.warns(CheckpointWarning), pytest.raises(CheckpointError, match="no intact checkpoint"):
        resume_checkpoint(tmp_path)


def test_corrupt_state_file_warns_and_scans(tmp_path: Path) -> None:
    _save_steps(tmp_path, [5, 6])
    (tmp_path / STATE_FILE).write_text("not json")
    with pytest.warns(CheckpointWarning, match=STATE_FILE):
        assert load_start_step(tmp_path) == 6


class _RunsCode:
    """Unpickling this would create a file: the proof that a checkpoint ran code."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_pickled_code_is_refused(tmp_path: Path) -> None:
    _save_steps(tmp_path, [3])
    marker = tmp_path / "pwned"
    optim = tmp_path / "checkpoint_step_3.optim.pt"
    buffer = io.BytesIO()
    torch.save({"optimizer": _RunsCode(str(marker)), "rng": None}, buffer)
    optim.write_bytes(buffer.getvalue())
    record_path = tmp_path / "checkpoint_step_3.json"
    record = json.loads(record_path.read_text())
    record["sha256"][optim.name] = hashlib.sha256(buffer.getvalue()).hexdigest()
    record_path.write_text(json.dumps(record))
    with pytest.raises(CheckpointError, match="refused") as info:
        load_checkpoint(record_path)
    assert str(optim) in info.value.one_line()
    assert not marker.exists()


def test_find_checkpoint_path_priorities(tmp_path: Path) -> None:
    assert find_checkpoint_path(tmp_path) is None
    assert load_start_step(tmp_path) == 0
    _save_steps(tmp_path, [1, 2, 3])
    assert find_checkpoint_path(tmp_path) == tmp_path / "checkpoint_step_3.safetensors"
    assert load_start_step(tmp_path) == 3
    explicit = tmp_path / "checkpoint_step_1.safetensors"
    assert find_checkpoint_path(tmp_path, load=explicit) == explicit
    other = tmp_path / "other"
    _save_steps(other, [9])
    assert find_checkpoint_path(tmp_path, load=other) == other / "checkpoint_step_9.safetensors"
    with pytest.raises(CheckpointError, match="--load"):
        find_checkpoint_path(tmp_path, load=tmp_path / "missing.safetensors")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CheckpointError, match="--load"):
        find_checkpoint_path(tmp_path, load=tmp_path / "empty")
    (tmp_path / "checkpoint_step_3.optim.pt").unlink()  # incomplete: skipped without reading contents
    assert find_checkpoint_path(tmp_path) == tmp_path / "checkpoint_step_2.safetensors"


def test_state_file_names_the_preferred_checkpoint(tmp_path: Path) -> None:
    _save_steps(tmp_path, [4, 8])
    state = json.loads((tmp_path / "checkpoint_step_4.json").read_text())
    (tmp_path / STATE_FILE).write_text(json.dumps(state))
    assert candidates(tmp_path)[0] == tmp_path / "checkpoint_step_4.json"


def test_weights_only_file_loads_as_step_zero(tmp_path: Path) -> None:
    model, _ = _trained()
    path = tmp_path / "plain.safetensors"
    safetensors.torch.save_file({k: v.contiguous() for k, v in model.state_dict().items()}, path)
    loaded = load_checkpoint(path)
    assert loaded.step == 0 and loaded.optimizer is None
    assert torch.equal(loaded.weights["0.weight"], model[0].weight)
