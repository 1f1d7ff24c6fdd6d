"""`refactor-tool merge`: join modules into one, the inverse of `split`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from refactor_tool.cli import FORMAT_OPTION, reports_errors
from refactor_tool.io.interrupts import Interrupted
from refactor_tool.merging.use_case import merge as merge_modules
from refactor_tool.render import emit_json
from refactor_tool.render.merge import render_merge_interrupted, render_merge_text


@click.command()
@click.argument("modules", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--into", required=True, type=click.Path(path_type=Path), help="The merged module's path."
)
@click.option("--dry-run", is_flag=True, help="Print the diff; write nothing.")
@click.option(
    "--delete-sources",
    is_flag=True,
    help="Delete the merged modules (and emptied packages) instead of leaving re-exporting shims; "
    "modules that still import them are listed, and break.",
)
@FORMAT_OPTION
@reports_errors
def merge(
    modules: tuple[Path, ...], into: Path, dry_run: bool, delete_sources: bool, output_format: str
) -> None:
    """Join MODULES into one module at --into: imports between them dropped, definitions before uses.

    Each merged module left at its own path becomes a shim importing its names from the merged one, so
    code importing it keeps working (and gets the merged objects); --delete-sources removes them instead.
    All files are written, or none.
    """
    try:
        outcome = merge_modules(modules, into, dry_run=dry_run, delete_sources=delete_sources)
    except Interrupted as stop:
        render_merge_interrupted(stop.signal_name, as_json=output_format == "json")
        sys.exit(stop.exit_code)
    if output_format == "json":
        emit_json({**outcome.as_dict(), "diff": outcome.diff if dry_run else None})
    else:
        render_merge_text(outcome)
