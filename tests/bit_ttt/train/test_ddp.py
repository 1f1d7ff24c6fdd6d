"""Two CPU processes under torchrun (gloo) train like one process with the same global batch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ARGS = ["--dim", "16", "--layers", "1", "--context-len", "16", "--batch-size", "8", "--lr", "1e-2",
        "--steps", "6", "--warmup-steps", "1", "--eval-interval", "0", "--save-interval", "3",
        "--log-interval", "1", "--device", "cpu", "--format", "json"]


def _run(prefix: list[str], out: Path) -> dict:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.run([*prefix, "-m", "bit_ttt.train", "--output-dir", str(out), *ARGS],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.mark.slow
def test_two_processes_match_one_with_the_same_global_batch(tmp_path: Path) -> None:
    single = _run([sys.executable], tmp_path / "one")
    ddp = _run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2"], tmp_path / "two")
    assert len(ddp["losses"]) == len(single["losses"]) == 6
    assert ddp["losses"] == pytest.approx(single["losses"], rel=1e-4, abs=1e-5)
    # rank 0 alone wrote the checkpoints, and the run resumes from them like any other
    assert sorted(p.name for p in (tmp_path / "two").glob("checkpoint_step_*.safetensors")) == [
        "checkpoint_step_3.safetensors", "checkpoint_step_6.safetensors"]
    assert json.loads((tmp_path / "two" / "training_state.json").read_text())["step"] == 6
