"""Modules that find their own frames by file are refused: split, they would take moved code for callers."""

from __future__ import annotations

import ast
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import main
from refactor_tool.split.frames import frames_found_by_file

STDLIB = Path(sysconfig.get_paths()["stdlib"])

SRCFILE = '''
import os, sys

def add_level(level):
    return level

_srcfile = os.path.normcase(add_level.__code__.co_filename)

def find_caller():
    f = sys._getframe(1)
    while f and os.path.normcase(f.f_code.co_filename) == _srcfile:
        f = f.f_back
    return f.f_code.co_name
'''

OWN_FRAME = '''
import sys

def stacklevel():
    f = sys._getframe()
    filename = f.f_code.co_filename
    level = 2
    while f := f.f_back:
        if f.f_code.co_filename != filename:
            break
        level += 1
    return level
'''

FILE_COMPARED = '''
import sys

def outside(frame):
    return frame.f_code.co_filename != __file__
'''

BY_DEPTH = '''
import sys

def caller_file():
    frame = sys._getframe().f_back       # doctest, traceback: one frame up, whatever its file
    return frame.f_code.co_filename

def named(frame):
    return frame.f_code.co_filename      # inspect: reports a file, compares none with its own
'''


@pytest.mark.parametrize(("source", "line"), [(SRCFILE, 7), (OWN_FRAME, 6), (FILE_COMPARED, 5), (BY_DEPTH, None)])
def test_code_finding_its_own_frames_by_file_is_found(source: str, line: int | None) -> None:
    found = frames_found_by_file(ast.parse(source))
    assert (found[1] if found else None) == line


@pytest.mark.parametrize(("module", "expected"), [
    ("logging/__init__.py", "addLevelName"), ("subprocess.py", "_text_encoding"),
    ("inspect.py", None), ("traceback.py", None), ("doctest.py", None), ("warnings.py", None),
])
def test_standard_library_walkers(module: str, expected: str | None) -> None:
    found = frames_found_by_file(ast.parse((STDLIB / module).read_text()))
    assert (found[0].split("`")[1].split(".")[0] if found else None) == expected


def test_split_refuses_such_a_module_and_writes_nothing(tmp_path: Path) -> None:
    pad = "".join(f"\n\ndef helper_{n}(x):\n" + "    x += 1\n" * 20 + "    return x\n" for n in range(30))
    module = tmp_path / "logs.py"
    module.write_text(SRCFILE + pad)
    result = CliRunner().invoke(main, ["split", str(module)])
    assert result.exit_code == 2
    assert "logs.py:7" in result.output and "add_level.__code__.co_filename" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logs.py"]
    assert module.read_text() == SRCFILE + pad
