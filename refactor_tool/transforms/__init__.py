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
from refactor_tool.transforms.split_class import (
    ClassSplit,
    KeepReason,
    KeptMethod,
    MixinPart,
    MroChange,
    split_large_classes,
)

__all__ = [
    "ClassSplit",
    "KeepReason",
    "KeptMethod",
    "MixinPart",
    "MroChange",
    "PatchKind",
    "PatchRewrite",
    "PatchTarget",
    "PatchTargetRewrite",
    "StalePatch",
    "find_patch_targets",
    "rewrite_patch_targets",
    "split_large_classes",
]
