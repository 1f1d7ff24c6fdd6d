"""The `refactor-check` use case: run the project's budget checks and return every finding."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from refactor_tool.check import Finding, check_file_sizes, load_project_config, python_files


@dataclass(frozen=True, slots=True)
class CheckResult:
    root: str
    files_checked: int
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, object]:
        return {
            "root": self.root,
            "files_checked": self.files_checked,
            "ok": self.ok,
            "findings": [finding.as_dict() for finding in self.findings],
        }


def run_checks(root: Path, *, max_lines: int | None = None) -> CheckResult:
    """Check the project at `root`; `max_lines` overrides `[tool.refactor_tool] max-lines`."""
    config = load_project_config(root)
    limit = max_lines if max_lines is not None else config.max_lines
    files = python_files(root, config.exclude)
    return CheckResult(root=str(root), files_checked=len(files), findings=check_file_sizes(files, limit, root))
