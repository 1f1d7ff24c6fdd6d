"""Budget checks that `refactor-check` enforces: each check is a pure function from files to findings."""

from __future__ import annotations

from refactor_tool.check.file_size import check_file_sizes
from refactor_tool.check.findings import Finding, FindingKind
from refactor_tool.io.project import ProjectConfig, load_project_config, python_files

__all__ = [
    "Finding",
    "FindingKind",
    "ProjectConfig",
    "check_file_sizes",
    "load_project_config",
    "python_files",
]
