"""`refactor-tool api snapshot` and `refactor-tool api diff`: parse options, call `app.api`, render, exit 0/1/2."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from refactor_tool.api.use_case import api_diff, take_snapshot
from refactor_tool.cli import FORMAT_OPTION, reports_errors, version_option
from refactor_tool.render.api import render_diff, render_snapshot

IMPORT_OPTION = click.option(
    "--import",
    "use_import",
    is_flag=True,
    help="Also import the package in a subprocess to see names made at import time (runs its code).",
)


@click.group("api")
@version_option()
def api_group() -> None:
    """Public API surface: snapshots and breaking-change diffs that see through moves and re-exports."""


@api_group.command("snapshot")
@click.argument("package")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the snapshot here (else stdout).")
@IMPORT_OPTION
@FORMAT_OPTION
@reports_errors
def snapshot(package: str, output: Path | None, use_import: bool, output_format: str) -> None:
    """Write PACKAGE's public surface (a name, a folder, a .py file or git:REF:PATH) as sorted JSON."""
    result = take_snapshot(package, output=output, use_import=use_import)
    render_snapshot(result, as_json=output_format == "json")
    sys.exit(result.exit_code)


@api_group.command("diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github", "markdown"]),
    default="text",
    show_default=True,
    help="text (rich), json (stdout only), github (workflow annotations) or markdown (PR comments).",
)
@IMPORT_OPTION
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="pyproject.toml with [tool.refactor_tool.api.allow] (default: nearest to NEW or the current folder).",
)
@reports_errors
def diff(old: str, new: str, output_format: str, use_import: bool, config: Path | None) -> None:
    """Compare OLD and NEW; exit 1 on a breaking change that no allow entry accepts.

    OLD and NEW are each a snapshot .json, a package folder or .py file, or git:REF[:PATH] (PATH relative
    to the repository root; without it, the other side's folder). Git refs are read without a checkout.
    """
    result = api_diff(old, new, use_import=use_import, config=config)
    render_diff(result, output_format)
    sys.exit(result.exit_code)
