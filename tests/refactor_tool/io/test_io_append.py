"""The append port: lines added whole, a torn last line mended, a line break refused, folders made."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_tool.io.append import append_line


def test_lines_are_added_in_order_and_the_folder_is_made(tmp_path: Path) -> None:
    log = tmp_path / "reports" / "events.jsonl"
    append_line(log, '{"a": 1}')
    append_line(log, "ünïcode")
    assert log.read_bytes() == '{"a": 1}\nünïcode\n'.encode()


def test_a_torn_last_line_gets_its_newline_before_ours(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    log.write_bytes(b"first\nsecond without newline")
    append_line(log, "third")
    assert log.read_bytes() == b"first\nsecond without newline\nthird\n"


@pytest.mark.parametrize("line", ["two\nlines", "carriage\rreturn"])
def test_a_line_break_inside_is_refused_and_nothing_written(tmp_path: Path, line: str) -> None:
    log = tmp_path / "events.jsonl"
    with pytest.raises(ValueError, match="no line break"):
        append_line(log, line)
    assert not log.exists()
