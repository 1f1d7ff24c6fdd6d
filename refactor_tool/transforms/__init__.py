"""LibCST transforms used by `split`: each takes source text and returns new source plus what it changed.

Pure functions of their inputs (no files, no printing); the `split` pipeline decides where results go.
"""

from __future__ import annotations

from refactor_tool.transforms.patch_targets import (
    PatchKind,
    PatchRewrite,
    PatchTarget,
    PatchTargetRewrite,
    StalePatch,
    find_patch_targets,
    rewrite_patch_targets,
)

__all__ = [
    "PatchKind",
    "PatchRewrite",
    "PatchTarget",
    "PatchTargetRewrite",
    "StalePatch",
    "find_patch_targets",
    "rewrite_patch_targets",
]
