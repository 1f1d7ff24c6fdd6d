from __future__ import annotations

from pathlib import Path

import pytest

from refactor_tool.check import FindingKind, check_file_sizes
from refactor_tool.check.file_size import count_lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", 0), ("a", 1), ("a\n", 1), ("a\nb", 2), ("a\nb\n", 2), ("\n\n\n", 3)],
)
def test_count_lines_matches_wc_and_editors(text: str, expected: int) -> None:
    assert count_lines(text) == expected


def test_files_at_or_over_the_limit_are_reported_and_smaller_ones_are_not(tmp_path: Path) -> None:
    sizes = {"small.py": 9, "edge.py": 10, "big.py": 25}
    for name, lines in sizes.items():
        (tmp_path / name).write_text("".join(f"x{i} = {i}\n" for i in range(lines)), encoding="utf-8")
    findings = check_file_sizes(list(tmp_path.glob("*.py")), max_lines=10, root=tmp_path)
    assert {f.path: f.actual for f in findings} == {"edge.py": 10, "big.py": 25}
    assert all(f.kind is FindingKind.FILE_TOO_LARGE and f.limit == 10 for f in findings)
