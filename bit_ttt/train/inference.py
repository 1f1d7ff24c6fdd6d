"""Using a trained model: load it from a checkpoint, stream generated tokens, score a file, export it.

Pure functions returning values; the CLI prints them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import safetensors
import safetensors.torch
import torch

from bit_ttt.config import BitLlamaConfig
from bit_ttt.model.checkpoint_io import PACKED_FORMAT
from bit_ttt.model.llama import BitLlama
from bit_ttt.train.checkpoint import Checkpoint, load_checkpoint, resume_checkpoint
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


@dataclass(frozen=True, slots=True)
class EvalResult:
    loss: float
    perplexity: float
    tokens: int
    source: str


def _is_packed(path: Path) -> bool:
    try:
        with safetensors.safe_open(str(path), framework="pt") as handle:
            return (handle.metadata() or {}).get("format") == PACKED_FORMAT
    except Exception:  # not a safetensors file at all: let the checkpoint loader name the problem
        return False


def load_model(path: str | Path, device: torch.device = CPU) -> LoadedModel:
    """A model from a run directory (its newest intact checkpoint), a checkpoint file, or a packed export."""
    target = Path(path)
    if target.is_dir():  # a run directory: its newest intact checkpoint, skipping broken ones with a warning
        found = resume_checkpoint(target)
        if found is None or found.path is None:
            raise CheckpointError("no checkpoint in this directory", path=target)
        ckpt, weights = found, found.path
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
                       int(args.get("context_len", 128)))


def _config_of(ckpt: Checkpoint, weights: Path) -> BitLlamaConfig:
    """The config saved in the record, else a `config.json` beside the weights (exports, engine files)."""
    raw = ckpt.meta.get("config")
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


def score_file(loaded: LoadedModel, data: str | Path, *, context_len: int | None = None, batch_size: int = 8,
               max_windows: int | None = None) -> EvalResult:
    """Mean NLL and perplexity of a whole text or token file (every token scored once)."""
    path = Path(data)
    context = context_len or loaded.context_len
    tokens = load_data(path, context_len=context, val_fraction=0.5).train if path.is_dir() else read_tokens(path)
    if len(tokens) < context + 1:
        raise DataError(f"{len(tokens)} tokens: fewer than one window of {context + 1}", path=path)
    if int(tokens.max()) >= loaded.model.config.vocab_size:
        raise DataError(f"token id {int(tokens.max())} is outside the model's vocabulary", path=path)
    device = next(loaded.model.parameters()).device
    loss, count = evaluate(loaded.model, tokens, context_len=context, batch_size=batch_size, device=device,
                           max_windows=max_windows)
    return EvalResult(loss=loss, perplexity=perplexity(loss), tokens=count, source=str(path))


def export(loaded: LoadedModel, output: str | Path, *, packed: bool) -> Path:
    """Write the model alone: packed ternary weights (5 per byte), or float safetensors + config.json."""
    out = Path(output)
    out.parent.mkdir(parents=True, exist_ok=True)
    if packed:
        loaded.model.save_packed(out)
    else:
        tensors = {k: v.detach().cpu().clone().contiguous() for k, v in loaded.model.state_dict().items()}
        safetensors.torch.save_file(tensors, str(out))
        (out.parent / "config.json").write_text(json.dumps(loaded.model.config.to_dict(), indent=2) + "\n")
    return out
