"""What `bit-ttt train` prints: the original's log line format, plain on pipes, a progress bar on terminals."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from bit_ttt.train.console import (
    PlainReporter,
    RichReporter,
    ScoreProgress,
    eval_line,
    make_reporter,
    start_line,
    step_line,
)
from bit_ttt.train.reporting import EvalLog, RunInfo, StepLog

INFO = RunInfo(start_step=0, steps=20, parameters=1234, device="cpu", world_size=1, data="c.txt", output_dir="out")


def test_step_line_keeps_the_original_format() -> None:
    line = step_line(StepLog(step=10, loss=2.345678, lr=3e-4, tokens_per_s=1234.567))
    assert line == "Step   10 | Loss: 2.3457 | LR: 0.0003000 | 1234.57 tok/s"
    assert re.search(r"Step\s+(\d+) \| Loss: ([0-9.]+)", line).groups() == ("10", "2.3457")
    assert eval_line(EvalLog(step=5, loss=2.0, perplexity=7.389)) == "Eval    5 | val loss: 2.0000 | perplexity: 7.389"


def test_step_line_adds_ms_per_step_and_eta_after_the_original_fields() -> None:
    log = StepLog(step=10, loss=2.345678, lr=3e-4, tokens_per_s=1234.567, ms_per_step=41.25, eta_s=3725.0)
    line = step_line(log)
    assert line == "Step   10 | Loss: 2.3457 | LR: 0.0003000 | 1234.57 tok/s | 41.2 ms/step | ETA 1:02:05"
    assert re.search(r"Step\s+(\d+) \| Loss: ([0-9.]+)", line).groups() == ("10", "2.3457")
    assert step_line(replace(log, eta_s=65.0)).endswith("ETA 1:05")


def test_start_line_names_the_model() -> None:
    line = start_line(replace(INFO, model="preset tiny: D=64 L=2, reference"))
    assert line.startswith("Training 1,234 parameters (preset tiny: D=64 L=2, reference) on cpu: steps 0 -> 20")


def test_reporter_kind_follows_the_terminal() -> None:
    assert type(make_reporter(Console(file=io.StringIO(), force_terminal=False))) is PlainReporter
    assert type(make_reporter(Console(file=io.StringIO(), force_terminal=True))) is RichReporter


def test_plain_reporter_prints_one_line_per_event(capsys) -> None:
    reporter = PlainReporter()
    reporter.started(INFO)
    reporter.stepped(StepLog(step=10, loss=2.0, lr=1e-3, tokens_per_s=100.0))
    reporter.saved(Path("out/checkpoint_step_10.safetensors"), 10)
    reporter.finished()
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("Training 1,234 parameters on cpu: steps 0 -> 20")
    assert lines[1].startswith("Step   10 | Loss: 2.0000")
    assert lines[2] == "Saved out/checkpoint_step_10.safetensors (step 10)"


def test_rich_reporter_shows_lines_above_a_progress_bar() -> None:
    buffer = io.StringIO()
    reporter = RichReporter(Console(file=buffer, force_terminal=True, width=120))
    reporter.started(INFO)
    reporter.stepped(StepLog(step=10, loss=2.0, lr=1e-3, tokens_per_s=100.0))
    reporter.finished()
    text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", buffer.getvalue())
    assert "Step   10 | Loss: 2.0000" in text
    assert "10/20" in text


def test_eval_progress_is_a_bar_on_a_terminal_and_silent_elsewhere() -> None:
    for terminal in (True, False):
        buffer = io.StringIO()
        progress = ScoreProgress(Console(file=buffer, force_terminal=terminal, width=100))
        for done in (64, 128):
            progress(done, 128)
        progress.close()
        text = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", buffer.getvalue())
        assert ("128/128" in text) == terminal, text
