"""`bit-ttt`: train, evaluate, sample and export the Bit-TTT model. Each command parses, calls one function, prints."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from bit_ttt.train.args import TrainArgs, train_options
from bit_ttt.train.console import make_reporter, route_warnings
from bit_ttt.train.errors import ConfigError, DataError
from refactor_tool.cli import FORMAT_OPTION, reports_errors
from refactor_tool.render import emit_json, err, out

CHECKPOINT = click.option("--checkpoint", "checkpoint", default="runs/bit-ttt", show_default=True,
                          help="Run directory (newest intact checkpoint), checkpoint .safetensors, or packed export.")
DEVICE = click.option("--device", type=click.Choice(("auto", "cpu", "cuda")), default="auto", show_default=True)


class OneLineCommand(click.Command):
    """Bad option values are reported in one line naming the option, without the usage block."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.BadParameter as error:
            error.ctx = None
            raise


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Train, evaluate, sample and export the Bit-TTT model (byte-level, CPU or CUDA, one or many processes)."""
    route_warnings()


@main.command("train", cls=OneLineCommand)
@train_options
@FORMAT_OPTION
@reports_errors
def train_command(output_format: str, **options: object) -> None:
    """Train (or resume) a model; Ctrl+C or a `stop_signal` file saves and stops cleanly."""
    from bit_ttt.train.loop import train

    args = TrainArgs(**options)  # type: ignore[arg-type]
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


@main.command("eval", cls=OneLineCommand)
@CHECKPOINT
@click.option("--data", "data", default=None, help="Text or token file to score (default: the shipped corpus).")
@click.option("--context-len", type=click.IntRange(min=1), default=None, help="Window length (default: the run's).")
@click.option("--batch-size", type=click.IntRange(min=1), default=8, show_default=True)
@click.option("--max-windows", type=click.IntRange(min=1), default=None, help="Score at most this many windows.")
@DEVICE
@FORMAT_OPTION
@reports_errors
def eval_command(checkpoint: str, data: str | None, context_len: int | None, batch_size: int,
                 max_windows: int | None, device: str, output_format: str) -> None:
    """Perplexity of a file under a trained model."""
    from bit_ttt.train.data import default_corpus_path
    from bit_ttt.train.distributed import pick_device
    from bit_ttt.train.inference import load_model, score_file

    loaded = load_model(checkpoint, pick_device(device))
    result = score_file(loaded, data or default_corpus_path(), context_len=context_len, batch_size=batch_size,
                        max_windows=max_windows)
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
@reports_errors
def generate_command(checkpoint: str, prompt: str, max_new_tokens: int, temperature: float, top_k: int,
                     seed: int | None, no_ttt: bool, device: str) -> None:
    """Continue a prompt, streaming text as it is generated; the TTT state carries through every token."""
    from bit_ttt.train.distributed import pick_device
    from bit_ttt.train.inference import load_model, stream_tokens
    from bit_ttt.train.tokenizer import ByteTokenizer

    loaded = load_model(checkpoint, pick_device(device))
    if loaded.tokenizer != "bytes":
        raise DataError("generate needs a byte-level model (one trained on text, not token files)",
                        path=loaded.source)
    tok = ByteTokenizer()
    sys.stdout.write(prompt)
    ids = stream_tokens(loaded.model, tok.encode(prompt), max_new_tokens=max_new_tokens, temperature=temperature,
                        top_k=top_k, seed=seed, ttt=not no_ttt)
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
    """Write the model alone, for inference: packed ternary, or float safetensors + config.json."""
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
