"""`refactor-check` console script (placeholder; budgets land next)."""

from __future__ import annotations

import click


@click.command()
def main() -> None:
    """Check refactoring budgets."""
