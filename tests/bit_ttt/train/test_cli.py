"""The `bit-ttt` shell: one-line errors naming the option, export, generate controls, the module entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from train_tiny import tiny_args

from bit_ttt.train.cli import main
from bit_ttt.train.errors import CheckpointWarning
from bit_ttt.train.inference import load_model
from bit_ttt.train.loop import train


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    train(tiny_args(out, steps=8))
    return out


@pytest.mark.parametrize(
    ("argv", "option"),
    [(["--lr", "-1"], "--lr"), (["--steps", "abc"], "--steps"), (["--device", "tpu"], "--device"),
     (["--batch-size", "6", "--grad-accum", "4"], "--batch-size"), (["--data", "/no/such/file.txt"], "--data")],
)
def test_bad_train_options_give_one_line_naming_the_option(tmp_path: Path, argv: list[str], option: str) -> None:
    result = CliRunner().invoke(main, ["train", "--output-dir", str(tmp_path / "x"), *argv])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and option in lines[0], result.stderr
    assert not (tmp_path / "x").exists()


def test_missing_checkpoint_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "--checkpoint", str(tmp_path / "nothing.safetensors")])
    assert result.exit_code == 2 and "nothing.safetensors" in result.stderr and len(result.stderr.splitlines()) == 1


def test_export_packed_scores_like_the_checkpoint(run_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    packed, plain = tmp_path / "model.packed.safetensors", tmp_path / "float" / "model.safetensors"
    for argv in (["--output", str(packed), "--packed"], ["--output", str(plain)]):
        result = runner.invoke(main, ["export", "--checkpoint", str(run_dir), *argv, "--format", "json"])
        assert result.exit_code == 0, result.output + result.stderr
    assert packed.stat().st_size < plain.stat().st_size
    losses = []
    for source in (run_dir, packed, plain):
        result = runner.invoke(main, ["eval", "--checkpoint", str(source), "--max-windows", "8", "--context-len", "32",
                                     "--format", "json"])
        assert result.exit_code == 0, result.output + result.stderr
        losses.append(json.loads(result.stdout)["loss"])
    assert losses[1] == pytest.approx(losses[0], abs=1e-3)
    assert losses[2] == pytest.approx(losses[0], abs=1e-6)


def test_generate_is_repeatable_under_a_seed_and_streams(run_dir: Path) -> None:
    runner = CliRunner()
    argv = ["generate", "--checkpoint", str(run_dir), "--prompt", "Tom", "--max-new-tokens", "30", "--seed", "5"]
    a, b = runner.invoke(main, argv), runner.invoke(main, argv)
    assert a.exit_code == 0 and a.stdout == b.stdout and a.stdout.startswith("Tom")
    control = runner.invoke(main, [*argv, "--no-ttt"])
    assert control.exit_code == 0 and control.stdout.startswith("Tom")


def test_load_model_restores_the_run(run_dir: Path) -> None:
    loaded = load_model(run_dir)
    assert loaded.step == 8 and loaded.tokenizer == "bytes" and loaded.context_len == 32
    assert not loaded.model.training


def test_load_model_skips_a_broken_newest_checkpoint(run_dir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(run_dir, copy)
    (copy / "checkpoint_step_8.safetensors").write_bytes(b"\x00" * 10)
    with pytest.warns(CheckpointWarning, match="checkpoint_step_8"):
        assert load_model(copy).step == 4


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    out = tmp_path / "m"
    proc = subprocess.run(
        [sys.executable, "-m", "bit_ttt.train", "--output-dir", str(out), "--dim", "16", "--layers", "1",
         "--context-len", "16", "--batch-size", "2", "--steps", "3", "--log-interval", "1", "--format", "json"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["step"] == 3
    assert "Step    3 | Loss:" in proc.stderr
