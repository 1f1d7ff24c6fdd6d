"""The split port's real side: `split.use_case.apply_split` with a phase's plan, shim layout, verified.

The run checked the work tree once at its start, so its own splits may find it changed (`allow_dirty`).
"""

from __future__ import annotations

from pathlib import Path

from refactor_tool.roadmap.run_model import SplitOutcome
from refactor_tool.split.use_case import Layout, PlanSpec, SplitOptions, apply_split


def split_module(path: Path, spec: PlanSpec, dry_run: bool) -> SplitOutcome:
    options = SplitOptions(spec=spec, layout=Layout.SHIM, layout_given=True, allow_dirty=True, dry_run=dry_run)
    result = apply_split(path, options)
    modules = result.planned.plan.modules
    detail = [f"{'would write' if dry_run else 'wrote'} {len(modules)} modules: "
              + ", ".join(f"{module.dotted} ({module.lines} lines)" for module in modules)]
    if result.verification is not None:
        verification = result.verification
        detail.append(f"verified in {verification.seconds:.0f} s: every name as before" if verification.passed
                      else f"verification failed ({len(verification.differences)} differences; first: "
                           f"{verification.differences[0].as_dict()}); every file restored")
    if result.gate is not None and not result.gate.passed:
        detail.append(f"the split's gate failed: `{result.gate.command}`; every file restored")
    if result.interrupted is not None:
        detail.append(f"stopped by {result.interrupted.signal} {result.interrupted.stage.value}; every file restored")
    written = tuple(str(change.path) for change in result.planned.changes) if dry_run else tuple(result.written)
    return SplitOutcome(ok=result.ok, written=written, detail=tuple(detail), diff=result.diffs,
                        interrupted=None if result.interrupted is None else result.interrupted.exit_code)
