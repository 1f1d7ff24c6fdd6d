"""The sentences every `refactor-check` format shares: counts with correct plurals, limits with their
origin, the gate's tally. Plain strings, so the plain formats never need rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from refactor_tool.check.findings import Finding
from refactor_tool.check.limits import Limit
from refactor_tool.check.model import CheckResult
from refactor_tool.render.check_replay import timed

if TYPE_CHECKING:
    from refactor_tool.io.gate import GateOutcome


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 finding`, `2 findings`, `0 files`."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def summary(result: CheckResult) -> str:
    """`1 finding in 1 file (2 accepted); 240 files checked in 0.31 s`."""
    return timed(untimed_summary(result), result.seconds)


def untimed_summary(result: CheckResult) -> str:
    """The summary up to its time: `1 finding in 1 file (2 accepted); 240 files checked`."""
    failing = result.failing
    files = {finding.path for finding in failing if finding.path}
    accepted = f" ({len(result.accepted)} accepted)" if result.accepted else ""
    checked = f"{plural(result.files_checked, 'file')} checked"
    if not failing:
        return f"No findings{accepted}; {checked}"
    where = f" in {plural(len(files), 'file')}" if files else ""
    return f"{plural(len(failing), 'finding')}{where}{accepted}; {checked}"


def location(finding: Finding) -> str:
    if not finding.path:
        return ""
    return f"{finding.path}:{finding.line}" if finding.line else finding.path


def limit_text(limit: Limit, used: int | None) -> str:
    """`max-new-files 15 (used 3), from the roadmap (ROADMAP.md:91)`."""
    where = "" if limit.where in ("default", limit.origin.value) else f" ({limit.where})"
    usage = "" if used is None else f" (used {used})"
    return f"{limit.name} {limit.value}{usage}, from the {limit.origin.value}{where}"


def gate_text(gate: GateOutcome) -> str:
    """`passed: 120 passed, 14 skipped (JUnit XML report) in 41.2 s`."""
    counts = gate.counts
    tally = "" if counts is None else (
        f": {counts.passed} passed, {counts.failed} failed, {counts.skipped} skipped, "
        f"{plural(counts.errors, 'error')} ({counts.source.value})")
    return f"{gate.verdict.value}{tally} in {gate.seconds:.1f} s"


def marker_lines(gate: GateOutcome) -> list[str]:
    """`cuda tests: 0 ran, 14 skipped (no CUDA GPU)`: a CPU pass is never taken for a GPU pass."""
    lines = []
    for marker in gate.markers:
        why = f" ({'; '.join(marker.skip_reasons)})" if marker.skip_reasons else ""
        lines.append(f"{marker.marker} tests: {marker.ran} ran, {marker.skipped} skipped{why}")
    return lines
