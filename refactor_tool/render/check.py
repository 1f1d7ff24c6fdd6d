"""How `refactor-check` results look: a rich table for people, GitHub annotations for CI logs."""

from __future__ import annotations

from rich.table import Table

from refactor_tool.check.use_case import CheckResult
from refactor_tool.render import out


def render_check_text(result: CheckResult) -> None:
    if result.ok:
        out.print(f"[green]ok[/]: {result.files_checked} files within budget", markup=True)
        return
    table = Table(title="refactor-check findings", show_lines=False)
    for column in ("path", "check", "detail"):
        table.add_column(column)
    for finding in result.findings:
        table.add_row(finding.path, finding.kind.value, finding.message)
    out.print(table)
    out.print(f"{len(result.findings)} finding(s) in {result.files_checked} files")


def render_check_github(result: CheckResult) -> None:
    for finding in result.findings:
        out.print(
            f"::error file={finding.path},line={finding.line},title={finding.kind.value}::{finding.message}",
            markup=False,
            highlight=False,
        )
