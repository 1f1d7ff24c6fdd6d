"""How split plans and results look for people: tables of modules, imports, re-exports, then warnings."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from refactor_tool.render import emit_warning, err, out
from refactor_tool.split.model import SplitPlan
from refactor_tool.split.plan.sizes import count_lines, over_limit
from refactor_tool.split.use_case import SplitPlanResult, SplitResult, SplitStage
from refactor_tool.split.verify_run import Verification


def _short(names: tuple[str, ...] | list[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", … (+{len(names) - limit})" if len(names) > limit else "")


def _render_limits(plan: SplitPlan) -> None:
    """Limits the split cannot meet, first: each file at or over the limit with why, the file count."""
    for finding in plan.limits:
        out.print(f"[bold red]{finding.kind.slug}[/] {escape(finding.path)}: {escape(finding.message)}",
                  markup=True)
    if plan.limits:
        out.print(f"[red]{len(plan.limits)} limit(s) not met[/] (files under {plan.max_lines} lines, at most "
                  f"{plan.max_new_files} new files): everything else is within them", markup=True)


def render_plan(result: SplitPlanResult, plan_file: Path | None = None) -> None:
    plan = result.plan
    _render_limits(plan)
    if not plan.modules:
        out.print(f"{plan.source_path}: nothing to split")
    else:
        table = Table(title=f"split of {plan.old_module} ({plan.layout.value} layout)")
        table.add_column("module", no_wrap=True)
        table.add_column("lines", justify="right")
        table.add_column("symbols", overflow="fold")
        table.add_column("why together", overflow="fold")
        table.add_column("imports from", overflow="fold")
        for module in plan.modules:
            lines = str(module.lines)
            if over_limit(module.lines, plan.max_lines):
                lines = f"[red]{lines}[/]"
            short_imports = [name.rpartition(".")[2] for name in module.imports_from]
            table.add_row(module.dotted, lines, escape(_short(module.symbols)), escape(module.reason),
                          ", ".join(short_imports))
        out.print(table)
        out.print(f"re-exported by {plan.old_module}: {_short(plan.reexports, 12)}")
        files = Table(title="files")
        files.add_column("action")
        files.add_column("path", overflow="fold")
        files.add_column("lines", justify="right")
        for change in result.changes:
            action = "create" if change.before is None else "delete" if change.after is None else "modify"
            lines = "" if change.after is None else str(count_lines(change.after))
            if change.after is not None and over_limit(count_lines(change.after), plan.max_lines):
                lines = f"[red]{lines}[/]"
            files.add_row(action, str(change.path), lines)
        out.print(files)
    if plan_file is not None:
        out.print(f"plan written to {escape(str(plan_file))}: edit it, then `refactor-tool split "
                  f"{escape(plan.source_path)} --plan {escape(str(plan_file))}`")
    for name, where in plan.forwarded:
        err.print(f"the facade forwards {plan.old_module}.{name} to the code that reads it: set by {where}",
                  markup=False)
    for change in result.mro_changes:
        emit_warning(f"__mro__ changed: {change}")
    for warning in plan.warnings:
        where = f"{plan.source_path}:{warning.line}: " if warning.line else ""
        emit_warning(f"{where}{warning.message} ({warning.kind.value})")


def render_split(result: SplitResult) -> None:
    if result.dry_run:
        sys.stdout.write(result.diffs)
        for warning in result.planned.plan.warnings:
            emit_warning(warning.message)
        return
    stop = result.interrupted
    if stop is not None and stop.stage is SplitStage.PLAN:
        err.print(f"[bold red]interrupted[/] by {stop.signal} {stop.stage.value}; nothing written", markup=True)
        return
    render_plan(result.planned)
    for path in result.tests.listed:
        emit_warning(f"{path}: patch targets name moved code (not rewritten)")
    for line in result.tests.rewrites:
        err.print(f"rewrote patch target {line}", markup=False)
    if result.interrupted is not None:
        stop = result.interrupted
        err.print(f"[bold red]interrupted[/] by {stop.signal} {stop.stage.value}; every file restored", markup=True)
        return
    if result.verification is not None and not result.verification.passed:
        render_differences(result.verification)
        return
    if result.gate is not None and not result.gate.passed:
        err.print(result.gate.output_tail, markup=False)
        err.print(f"[bold red]gate failed[/] ({result.gate.command!r} exited {result.gate.returncode}); "
                  "every file restored", markup=True)
        return
    if result.written:
        checked = ""
        if result.verification is not None:
            importers = result.verification.importers
            still = "module still imports" if importers == 1 else "modules still import"
            checked = (f"; verified{_with(result.verification)}: every name as before, {importers} importing "
                       f"{still} ({result.verification.seconds:.1f} s)")
        out.print(f"[green]wrote {len(result.written)} files[/]{escape(checked)}", markup=True)


def _with(verification: Verification) -> str:
    return "" if verification.interpreter is None else f" with {verification.interpreter.describe()}"


def render_differences(verification: Verification) -> None:
    """The verification's findings as a table on stderr: the split did not land."""
    table = Table(title="verification failed: the split module differs from the original")
    table.add_column("name", no_wrap=True)
    table.add_column("what changed")
    table.add_column("before", overflow="fold")
    table.add_column("after", overflow="fold")
    for difference in verification.differences:
        table.add_row(escape(difference.name), difference.kind.value, escape(difference.before),
                      escape(difference.after))
    err.print(table)
    err.print(f"[bold red]verification failed[/]{escape(_with(verification))} ({len(verification.differences)} "
              f"difference{'' if len(verification.differences) == 1 else 's'}); every file restored", markup=True)
