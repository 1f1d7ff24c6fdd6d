"""The one source reader: bytes decoded as Python decodes them (PEP 263), refusals naming file and line."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from refactor_tool.errors import InputError
from refactor_tool.syntax.source import (
    decode_source,
    in_line_ends_of,
    read_source,
    source_lines,
    utf8_text,
)

LATIN1 = '# -*- coding: latin-1 -*-\nNAME = "café"\n'


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (LATIN1.encode("latin-1"), LATIN1, "iso-8859-1"),
        ('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nA = "€"\n'.encode("cp1252"),
         '#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\nA = "€"\n', "cp1252"),
        ("\ufeffA = 'é'\n".encode(), "A = 'é'\n", "utf-8-sig"),
        ("A = 'é'\r\nB = 2\r\n".encode(), "A = 'é'\r\nB = 2\r\n", "utf-8"),  # newlines kept
    ],
)
def test_bytes_decode_as_python_decodes_them(data: bytes, text: str, encoding: str) -> None:
    source = decode_source(data, "m.py")
    assert (source.text, source.encoding) == (text, encoding)
    compile(data, "m.py", "exec")  # Python accepts each of them too
    assert source.exact.encode("utf-8", "surrogateescape") == data


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b'A = 1\nB = "\xe9"\n', 2, "not UTF-8 (no coding cookie says otherwise): invalid continuation byte"),
        (b'A = "\xe9"\n', 1, "not UTF-8"),
        (b"# coding: klingon\nA = 1\n", 1, "unknown encoding: klingon"),
        (b"#!/usr/bin/python\n# coding: klingon\nA = 1\n", 2, "unknown encoding: klingon"),
        (b"\xef\xbb\xbf# coding: latin-1\nA = 1\n", 1, "encoding problem"),
        (b'# coding: ascii\nA = "\xc3\xa9"\n', 2, "not ascii"),
    ],
)
def test_a_file_python_refuses_is_an_input_error_with_its_line(data: bytes, line: int, message: str) -> None:
    with pytest.raises(SyntaxError):
        compile(data, "m.py", "exec")
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        decode_source(data, "pkg/m.py")
    assert (caught.value.path, caught.value.line) == ("pkg/m.py", line)


def test_reading_a_missing_or_unreadable_path_is_one_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "gone.py")
    with pytest.raises(InputError, match="is a directory"):
        read_source(tmp_path)
    blocker = tmp_path / "plain-file"
    blocker.write_text("")
    with pytest.raises(InputError, match="cannot read") as caught:
        read_source(blocker / "m.py")  # a path under a regular file: ENOTDIR, even for root
    assert caught.value.path == str(blocker / "m.py")


@pytest.mark.parametrize(
    ("text", "encoding", "written"),
    [
        (LATIN1, "iso-8859-1", 'NAME = "café"\n'),
        ("#!/usr/bin/env python\n# coding=cp1252\nA = 1\n", "cp1252", "#!/usr/bin/env python\nA = 1\n"),
        ("#!/usr/bin/python -*- coding: latin-1 -*-\nA = 1\n", "latin-1", "#!/usr/bin/python -*- coding: utf-8 -*-\nA = 1\n"),
        ("# -*- coding: utf-8 -*-\nA = 1\n", "utf-8", "# -*- coding: utf-8 -*-\nA = 1\n"),  # true: kept
        ("A = 1\n# coding: latin-1\n", "utf-8", "A = 1\n# coding: latin-1\n"),  # not a cookie there
    ],
)
def test_what_is_written_is_utf8_without_a_cookie_saying_otherwise(text: str, encoding: str, written: str) -> None:
    result = utf8_text(text, encoding)
    assert result == written
    assert decode_source(result.encode(), "m.py").text == result  # Python reads the UTF-8 bytes back


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_source_lines_are_the_lines_python_numbers(newline: str) -> None:
    text = f"a = 1{newline}b = '\f'  # a form feed is not a line end{newline}\x0cc = 3"
    lines = source_lines(text)
    assert "".join(lines) == text
    assert len(lines) == 3  # str.splitlines() gives 4: it splits at the form feed
    assert [node.lineno for node in ast.parse(text).body] == [1, 2, 3]
    assert lines[2] == "\x0cc = 3"


@pytest.mark.parametrize(("source", "expected"), [
    ("x = 1\r\ny = 2\r\n", 'def f():\r\n    return """a\r\nb"""\r\n'),
    ("x = 1\ry = 2\r", 'def f():\r    return """a\rb"""\r'),
    ("x = 1\ny = 2\r\n", 'def f():\n    return """a\nb"""\n'),  # the first line end decides
])
def test_generated_text_takes_the_line_ends_of_its_source(source: str, expected: str) -> None:
    mixed = 'def f():\n    return """a\r\nb"""\r'
    assert in_line_ends_of(mixed, source) == expected
    namespace: dict[str, object] = {}
    exec(compile(in_line_ends_of(mixed, source), "m.py", "exec"), namespace)
    assert namespace["f"]() == "a\nb"  # Python reads every line end as \n, in literals too
