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
from bit_ttt.train.data import load_data
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
    assert sorted(p.name for p in plain.parent.iterdir()) == ["model.safetensors"]  # no config.json beside it
    checkpoint_mode = (run_dir / "checkpoint_step_8.safetensors").stat().st_mode & 0o777
    assert packed.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777 == checkpoint_mode
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


def test_generate_json_is_the_streamed_text(run_dir: Path) -> None:
    runner = CliRunner()
    argv = ["generate", "--checkpoint", str(run_dir), "--prompt", "Tom", "--max-new-tokens", "20", "--seed", "5"]
    text, as_json = runner.invoke(main, argv), runner.invoke(main, [*argv, "--format", "json"])
    assert as_json.exit_code == 0, as_json.stderr
    result = json.loads(as_json.stdout)
    assert result["prompt"] + result["text"] + "\n" == text.stdout and len(result["tokens"]) == 20
    assert (result["step"], result["seed"], result["ttt"]) == (8, 5, True)


def test_eval_scores_the_validation_split_by_default(run_dir: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "--checkpoint", str(run_dir), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    scored = json.loads(result.stdout)
    val = load_data(None, context_len=32, val_fraction=0.1).val
    assert scored["tokens"] == (len(val) - 1) // 32 * 32  # every validation token, and nothing else
    assert "validation split" in scored["data"]


def test_presets_print_their_parameter_counts() -> None:
    result = CliRunner().invoke(main, ["presets", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows = {row["preset"]: row["parameters"] for row in json.loads(result.stdout)}
    from bit_ttt import BitLlama, BitLlamaConfig

    assert rows["tiny"] == BitLlama(BitLlamaConfig.from_preset("tiny")).num_parameters()
    assert rows["tiny"] < rows["small"] < rows["base"]
    table = CliRunner().invoke(main, ["presets"]).stdout
    assert f"{rows['base']:,}" in table


def test_readme_bit_ttt_commands_parse() -> None:
    """Every `bit-ttt ...` command the README shows names real options and gives every required one."""
    import re
    import shlex

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
    commands = [shlex.split(m) for m in re.findall(r"`?(bit-ttt [a-z]+ [^`\n|&]*)", readme)]
    assert {argv[1] for argv in commands} >= {"train", "generate", "export"}
    for argv in commands:
        context = main.make_context("bit-ttt", argv[1:2])
        command = main.get_command(context, argv[1])
        assert command is not None, argv
        command.make_context(argv[1], argv[2:], parent=context)  # raises on an unknown or missing option


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


def test_generate_falls_back_to_model_best_when_no_step_checkpoint_is_intact(tmp_path: Path) -> None:
    run = tmp_path / "run"
    train(tiny_args(run, steps=4, save_interval=100))  # one step checkpoint (the last) and model_best
    newest = run / "checkpoint_step_4.safetensors"
    newest.write_bytes(newest.read_bytes()[:100])
    with pytest.warns(CheckpointWarning, match="checkpoint_step_4"):
        assert load_model(run).source == run / "model_best.safetensors"
    result = CliRunner().invoke(main, ["generate", "--checkpoint", str(run), "--max-new-tokens", "5", "--seed", "1"])
    assert result.exit_code == 0, result.stderr
    (run / "model_best.safetensors").unlink()
    result = CliRunner().invoke(main, ["generate", "--checkpoint", str(run)])
    assert result.exit_code == 2 and "no intact checkpoint in this run directory" in result.stderr
    assert "resum" not in result.stderr


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
