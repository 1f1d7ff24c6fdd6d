"""Data: u16/u32/text loaders, the train/val split, and the seeded window sampler."""

from __future__ import annotations

import numpy as np
import pytest

from bit_ttt.train.data import WindowSampler, eval_batches, load_data, read_tokens
from bit_ttt.train.errors import DataError


@pytest.mark.parametrize(("suffix", "dtype"), [(".u32", "<u4"), (".u32.bin", "<u4"), (".u16", "<u2"), (".bin", "<u2")])
def test_token_files_are_little_endian(tmp_path, suffix: str, dtype: str) -> None:
    values = np.array([0, 1, 258, 65535, 7], dtype=np.int64)
    if dtype == "<u4":
        values[2] = 70000
    path = tmp_path / f"train{suffix}"
    path.write_bytes(values.astype(dtype).tobytes())
    assert read_tokens(path).tolist() == values.tolist()
    raw = path.read_bytes()
    width = 4 if dtype == "<u4" else 2
    assert int.from_bytes(raw[2 * width : 3 * width], "little") == values[2]


def test_text_tokens_are_its_bytes(tmp_path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("héllo", encoding="utf-8")
    assert read_tokens(path).tolist() == list("héllo".encode())


def test_odd_sized_u16_file_is_named(tmp_path) -> None:
    path = tmp_path / "x.u16"
    path.write_bytes(b"abc")
    with pytest.raises(DataError) as info:
        read_tokens(path)
    assert str(path) in info.value.one_line()


def test_split_holds_out_the_tail(tmp_path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(bytes(range(200)) * 5)
    data = load_data(path, context_len=8, val_fraction=0.2)
    assert len(data.train) == 800 and len(data.val) == 200
    assert data.val.tolist() == list(path.read_bytes()[800:])
    assert data.vocab_size == 256 and data.tokenizer == "bytes"


def test_directory_prefers_token_files_with_val(tmp_path) -> None:
    (tmp_path / "train.u32").write_bytes(np.arange(100, dtype="<u4").tobytes())
    (tmp_path / "val.u32").write_bytes(np.arange(300, 320, dtype="<u4").tobytes())
    (tmp_path / "notes.txt").write_text("ignored")
    data = load_data(tmp_path, context_len=8)
    assert data.train.tolist() == list(range(100))
    assert data.val.tolist() == list(range(300, 320))
    assert data.vocab_size == 320 and data.tokenizer is None


def test_directory_with_train_and_val_text_keeps_them_apart(tmp_path) -> None:
    (tmp_path / "train.txt").write_text("T" * 40)
    (tmp_path / "val.txt").write_text("V" * 20)
    data = load_data(tmp_path, context_len=8)
    assert bytes(data.train.tolist()) == b"T" * 40 and bytes(data.val.tolist()) == b"V" * 20


def test_directory_of_text_is_concatenated(tmp_path) -> None:
    (tmp_path / "b.txt").write_text("B" * 50)
    (tmp_path / "a.txt").write_text("A" * 50)
    data = load_data(tmp_path, context_len=4, val_fraction=0.5)
    assert bytes(data.train.tolist()) == b"A" * 50


def test_too_short_data_names_the_option(tmp_path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("tiny")
    with pytest.raises(DataError) as info:
        load_data(path, context_len=128)
    assert "--context-len" in info.value.message and str(path) in info.value.one_line()


def test_missing_data_is_an_error(tmp_path) -> None:
    with pytest.raises(DataError):
        load_data(tmp_path / "nope.txt", context_len=4)


def test_windows_are_shifted_by_one_and_inside_the_data() -> None:
    tokens = np.arange(1000, dtype=np.int64) % 251
    sampler = WindowSampler(tokens, context_len=16, batch_size=8, seed=3)
    x, y = sampler.next_batch()
    assert x.shape == y.shape == (8, 16)
    assert (x[:, 1:] == y[:, :-1]).all()
    assert (((y - x) % 251) == 1).all()


def test_sampler_batches_depend_only_on_seed_and_position() -> None:
    tokens = np.arange(5000, dtype=np.int64)
    a = WindowSampler(tokens, context_len=8, batch_size=4, seed=1)
    first = [a.next_batch()[0] for _ in range(5)]
    b = WindowSampler(tokens, context_len=8, batch_size=4, seed=1)
    b.load_state_dict({"seed": 1, "position": 3})
    assert (b.next_batch()[0] == first[3]).all()
    assert b.state_dict() == {"seed": 1, "position": 4}
    c = WindowSampler(tokens, context_len=8, batch_size=4, seed=2)
    assert not (c.next_batch()[0] == first[0]).all()


def test_eval_batches_cover_tokens_with_stride_t() -> None:
    tokens = np.arange(41, dtype=np.int64)
    batches = list(eval_batches(tokens, context_len=10, batch_size=3))
    xs = np.concatenate([x.numpy() for x, _ in batches])
    assert xs[:, 0].tolist() == [0, 10, 20, 30]
    ys = np.concatenate([y.numpy() for _, y in batches])
    assert sorted(ys.ravel().tolist()) == list(range(1, 41))
