"""`bit-ttt` console script (placeholder until issue 3 lands)."""

from __future__ import annotations

import click


@click.group()
def main() -> None:
    """Train, evaluate and sample the Bit-TTT model."""
