"""Using a trained model: load it from a run, a checkpoint or an export; stream tokens; score a file; export it.

Pure functions returning values; the CLI prints them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from bit_ttt.config import BitLlamaConfig
from bit_ttt.model.checkpoint_io import (
    PACKED_FORMAT,
    file_metadata,
    save_float_module,
    saved_config,
)
from bit_ttt.model.llama import BitLlama
from bit_ttt.train.checkpoint import (
    Checkpoint,
    load_checkpoint,
    newest_intact_checkpoint,
    resume_checkpoint,  # noqa: F401 (kept at its old path)
)
from bit_ttt.train.data import load_data, read_tokens
from bit_ttt.train.distributed import CPU
from bit_ttt.train.errors import CheckpointError, DataError
from bit_ttt.train.evaluate import evaluate, perplexity


@dataclass(frozen=True, slots=True)
class LoadedModel:
    model: BitLlama
    source: Path
    step: int
    tokenizer: str | None  # "bytes" when the model was trained on text
    context_len: int
    train_args: dict[str, Any] = field(default_factory=dict)  # the run's options, where a checkpoint has them


@dataclass(frozen=True, slots=True)
class EvalResult:
    loss: float
    perplexity: float
    tokens: int
    source: str


def _is_packed(path: Path) -> bool:
    return (file_metadata(path) or {}).get("format") == PACKED_FORMAT


def load_model(path: str | Path, device: torch.device = CPU) -> LoadedModel:
    """A model from a run directory (its newest intact checkpoint, else `model_best`), a checkpoint or an export."""
    target = Path(path)
    if target.is_dir():  # skips broken checkpoints with a warning, falling back to model_best
        ckpt = newest_intact_checkpoint(target)
        weights = ckpt.path or target
    elif not target.is_file():
        raise CheckpointError("no such checkpoint file", path=target)
    elif target.suffix == ".safetensors" and _is_packed(target):
        model = BitLlama.load_packed(target)
        return LoadedModel(model.to(device).eval(), target, 0, "bytes" if model.config.vocab_size == 256 else None, 128)
    else:
        ckpt, weights = load_checkpoint(target), target
    config = _config_of(ckpt, weights)
    model = BitLlama(config)
    try:
        model.load_state_dict(ckpt.weights)
    except RuntimeError as error:
        raise CheckpointError(f"weights do not fit the saved config: {str(error).splitlines()[0]}",
                              path=ckpt.path) from error
    args = ckpt.meta.get("args", {})
    tokenizer = ckpt.meta.get("tokenizer", "bytes" if config.vocab_size == 256 else None)
    return LoadedModel(model.to(device).eval(), ckpt.path or weights, ckpt.step, tokenizer,
                       int(args.get("context_len", 128)), dict(args))


def _config_of(ckpt: Checkpoint, weights: Path) -> BitLlamaConfig:
    """The config in the record, else in the file's metadata (exports), else a `config.json` beside it (the engine's)."""
    raw = ckpt.meta.get("config") or saved_config(weights)
    beside = weights.parent / "config.json"
    if raw is None and beside.is_file():
        try:
            raw = json.loads(beside.read_text())
        except json.JSONDecodeError as error:
            raise CheckpointError("config.json is not JSON", path=beside) from error
    if raw is None:
        raise CheckpointError("no model config: expected a checkpoint record or config.json beside it", path=weights)
    try:
        return BitLlamaConfig.from_dict(raw)
    except (TypeError, ValueError) as error:
        raise CheckpointError(f"invalid model config: {error}", path=weights) from error


@torch.no_grad()
def stream_tokens(model: BitLlama, prompt: list[int], *, max_new_tokens: int, temperature: float = 0.8,
                  top_k: int | None = 40, seed: int | None = None, ttt: bool = True) -> Iterator[int]:
    """Yield new token ids one at a time, carrying the TTT state from the prompt through every token.

    `ttt=False` is the control: every inner learning rate is zero, so the model cannot learn in context.
    """
    device = next(model.parameters()).device
    ids = torch.tensor([prompt or [10]], dtype=torch.long, device=device)  # (1, T); a newline if empty
    for next_id in model.stream(ids, max_new_tokens, temperature, top_k, seed, ttt_enabled=ttt):
        yield int(next_id)


def score_file(loaded: LoadedModel, data: str | Path | None = None, *, context_len: int | None = None,
               batch_size: int = 8, max_windows: int | None = None,
               progress: Callable[[int, int], None] | None = None) -> EvalResult:
    """Mean NLL and perplexity of a text or token file (every token scored once).

    With no ``data``, the run's own validation split: the held-out end of its training data (the
    shipped corpus unless it trained on `--data`), never the part it was trained on.
    """
    context = context_len or loaded.context_len
    if data is None:
        fraction = float(loaded.train_args.get("val_fraction", 0.1))
        split = load_data(loaded.train_args.get("data"), context_len=context, val_fraction=fraction)
        tokens, source = split.val, f"{split.source} (validation split, the last {fraction:.0%})"
        path = Path(split.source)
    else:
        path = Path(data)
        tokens = load_data(path, context_len=context, val_fraction=0.5).train if path.is_dir() else read_tokens(path)
        source = str(path)
    if len(tokens) < context + 1:
        raise DataError(f"{len(tokens)} tokens: fewer than one window of {context + 1}", path=path)
    if int(tokens.max()) >= loaded.model.config.vocab_size:
        raise DataError(f"token id {int(tokens.max())} is outside the model's vocabulary", path=path)
    device = next(loaded.model.parameters()).device
    loss, count = evaluate(loaded.model, tokens, context_len=context, batch_size=batch_size, device=device,
                           max_windows=max_windows, progress=progress)
    return EvalResult(loss=loss, perplexity=perplexity(loss), tokens=count, source=source)


def export(loaded: LoadedModel, output: str | Path, *, packed: bool) -> Path:
    """Write the model alone, one file: packed ternary weights (5 per byte), or float safetensors.

    Both carry the config in their metadata, so nothing is written beside the file.
    """
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    if packed:
        loaded.model.save_packed(out)
    else:
        save_float_module(loaded.model, loaded.model.config.to_dict(), out)
    return out


def preset_parameters(name: str, vocab_size: int = 256) -> int:
    """Parameters of the model `--preset name` trains (counted on the meta device: nothing is allocated)."""
    with torch.device("meta"):
        return BitLlama(BitLlamaConfig.from_preset(name, vocab_size)).num_parameters()
