"""Test files whose patch targets (`mock.patch("pkg.core.helper")`) name code a split moves: found and re-aimed."""

from __future__ import annotations

from refactor_tool.split.patch_targets.rewrite import (
    PatchKind,
    PatchRewrite,
    PatchTarget,
    PatchTargetRewrite,
    StalePatch,
    find_patch_targets,
    rewrite_patch_targets,
)
from refactor_tool.split.patch_targets.test_files import TestRewrite, rewrite_tests

__all__ = [
    "PatchKind",
    "PatchRewrite",
    "PatchTarget",
    "PatchTargetRewrite",
    "StalePatch",
    "TestRewrite",
    "find_patch_targets",
    "rewrite_patch_targets",
    "rewrite_tests",
]
