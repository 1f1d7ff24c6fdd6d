"""refactor-tool: split monolithic Python modules into packages, keep every import path working, check budgets.

The Python API in one flat namespace. Names load on first use, so importing `refactor_tool` (as `bit-ttt`
does for its error handling) does not pull in LibCST or networkx.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing's, without importing typing: a replayed refactor-check loads this module
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_HOMES = {
    "AuditReport": "refactor_tool.roadmap.verdicts",
    "CheckFailed": "refactor_tool.errors",
    "CheckOptions": "refactor_tool.check.model",
    "CheckPorts": "refactor_tool.check.use_case",
    "CheckResult": "refactor_tool.check.model",
    "ClassSplitMode": "refactor_tool.split.model",
    "ConfigError": "refactor_tool.errors",
    "DiffResult": "refactor_tool.api.use_case",
    "GitError": "refactor_tool.errors",
    "InputError": "refactor_tool.errors",
    "Interruption": "refactor_tool.split.use_case",
    "Layout": "refactor_tool.split.model",
    "MergeOutcome": "refactor_tool.merging.use_case",
    "PlanError": "refactor_tool.errors",
    "PlanSpec": "refactor_tool.split.model",
    "PlannedModule": "refactor_tool.split.model",
    "RefactorToolError": "refactor_tool.errors",
    "ReportResult": "refactor_tool.roadmap.use_case",
    "RunResult": "refactor_tool.roadmap.run_model",
    "SnapshotResult": "refactor_tool.api.use_case",
    "SplitOptions": "refactor_tool.split.model",
    "SplitPlanResult": "refactor_tool.split.use_case",
    "SplitResult": "refactor_tool.split.use_case",
    "SplitStage": "refactor_tool.split.use_case",
    "UndoKind": "refactor_tool.undo.use_case",
    "UndoResult": "refactor_tool.undo.use_case",
    "api_diff": "refactor_tool.api.use_case",
    "apply_split": "refactor_tool.split.use_case",
    "audit_roadmap": "refactor_tool.roadmap.use_case",
    "lint_roadmap": "refactor_tool.roadmap.use_case",
    "merge": "refactor_tool.merging.use_case",
    "moved_names": "refactor_tool.split.use_case",
    "phase_clock_status": "refactor_tool.roadmap.use_case",
    "phase_plan": "refactor_tool.roadmap.use_case",
    "plan_split": "refactor_tool.split.use_case",
    "run_checks": "refactor_tool.check.use_case",
    "run_roadmap": "refactor_tool.roadmap.use_case",
    "show_roadmap": "refactor_tool.roadmap.use_case",
    "start_phase_clock": "refactor_tool.roadmap.use_case",
    "stop_phase_clock": "refactor_tool.roadmap.use_case",
    "take_snapshot": "refactor_tool.api.use_case",
    "undo_change": "refactor_tool.undo.use_case",
    "write_timebox_report": "refactor_tool.roadmap.use_case",
}

__all__ = sorted(["__version__", *_HOMES])


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'refactor_tool' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
