"""`api snapshot` and `api diff` commands (placeholder until issue 5 lands)."""

from __future__ import annotations

import click

COMMANDS: tuple[click.Command, ...] = ()
