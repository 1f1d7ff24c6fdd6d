"""A byte-level tokenizer: token i is byte i, so any text round-trips and nothing is downloaded."""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator

VOCAB_SIZE = 256


class ByteTokenizer:
    """UTF-8 bytes as tokens (vocabulary 256).

    Why bytes: the model ships with no vocabulary file, every input is representable, and a text
    file on disk already *is* its token stream, so data can be memory-mapped without a pass.
    """

    name = "bytes"
    vocab_size = VOCAB_SIZE

    def encode(self, text: str) -> list[int]:
        return list(text.encode("utf-8"))

    def decode(self, ids: Iterable[int]) -> str:
        """Invalid UTF-8 (a model can emit any byte) becomes U+FFFD instead of failing."""
        return bytes(int(i) for i in ids).decode("utf-8", errors="replace")

    def stream_decode(self, ids: Iterable[int]) -> Iterator[str]:
        """Decode token by token, yielding text as soon as a UTF-8 character is complete."""
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        for i in ids:
            piece = decoder.decode(bytes([int(i)]))
            if piece:
                yield piece
        tail = decoder.decode(b"", final=True)
        if tail:
            yield tail
