"""The byte tokenizer round-trips any text and streams whole characters only."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bit_ttt.train.tokenizer import ByteTokenizer


@given(st.text())
def test_round_trip(text: str) -> None:
    tok = ByteTokenizer()
    ids = tok.encode(text)
    assert all(0 <= i < 256 for i in ids)
    assert tok.decode(ids) == text
    assert "".join(tok.stream_decode(ids)) == text


def test_ids_are_utf8_bytes() -> None:
    assert ByteTokenizer().encode("aé") == [97, 0xC3, 0xA9]


def test_stream_waits_for_complete_character_and_replaces_invalid_bytes() -> None:
    pieces = list(ByteTokenizer().stream_decode([0xC3, 0xA9, 0xFF, 65]))
    assert pieces == ["é", "\ufffd", "A"]
