"""`refactor-check`: the project's refactoring budgets, for CI and pre-commit (exit 1 on any finding)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from refactor_tool.check.use_case import run_checks
from refactor_tool.cli import reports_errors
from refactor_tool.render import emit_json
from refactor_tool.render.check import render_check_github, render_check_text


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Project root (where pyproject.toml is).",
)
@click.option("--max-lines", type=click.IntRange(min=1), default=None, help="Override [tool.refactor_tool] max-lines.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
)
@reports_errors
def main(root: Path, max_lines: int | None, output_format: str) -> None:
    """Check the project's budgets: every Python file under the line limit."""
    result = run_checks(root.resolve(), max_lines=max_lines)
    if output_format == "json":
        emit_json(result.as_dict())
    elif output_format == "github":
        render_check_github(result)
    else:
        render_check_text(result)
    sys.exit(0 if result.ok else 1)
