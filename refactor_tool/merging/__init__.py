"""Merge modules into one (`refactor-tool merge`): the inverse of a split, written with LibCST."""

from __future__ import annotations

from refactor_tool.merging.core import merge_modules
from refactor_tool.merging.model import MergeResult, MergeWarning, MergeWarningKind, SourceModule
from refactor_tool.syntax.modnames import module_name

__all__ = [
    "MergeResult",
    "MergeWarning",
    "MergeWarningKind",
    "SourceModule",
    "merge_modules",
    "module_name",
]
