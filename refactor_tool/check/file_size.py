"""file-too-large: every Python file stays under the line limit (the roadmap's "< 400 lines")."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from refactor_tool.check.findings import Finding, FindingKind


def count_lines(text: str) -> int:
    """Lines as `wc -l` and editors count them: a final line without a newline still counts."""
    if not text:
        return 0
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def check_file_sizes(files: Iterable[Path], max_lines: int, root: Path) -> tuple[Finding, ...]:
    """One finding per file whose line count is not under `max_lines`."""
    findings = []
    for path in sorted(files):
        lines = count_lines(path.read_text(encoding="utf-8", errors="replace"))
        if lines >= max_lines:
            shown = path.relative_to(root) if path.is_relative_to(root) else path
            findings.append(
                Finding(
                    kind=FindingKind.FILE_TOO_LARGE,
                    path=str(shown),
                    line=max_lines,
                    message=f"{lines} lines; the limit is under {max_lines}",
                    limit=max_lines,
                    actual=lines,
                )
            )
    return tuple(findings)
