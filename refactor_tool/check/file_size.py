"""file-too-large: every Python file stays under the line limit (the roadmap's "< 400 lines")."""

from __future__ import annotations

from collections.abc import Mapping

from refactor_tool.check.findings import Finding, FindingKind


def oversized(line_counts: Mapping[str, int], max_lines: int) -> tuple[Finding, ...]:
    """One finding per file whose line count is not under `max_lines`, at the first line over it."""
    return tuple(
        Finding(FindingKind.FILE_TOO_LARGE, path, max_lines, f"{lines} lines; files must stay under {max_lines}")
        for path, lines in sorted(line_counts.items())
        if lines >= max_lines
    )
