"""The one source reader: bytes decoded as Python decodes them (PEP 263), refusals naming file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from refactor_tool.errors import InputError
from refactor_tool.syntax.source import decode_source, read_source, utf8_text

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
