"""`bit-ttt`: train, evaluate, sample and export the Bit-TTT model. Each command parses, calls one function, prints.

Torch is imported only inside the commands, so without the `model` extra `bit-ttt` still starts and
says in one line what to install (exit 2).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TypeVar

import click

from bit_ttt.config import PRESETS
from bit_ttt.errors import BitTTTError, MissingDependency, is_missing_model_extra
from bit_ttt.train.args import TrainArgs, train_options
from bit_ttt.train.console import (
    ScoreProgress,
    emit_error,
    emit_json,
    err,
    make_reporter,
    out,
    route_warnings,
)
from bit_ttt.train.errors import ConfigError, DataError

F = TypeVar("F", bound=Callable[..., Any])

CHECKPOINT = click.option("--checkpoint", "checkpoint", default="runs/bit-ttt", show_default=True,
                          help="Run directory (newest intact checkpoint), checkpoint .safetensors, or export.")
DEVICE = click.option("--device", type=click.Choice(("auto", "cpu", "cuda")), default="auto", show_default=True)
FORMAT_OPTION = click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="text for people (rich), json for machines (stdout only).")


def reports_errors(func: F) -> F:
    """A `BitTTTError` (or a missing torch, numpy or safetensors) becomes one line on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ModuleNotFoundError as missing:
            if not is_missing_model_extra(missing):
                raise
            error: BitTTTError = MissingDependency(str(missing.name).partition(".")[0])
        except BitTTTError as caught:
            error = caught
        emit_error(error, as_json=kwargs.get("output_format") == "json")
        sys.exit(error.exit_code)

    return wrapper  # type: ignore[return-value]


class OneLineCommand(click.Command):
    """Bad option values are reported in one line naming the option, without the usage block."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.BadParameter as error:
            error.ctx = None
            raise


def _version() -> str:
    try:
        return version("refactor-tool")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(_version(), prog_name="bit-ttt")
def main() -> None:
    """Train, evaluate, sample and export the Bit-TTT model (byte-level, CPU or CUDA, one or many processes)."""
    route_warnings()


@main.command("train", cls=OneLineCommand)
@train_options
@FORMAT_OPTION
@reports_errors
def train_command(output_format: str, **options: object) -> None:
    """Train (or resume) a model; Ctrl+C or a `stop_signal` file saves and stops cleanly."""
    args = TrainArgs.from_options(options)
    from bit_ttt.train.loop import train

    try:
        result = train(args, reporter=make_reporter())
    except KeyboardInterrupt:  # the second Ctrl+C: the first one already asked for a clean stop
        err.print("interrupted twice: stopped without saving this step; the last checkpoint is intact")
        sys.exit(130)
    if result.rank != 0:
        return
    summary = {
        "start_step": result.start_step, "step": result.step, "stopped": result.stopped,
        "final_loss": result.losses[-1] if result.losses else None,
        "val_loss": result.validation.loss if result.validation else None,
        "val_perplexity": result.validation.perplexity if result.validation else None,
        "checkpoint": str(result.checkpoint) if result.checkpoint else None,
        "losses": list(result.losses),
    }
    if output_format == "json":
        emit_json(summary)
        return
    val = f", val loss {summary['val_loss']:.4f} (perplexity {summary['val_perplexity']:.2f})" if result.validation else ""
    saved = f"; checkpoint {result.checkpoint}" if result.checkpoint else ""
    out.print(f"Trained steps {result.start_step} -> {result.step}{val}{saved}")


@main.command("presets", cls=OneLineCommand)
@FORMAT_OPTION
@reports_errors
def presets_command(output_format: str) -> None:
    """The model presets of `train --preset`, each with its parameter count (byte vocabulary, reference variant)."""
    from rich.table import Table

    from bit_ttt.train.inference import preset_parameters

    rows = [{"preset": name, **values, "parameters": preset_parameters(name)} for name, values in PRESETS.items()]
    if output_format == "json":
        emit_json(rows)
        return
    table = Table(title="bit-ttt train --preset")
    for column in ("preset", "hidden_dim", "num_layers", "num_heads", "parameters"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(row["preset"], str(row["hidden_dim"]), str(row["num_layers"]), str(row["num_heads"]),
                      f"{row['parameters']:,}")
    out.print(table)


@main.command("eval", cls=OneLineCommand)
@CHECKPOINT
@click.option("--data", "data", default=None,
              help="Text or token file to score (default: the run's validation split, never its training part).")
@click.option("--context-len", type=click.IntRange(min=1), default=None, help="Window length (default: the run's).")
@click.option("--batch-size", type=click.IntRange(min=1), default=8, show_default=True)
@click.option("--max-windows", type=click.IntRange(min=1), default=None, help="Score at most this many windows.")
@DEVICE
@FORMAT_OPTION
@reports_errors
def eval_command(checkpoint: str, data: str | None, context_len: int | None, batch_size: int,
                 max_windows: int | None, device: str, output_format: str) -> None:
    """Loss and perplexity of a file (or of the run's validation split) under a trained model."""
    from bit_ttt.train.distributed import pick_device
    from bit_ttt.train.inference import load_model, score_file

    loaded = load_model(checkpoint, pick_device(device))
    progress = ScoreProgress()
    try:
        result = score_file(loaded, data, context_len=context_len, batch_size=batch_size, max_windows=max_windows,
                            progress=progress)
    finally:
        progress.close()
    if output_format == "json":
        emit_json({"loss": result.loss, "perplexity": result.perplexity, "tokens": result.tokens,
                   "data": result.source, "checkpoint": str(loaded.source), "step": loaded.step})
        return
    out.print(f"{result.source}: loss {result.loss:.4f} nats/token, perplexity {result.perplexity:.3f} "
              f"over {result.tokens} tokens ({loaded.source}, step {loaded.step})")


@main.command("generate", cls=OneLineCommand)
@CHECKPOINT
@click.option("--prompt", default="", help="Text to continue.")
@click.option("--max-new-tokens", type=click.IntRange(min=0), default=200, show_default=True)
@click.option("--temperature", type=click.FloatRange(min=0), default=0.8, show_default=True, help="0 is greedy.")
@click.option("--top-k", type=click.IntRange(min=1), default=40, show_default=True)
@click.option("--seed", type=int, default=None, help="Make sampling repeatable.")
@click.option("--no-ttt", is_flag=True, help="Control: turn test-time learning off (inner learning rates 0).")
@DEVICE
@FORMAT_OPTION
@reports_errors
def generate_command(checkpoint: str, prompt: str, max_new_tokens: int, temperature: float, top_k: int,
                     seed: int | None, no_ttt: bool, device: str, output_format: str = "text") -> None:
    """Continue a prompt, streaming text as it is generated; the TTT state carries through every token."""
    from bit_ttt.train.distributed import pick_device
    from bit_ttt.train.inference import load_model, stream_tokens
    from bit_ttt.train.tokenizer import ByteTokenizer

    loaded = load_model(checkpoint, pick_device(device))
    if loaded.tokenizer != "bytes":
        raise DataError("generate needs a byte-level model (one trained on text, not token files)",
                        path=loaded.source)
    tok = ByteTokenizer()
    ids = stream_tokens(loaded.model, tok.encode(prompt), max_new_tokens=max_new_tokens, temperature=temperature,
                        top_k=top_k, seed=seed, ttt=not no_ttt)
    if output_format == "json":
        new = list(ids)
        emit_json({"prompt": prompt, "text": tok.decode(new), "tokens": new, "checkpoint": str(loaded.source),
                   "step": loaded.step, "seed": seed, "ttt": not no_ttt})
        return
    sys.stdout.write(prompt)
    for piece in tok.stream_decode(ids):
        sys.stdout.write(piece)
        sys.stdout.flush()
    sys.stdout.write("\n")


@main.command("export", cls=OneLineCommand)
@CHECKPOINT
@click.option("--output", "output", required=True, help="File to write (.safetensors).")
@click.option("--packed", is_flag=True, help="Ternary weights packed 5 per byte (1.6 bits per weight).")
@FORMAT_OPTION
@reports_errors
def export_command(checkpoint: str, output: str, packed: bool, output_format: str) -> None:
    """Write the model alone, for inference, as one file: packed ternary, or float safetensors."""
    from bit_ttt.train.inference import export, load_model

    loaded = load_model(checkpoint)
    if Path(output).resolve() == Path(loaded.source).resolve():
        raise ConfigError("--output would overwrite the checkpoint it reads", path=output)
    path = export(loaded, output, packed=packed)
    size = path.stat().st_size
    if output_format == "json":
        emit_json({"output": str(path), "bytes": size, "packed": packed, "step": loaded.step})
        return
    out.print(f"Wrote {path} ({size:,} bytes, {'packed ternary' if packed else 'float'}) from {loaded.source}")
