"""Training data: files become memory-mapped token arrays, split train/val, cut into seeded windows.

A text file's UTF-8 bytes already are its byte-level tokens, so text is memory-mapped as uint8;
token files are `.u32` (u32 little-endian) or `.u16`/`.bin` (u16 little-endian), as the original.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import torch

from bit_ttt.train.errors import DataError
from bit_ttt.train.tokenizer import VOCAB_SIZE

U32_SUFFIXES = (".u32", ".u32.bin")
U16_SUFFIXES = (".u16", ".u16.bin", ".bin")
TOKEN_FILE_STEMS = ("train", "val")


@dataclass(frozen=True, slots=True)
class TokenData:
    """Train and validation token streams (1-D integer arrays, usually memory-mapped)."""

    train: np.ndarray
    val: np.ndarray
    vocab_size: int
    source: str
    tokenizer: str | None  # "bytes" for text; None for pre-tokenised files


def default_corpus_path() -> Path:
    """The small English corpus shipped inside the package, so training works with no arguments."""
    return Path(str(resources.files("bit_ttt") / "data" / "corpus.txt"))


def _kind(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(U32_SUFFIXES):
        return "u32"
    if name.endswith(U16_SUFFIXES):
        return "u16"
    return "text"


def read_tokens(path: str | Path) -> np.ndarray:
    """Memory-map one file as tokens (no copy); its kind comes from its name."""
    path = Path(path)
    if not path.is_file():
        raise DataError("data file not found", path=path)
    size = path.stat().st_size
    kind = _kind(path)
    dtype = {"u32": np.dtype("<u4"), "u16": np.dtype("<u2"), "text": np.dtype(np.uint8)}[kind]
    if size % dtype.itemsize:
        raise DataError(f"size {size} bytes is not a multiple of {dtype.itemsize} for a {kind} token file", path=path)
    if size == 0:
        return np.zeros(0, dtype=dtype)
    return np.memmap(path, dtype=dtype, mode="r")


def _directory_tokens(root: Path) -> tuple[np.ndarray, np.ndarray | None, str]:
    """A directory holds `train.u32` (+ `val.u32`) or the like, or `train.txt` (+ `val.txt`), else any `*.txt`."""
    for suffix in (*U32_SUFFIXES, *U16_SUFFIXES):
        train = root / f"train{suffix}"
        if train.is_file():
            val = root / f"val{suffix}"
            return read_tokens(train), (read_tokens(val) if val.is_file() else None), "tokens"
    if (root / "train.txt").is_file():
        val = root / "val.txt"
        return read_tokens(root / "train.txt"), (read_tokens(val) if val.is_file() else None), "text"
    texts = sorted(p for p in root.rglob("*.txt") if p.is_file())
    if not texts:
        raise DataError("directory holds no train.u32/train.u16 token file and no *.txt file", path=root)
    joined = b"\n".join(p.read_bytes() for p in texts)
    return np.frombuffer(joined, dtype=np.uint8), None, "text"


def load_data(
    data: str | Path | None, *, context_len: int, val_fraction: float = 0.1, vocab_size: int | None = None
) -> TokenData:
    """Resolve `--data` (None: the shipped corpus) into train/val token streams.

    Without a separate validation file, the last `val_fraction` of the tokens is held out, so
    validation text is never trained on. Both parts must hold at least one window of T+1 tokens.
    """
    path = default_corpus_path() if data is None else Path(data)
    if path.is_dir():
        tokens, val, kind = _directory_tokens(path)
    elif path.is_file():
        tokens, val, kind = read_tokens(path), None, ("text" if _kind(path) == "text" else "tokens")
    else:
        raise DataError("--data: no such file or directory", path=path)
    if val is None:
        cut = int(len(tokens) * (1.0 - val_fraction))
        tokens, val = tokens[:cut], tokens[cut:]
    need = context_len + 1
    for part, name in ((tokens, "training"), (val, "validation")):
        if len(part) < need:
            raise DataError(
                f"--data: the {name} part has {len(part)} tokens, fewer than --context-len + 1 = {need}", path=path
            )
    found = VOCAB_SIZE if kind == "text" else int(max(tokens.max(), val.max())) + 1
    if vocab_size is not None and found > vocab_size and kind != "text":
        raise DataError(f"--vocab-size {vocab_size} is smaller than the largest token id + 1 ({found})", path=path)
    return TokenData(
        train=tokens,
        val=val,
        vocab_size=vocab_size or found,
        source=str(path),
        tokenizer="bytes" if kind == "text" else None,
    )


def _windows(tokens: np.ndarray, starts: np.ndarray, context_len: int) -> tuple[torch.Tensor, torch.Tensor]:
    index = starts[:, None] + np.arange(context_len + 1)[None, :]  # (B, T+1)
    rows = torch.from_numpy(np.asarray(tokens[index], dtype=np.int64))  # (B, T+1)
    return rows[:, :-1], rows[:, 1:]  # inputs (B, T), targets (B, T)


class WindowSampler:
    """Random training windows whose batch number `n` depends only on `(seed, n)`.

    Why stateless per batch: the sampler's whole state is one integer (`position`), which the
    checkpoint stores, so a resumed run sees exactly the batches the uninterrupted run would have,
    and every DDP rank can draw the same global batch and keep its own slice.
    """

    def __init__(self, tokens: np.ndarray, *, context_len: int, batch_size: int, seed: int, position: int = 0):
        if len(tokens) < context_len + 1:
            raise DataError(f"{len(tokens)} tokens cannot fill one window of {context_len + 1}")
        self.tokens = tokens
        self.context_len = context_len
        self.batch_size = batch_size
        self.seed = seed
        self.position = position

    def batch_at(self, position: int) -> tuple[torch.Tensor, torch.Tensor]:
        rng = np.random.default_rng([self.seed, position])
        starts = rng.integers(0, len(self.tokens) - self.context_len, size=self.batch_size)  # (B,)
        return _windows(self.tokens, starts, self.context_len)

    def next_batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        batch = self.batch_at(self.position)
        self.position += 1
        return batch

    def state_dict(self) -> dict[str, int]:
        return {"seed": self.seed, "position": self.position}

    def load_state_dict(self, state: dict[str, int]) -> None:
        self.seed = int(state["seed"])
        self.position = int(state["position"])


def eval_batches(
    tokens: np.ndarray, *, context_len: int, batch_size: int, max_windows: int | None = None
) -> Iterator[tuple[torch.Tensor, torch.Tensor]]:
    """Consecutive windows (stride T, overlapping by one token), so every token is scored once."""
    count = (len(tokens) - 1) // context_len
    if max_windows is not None:
        count = min(count, max_windows)
    starts = np.arange(count, dtype=np.int64) * context_len
    for first in range(0, count, batch_size):
        yield _windows(tokens, starts[first : first + batch_size], context_len)
