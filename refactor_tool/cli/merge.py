"""`merge` command (placeholder until issue 4 lands)."""

from __future__ import annotations

import click

COMMANDS: tuple[click.Command, ...] = ()
