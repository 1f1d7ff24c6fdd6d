"""Public API surfaces: read a package's every public import path statically, snapshot it, diff two of them.

Used by `refactor-tool api` and by `refactor-check`; everything here is pure apart from reading files and git.
"""

from __future__ import annotations

from refactor_tool.api.allow import find_pyproject, read_allow
from refactor_tool.api.diff import ApiDiff, diff_surfaces, dynamic_candidates
from refactor_tool.api.inputs import Loaded, load
from refactor_tool.api.kinds import DOCS, Addition, BreakageKind, Finding, KindDoc, Severity
from refactor_tool.api.model import (
    Entry,
    EntryKind,
    Parameter,
    ParamKind,
    Problem,
    Signature,
    Surface,
)
from refactor_tool.api.snapshot import FORMAT_VERSION

__all__ = [
    "DOCS",
    "FORMAT_VERSION",
    "Addition",
    "ApiDiff",
    "BreakageKind",
    "Entry",
    "EntryKind",
    "Finding",
    "KindDoc",
    "Loaded",
    "ParamKind",
    "Parameter",
    "Problem",
    "Severity",
    "Signature",
    "Surface",
    "diff_surfaces",
    "dynamic_candidates",
    "find_pyproject",
    "load",
    "read_allow",
]
