"""Reading a Python file as Python does (PEP 263): the one source reader of every command.

The bytes are decoded by their BOM or coding cookie (`tokenize.detect_encoding`), else as UTF-8, and
newlines stay as they are, so a split writes back exactly the code it read. A file Python refuses (an
unknown encoding, bytes its encoding cannot decode) is an `InputError` naming the file and the line.

What refactor-tool writes is UTF-8: a cookie naming another encoding is dropped from the text it writes
(`utf8_text`), and the bytes a file had are kept as `SourceText.exact` so a rollback restores them.
"""

from __future__ import annotations

import codecs
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from refactor_tool.errors import InputError

__all__ = ["SourceText", "decode_source", "exact_text", "in_line_ends_of", "read_bytes", "read_source", "source_lines",
           "utf8_text"]

#: PEP 263's declaration, on one of the first two lines (only the first may hold code before it).
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.ASCII)
_COOKIE_TEXT = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.ASCII)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A source file's text, the encoding it was read in (`utf-8-sig` when it has a BOM), and `exact`:
    its bytes as a `str` that encodes back to them (UTF-8 with surrogate escapes; what a
    `FileChange.before` holds so a rollback restores the file byte for byte)."""

    text: str
    encoding: str
    exact: str

    @property
    def is_utf8(self) -> bool:
        return _is_utf8(self.encoding)


def exact_text(data: bytes) -> str:
    """`data` as a `str` that writes back to the same bytes (`encoding="utf-8", errors="surrogateescape"`)."""
    return data.decode("utf-8", "surrogateescape")


def _cookie_line(data: bytes) -> int:
    """The line of the coding declaration (1 or 2), for errors about it; 1 when there is none."""
    lines = data.split(b"\n", 2)
    return 2 if len(lines) > 1 and not _COOKIE.match(lines[0]) and _COOKIE.match(lines[1]) else 1


def decode_source(data: bytes, path: str | Path) -> SourceText:
    """Bytes of a Python file -> its text, decoded as the interpreter would decode them."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        if error.msg != "invalid or missing encoding declaration":
            # `unknown encoding: x`, or a BOM with a cookie naming another encoding
            raise InputError(f"{error.msg} (PEP 263)", path=path, line=_cookie_line(data)) from None
        encoding = "utf-8"  # no declaration, and the first lines are not UTF-8: say where below
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        declared = "UTF-8 (no coding cookie says otherwise)" if encoding == "utf-8" else encoding
        raise InputError(f"not {declared}: {error.reason} at byte {error.start}", path=path,
                         line=line) from None
    return SourceText(text, encoding, exact_text(data))


def read_bytes(path: Path) -> bytes:
    """A file's bytes; a missing, unreadable or non-regular file is an `InputError` naming it."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=path) from None
    except PermissionError:
        raise InputError("cannot read: permission denied", path=path) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=path) from None


def read_source(path: Path) -> SourceText:
    """Read and decode one Python file (PEP 263)."""
    return decode_source(read_bytes(path), path)


_PYTHON_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def source_lines(text: str) -> list[str]:
    """The lines of Python source as its line numbers count them, each with its line end: `\n`, `\r\n`
    and a lone `\r` end a line (`str.splitlines` also splits at form feeds and other separators, which
    Python reads as whitespace inside a line)."""
    return _PYTHON_LINES.findall(text)


def in_line_ends_of(text: str, source: str) -> str:
    """`text` with the line ends `source` starts with (a CRLF module splits into CRLF files, not into
    files mixing generated LF lines with moved CRLF ones). Python reads every line end as `\n`, inside
    string literals too, so this changes no value."""
    first = next((line for line in source_lines(source) if line.endswith(("\n", "\r"))), "\n")
    newline = "\r\n" if first.endswith("\r\n") else first[-1]
    lines = source_lines(text)
    if all(line.endswith(newline) for line in lines[:-1]) and (not lines or lines[-1].endswith(newline)):
        return text
    return "".join(line.rstrip("\r\n") + newline if line.endswith(("\n", "\r")) else line for line in lines)


def utf8_text(text: str, encoding: str) -> str:
    """`text` (read in `encoding`) as refactor-tool writes it, in UTF-8: a coding cookie naming another
    encoding goes (the line holding it; on a `#!` line, the encoding's name becomes utf-8), since it
    would make Python misread the UTF-8 bytes."""
    if _is_utf8(encoding):
        return text
    lines = source_lines(text)
    for number, line in enumerate(lines[:2]):
        if match := _COOKIE_TEXT.match(line):
            if line.startswith("#!"):
                lines[number] = line[: match.start(1)] + "utf-8" + line[match.end(1):]
            else:
                del lines[number]
            return "".join(lines)
        if line.strip() and not line.lstrip().startswith("#"):
            break  # code on the first line: the second cannot declare an encoding
    return text


def _is_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
