"""The smoke test: through the `bit-ttt` CLI, a tiny model trains, saves, resumes, evaluates and generates."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from train_tiny import unigram_entropy

from bit_ttt.train.cli import main
from bit_ttt.train.data import default_corpus_path

TINY = ["--dim", "32", "--layers", "1", "--context-len", "64", "--batch-size", "8", "--lr", "1e-2",
        "--warmup-steps", "10", "--min-lr", "1e-3", "--eval-interval", "50", "--save-interval", "50",
        "--log-interval", "10", "--device", "cpu"]


def test_train_resume_eval_generate(tmp_path: Path) -> None:
    runner = CliRunner()
    run = tmp_path / "run"
    entropy = unigram_entropy()

    # Train ~100 steps: the loss ends well below what a context-free (unigram) model can reach.
    first = runner.invoke(main, ["train", "--output-dir", str(run), "--steps", "100", *TINY, "--format", "json"])
    assert first.exit_code == 0, first.output + first.stderr
    logged = [float(x) for x in re.findall(r"^Step +\d+ \| Loss: ([0-9.]+) \|", first.stderr, flags=re.M)]
    assert len(logged) == 10
    summary = json.loads(first.stdout)
    assert summary["step"] == 100
    assert sum(logged[-3:]) / 3 < entropy - 0.5
    assert summary["val_loss"] < entropy - 0.5
    assert (run / "checkpoint_step_100.safetensors").is_file()
    assert json.loads((run / "training_state.json").read_text())["step"] == 100

    # Resume: the run continues from step 100, not 0, and does not repeat it.
    second = runner.invoke(main, ["train", "--output-dir", str(run), "--steps", "110", *TINY, "--format", "json"])
    assert second.exit_code == 0, second.output + second.stderr
    resumed = json.loads(second.stdout)
    assert (resumed["start_step"], resumed["step"]) == (100, 110)
    assert "steps 100 -> 110" in second.stderr

    # Evaluate held-out text: the same order of loss as validation during training.
    held_out = tmp_path / "held_out.txt"
    corpus = default_corpus_path().read_bytes()
    held_out.write_bytes(corpus[-20_000:])
    scored = runner.invoke(main, ["eval", "--checkpoint", str(run), "--data", str(held_out), "--format", "json"])
    assert scored.exit_code == 0, scored.output + scored.stderr
    result = json.loads(scored.stdout)
    assert result["step"] == 110 and result["tokens"] > 10_000
    assert result["loss"] < entropy - 0.5

    # Generate: streamed text after the prompt, mostly letters and spaces like the corpus.
    text = runner.invoke(main, ["generate", "--checkpoint", str(run), "--prompt", "One day, ", "--max-new-tokens",
                                "80", "--seed", "3"])
    assert text.exit_code == 0, text.output + text.stderr
    assert text.stdout.startswith("One day, ")
    continuation = text.stdout[len("One day, "):].rstrip("\n")
    assert len(continuation) >= 60
    assert sum(c.isalpha() or c == " " for c in continuation) > 0.7 * len(continuation)
