"""Crash-safe checkpoints: weights (safetensors), optimizer + RNG (plain tensors), a JSON record.

Every file is written atomically (temp file, fsync, rename) and the JSON record, which carries a
SHA-256 of each file, is written after them; `training_state.json` names the newest complete
checkpoint and is written last. So a process killed at any instant leaves a loadable checkpoint,
and a truncated or corrupted file is detected, named, and skipped in favour of an older one.
Loading uses data-only formats: a checkpoint can never run code.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import math
import pickle
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import safetensors.torch
import torch

from bit_ttt.errors import CheckpointError, CheckpointWarning
from bit_ttt.files import atomic_write

FORMAT_VERSION = 1
STATE_FILE = "training_state.json"
BEST_NAME = "model_best"
KEEP_LAST = 3
_STEP_FILE = re.compile(r"^checkpoint_step_(\d+)\.(json|safetensors|optim\.pt)$")


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """One checkpoint as data: everything a loop needs to continue as if it had never stopped.

    `meta` is JSON-safe (config, args, data position, best validation loss...); `optimizer`, `rng`
    and `history` (per-step series such as the losses) are None for a weights-only file such as an
    exported model or an original engine file.
    """

    step: int
    loss: float
    weights: dict[str, torch.Tensor]
    optimizer: dict[str, Any] | None = None
    rng: dict[str, Any] | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    history: dict[str, list[float]] | None = None


def step_name(step: int) -> str:
    return f"checkpoint_step_{step}"


def save_training_state(out_dir: str | Path, ckpt: Checkpoint, *, name: str | None = None,
                        keep: int = KEEP_LAST) -> Path:
    """Write `ckpt` as `{name}.safetensors/.optim.pt/.json` and return the weights path.

    A step checkpoint also rewrites `training_state.json` (last) and prunes all but the newest
    `keep`; `model_best` is written beside them and never named by `training_state.json`.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = name or step_name(ckpt.step)
    for stale in out.glob(".*.tmp"):
        stale.unlink(missing_ok=True)
    tensors = {k: v.detach().to("cpu").clone().contiguous() for k, v in ckpt.weights.items()}
    files = {f"{name}.safetensors": safetensors.torch.save(tensors)}
    if ckpt.optimizer is not None or ckpt.rng is not None:
        buffer = io.BytesIO()
        history = {k: torch.tensor(v, dtype=torch.float64) for k, v in (ckpt.history or {}).items()}
        torch.save({"optimizer": ckpt.optimizer, "rng": ckpt.rng, "history": history}, buffer)
        files[f"{name}.optim.pt"] = buffer.getvalue()
    for filename, data in files.items():
        atomic_write(out / filename, data)
    record = {
        "format": FORMAT_VERSION,
        "step": ckpt.step,
        "loss": _json_float(ckpt.loss),
        "date": _dt.datetime.now(_dt.UTC).astimezone().isoformat(),
        "checkpoint": f"{name}.safetensors",
        "optimizer": f"{name}.optim.pt" if f"{name}.optim.pt" in files else None,
        "sha256": {filename: hashlib.sha256(data).hexdigest() for filename, data in files.items()},
        **ckpt.meta,
    }
    text = (json.dumps(record, indent=2, sort_keys=True) + "\n").encode()
    atomic_write(out / f"{name}.json", text)
    if name != BEST_NAME:
        atomic_write(out / STATE_FILE, text)
        _prune(out, keep)
    return out / f"{name}.safetensors"


def load_checkpoint(path: str | Path) -> Checkpoint:
    """Read a checkpoint from its `.json` record or its `.safetensors` weights, verifying every file.

    A weights file without a record loads as weights only (step 0). Raises `CheckpointError`
    naming the first file that is missing, truncated, corrupt, or not plain data.
    """
    path = Path(path)
    record_path = path if path.suffix == ".json" else path.with_name(path.name.removesuffix(".safetensors") + ".json")
    if not record_path.is_file():
        if path.suffix == ".json":
            raise CheckpointError("checkpoint record not found", path=path)
        return Checkpoint(step=0, loss=math.nan, weights=_load_weights(path, _read(path)), path=path)
    record = read_record(record_path)
    folder = record_path.parent
    blobs: dict[str, bytes] = {}
    for filename, digest in record["sha256"].items():
        data = _read(folder / filename)
        if hashlib.sha256(data).hexdigest() != digest:
            raise CheckpointError("corrupt or truncated: SHA-256 differs from its record", path=folder / filename)
        blobs[filename] = data
    weights_file = record["checkpoint"]
    if weights_file not in blobs:
        raise CheckpointError(f"record lists no checksum for {weights_file}", path=record_path)
    weights = _load_weights(folder / weights_file, blobs[weights_file])
    optimizer = rng = history = None
    if record.get("optimizer"):
        state = _load_plain(folder / record["optimizer"], blobs[record["optimizer"]])
        optimizer, rng = state.get("optimizer"), state.get("rng")
        history = {k: v.tolist() for k, v in (state.get("history") or {}).items()}
    known = {"format", "step", "loss", "date", "checkpoint", "optimizer", "sha256"}
    loss = record.get("loss")
    return Checkpoint(
        step=int(record["step"]), loss=math.nan if loss is None else float(loss), weights=weights,
        optimizer=optimizer, rng=rng, meta={k: v for k, v in record.items() if k not in known},
        path=folder / weights_file, history=history,
    )


def read_record(path: Path) -> dict[str, Any]:
    """Parse a checkpoint's JSON record, or raise `CheckpointError` naming it."""
    try:
        record = json.loads(_read(path))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CheckpointError(f"corrupt checkpoint record (not JSON: {error.msg if hasattr(error, 'msg') else error})",
                              path=path) from error
    needed = ("step", "checkpoint", "sha256")
    if not isinstance(record, dict) or any(k not in record for k in needed) or not isinstance(record["sha256"], dict):
        raise CheckpointError(f"corrupt checkpoint record (needs {', '.join(needed)})", path=path)
    return record


def candidates(out_dir: str | Path) -> list[Path]:
    """Records of step checkpoints, most preferred first: the one `training_state.json` names, then by step."""
    out = Path(out_dir)
    found = sorted(
        (int(m.group(1)), out / m.group(0)) for p in out.glob("checkpoint_step_*.json")
        if (m := _STEP_FILE.match(p.name))
    )
    ordered = [p for _, p in reversed(found)]
    state = out / STATE_FILE
    if state.is_file():
        try:
            named = out / (read_record(state)["checkpoint"].removesuffix(".safetensors") + ".json")
        except CheckpointError as error:
            warnings.warn(f"{error.one_line()}; looking for checkpoints by name", CheckpointWarning, stacklevel=2)
        else:
            if named in ordered:
                ordered.remove(named)
                ordered.insert(0, named)
    return ordered


def find_checkpoint_path(out_dir: str | Path, load: str | Path | None = None) -> Path | None:
    """The weights file to start from: an explicit `--load` first, then the newest complete checkpoint.

    Complete means its record parses and every file it lists exists; contents are verified on load.
    """
    if load is not None:
        target = Path(load)
        if target.is_dir():
            found = find_checkpoint_path(target)
            if found is None:
                raise CheckpointError("--load: no complete checkpoint in this directory", path=target)
            return found
        if not target.is_file():
            raise CheckpointError("--load: no such checkpoint file or directory", path=target)
        return target
    for record_path in candidates(out_dir):
        try:
            record = read_record(record_path)
        except CheckpointError:
            continue
        if all((record_path.parent / f).is_file() for f in record["sha256"]):
            return record_path.parent / record["checkpoint"]
    return None


def resume_checkpoint(out_dir: str | Path, load: str | Path | None = None) -> Checkpoint | None:
    """Load the checkpoint to resume from, falling back past broken ones with a `CheckpointWarning`.

    An explicit `load` is loaded as is (an error if broken). Raises if checkpoints exist but none is intact,
    rather than silently restarting from step 0 over them.
    """
    if load is not None:
        path = find_checkpoint_path(out_dir, load)
        return None if path is None else load_checkpoint(path)
    tried = candidates(out_dir)
    for record_path in tried:
        try:
            return load_checkpoint(record_path)
        except CheckpointError as error:
            warnings.warn(f"{error.one_line()}; falling back to an older checkpoint", CheckpointWarning, stacklevel=2)
    if tried:
        raise CheckpointError("no intact checkpoint left to resume from", path=out_dir)
    return None


def newest_intact_checkpoint(out_dir: str | Path) -> Checkpoint:
    """The run's model for use (eval, generate, export): the newest step checkpoint that loads, else `model_best`.

    Broken ones are skipped with a `CheckpointWarning`, as on resume.
    """
    out = Path(out_dir)
    for record_path in (*candidates(out), out / f"{BEST_NAME}.json"):
        if not record_path.is_file():
            continue
        try:
            return load_checkpoint(record_path)
        except CheckpointError as error:
            warnings.warn(f"{error.one_line()}; trying an older checkpoint", CheckpointWarning, stacklevel=2)
    raise CheckpointError("no intact checkpoint in this run directory", path=out)


def load_start_step(out_dir: str | Path) -> int:
    """Steps already completed by the newest complete checkpoint (0 when there is none).

    The loop starts at this step, so the saved step is never repeated (the original's off-by-one).
    """
    path = find_checkpoint_path(out_dir)
    if path is None:
        return 0
    return int(read_record(path.with_name(path.name.removesuffix(".safetensors") + ".json"))["step"])


def _prune(out: Path, keep: int) -> None:
    steps = sorted({int(m.group(1)) for p in out.glob("checkpoint_step_*.json") if (m := _STEP_FILE.match(p.name))})
    kept = set(steps[-keep:])
    if not kept:
        return
    doomed = [p for p in out.glob("checkpoint_step_*")
              if (m := _STEP_FILE.match(p.name)) and int(m.group(1)) not in kept and int(m.group(1)) < min(kept)]
    for path in sorted(doomed, key=lambda p: p.suffix != ".json"):  # records first: never a record without files
        path.unlink(missing_ok=True)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise CheckpointError("checkpoint file missing", path=path) from error
    except OSError as error:
        raise CheckpointError(f"checkpoint file unreadable: {error.strerror}", path=path) from error


def _load_weights(path: Path, data: bytes) -> dict[str, torch.Tensor]:
    try:
        return safetensors.torch.load(data)
    except Exception as error:  # safetensors raises its own error types for every malformed header
        raise CheckpointError(f"corrupt or truncated safetensors file ({error})", path=path) from error


def _load_plain(path: Path, data: bytes) -> dict[str, Any]:
    try:
        state = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        raise CheckpointError("refused: holds a pickled object that is not plain tensor data", path=path) from error
    except Exception as error:  # zip, EOF and unpickling errors of a damaged file
        raise CheckpointError(f"corrupt or truncated optimizer state ({type(error).__name__})", path=path) from error
    if not isinstance(state, dict):
        raise CheckpointError("optimizer state is not a dict", path=path)
    return state


def _json_float(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None
