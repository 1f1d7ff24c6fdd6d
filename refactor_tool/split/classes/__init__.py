"""Classes over the line limit: their methods split into parts (LibCST transforms, pure functions of text)."""

from __future__ import annotations

from refactor_tool.split.classes.split_class import (
    ClassSplit,
    KeepReason,
    KeptMethod,
    MixinPart,
    MroChange,
    split_large_classes,
)

__all__ = ["ClassSplit", "KeepReason", "KeptMethod", "MixinPart", "MroChange", "split_large_classes"]
