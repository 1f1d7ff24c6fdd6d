"""Budget checks that `refactor-check` enforces: each check is a pure function from files to findings."""

from __future__ import annotations

from refactor_tool.checks.file_size import check_file_sizes
from refactor_tool.checks.findings import Finding, FindingKind
from refactor_tool.checks.project import ProjectConfig, load_project_config, python_files

__all__ = [
    "Finding",
    "FindingKind",
    "ProjectConfig",
    "check_file_sizes",
    "load_project_config",
    "python_files",
]
