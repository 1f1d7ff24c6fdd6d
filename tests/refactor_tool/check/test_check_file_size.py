from __future__ import annotations

import pytest

from refactor_tool.check.facts import count_lines
from refactor_tool.check.file_size import oversized
from refactor_tool.check.findings import FindingKind


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"", 0), (b"a", 1), (b"a\n", 1), (b"a\nb", 2), (b"a\nb\n", 2), (b"\n\n\n", 3)],
)
def test_count_lines_matches_wc_and_editors(data: bytes, expected: int) -> None:
    assert count_lines(data) == expected


def test_files_at_or_over_the_limit_are_reported_and_smaller_ones_are_not() -> None:
    findings = oversized({"small.py": 9, "edge.py": 10, "big.py": 25}, max_lines=10)
    assert [(f.path, f.message) for f in findings] == [
        ("big.py", "25 lines; files must stay under 10"), ("edge.py", "10 lines; files must stay under 10")]
    assert all(f.kind is FindingKind.FILE_TOO_LARGE and f.line == 10 for f in findings)
