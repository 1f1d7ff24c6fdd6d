"""The shipped corpus is ours: the generator reproduces it byte for byte, and it is small English text."""

from __future__ import annotations

from bit_ttt.train.corpus_gen import generate
from bit_ttt.train.data import default_corpus_path


def test_generator_reproduces_shipped_corpus() -> None:
    shipped = default_corpus_path().read_text(encoding="utf-8")
    assert generate() == shipped


def test_corpus_is_small_ascii_prose() -> None:
    data = default_corpus_path().read_bytes()
    assert 100_000 <= len(data) <= 400_000
    text = data.decode("ascii")
    words = text.split()
    assert len(set(words)) > 150
    assert text.count(". ") > 1000
