"""A run SIGKILLed at any instant of a save resumes from an intact checkpoint and ends bitwise identical."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import safetensors.torch
import torch
from train_tiny import tiny_args

from bit_ttt.train.checkpoint import STATE_FILE
from bit_ttt.train.loop import train

WORKER = Path(__file__).with_name("_crash_worker.py")


@pytest.fixture(scope="module")
def whole_run(tmp_path_factory: pytest.TempPathFactory):
    torch.set_num_threads(1)  # as the worker: the thread count changes float reduction order
    return train(tiny_args(tmp_path_factory.mktemp("whole"), eval_interval=0))


# The run's config.json is rename 1; saves at steps 4 and 8 each rename 4 files: weights, optimizer,
# record, training_state.json. Renames 6..9 belong to the step-8 save; pausing before rename k kills
# the process between two of them.
@pytest.mark.parametrize(
    "pause_at", [6, pytest.param(7, marks=pytest.mark.slow), pytest.param(8, marks=pytest.mark.slow), 9]
)
def test_sigkill_mid_save_then_resume_is_exact(tmp_path: Path, whole_run, pause_at: int) -> None:
    args = tiny_args(tmp_path / "run", eval_interval=0)
    marker = tmp_path / "pausing"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path.cwd()), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, str(WORKER), json.dumps(args.to_dict()), str(pause_at), str(marker)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "worker never reached the save"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    out = Path(args.output_dir)
    assert "checkpoint_step_8" in marker.read_text() or STATE_FILE in marker.read_text()
    assert json.loads((out / STATE_FILE).read_text())["step"] == 4  # the step-8 save never completed

    resumed = train(args)
    assert resumed.start_step == 4
    assert resumed.losses == whole_run.losses[4:]
    mine = safetensors.torch.load_file(str(resumed.checkpoint))
    theirs = safetensors.torch.load_file(str(whole_run.checkpoint))
    assert all(torch.equal(mine[k], theirs[k]) for k in theirs)
    assert not list(out.glob(".*.tmp"))
