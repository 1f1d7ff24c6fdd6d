"""Everything the tool prints goes through here: rich for people (stderr for progress and errors), JSON for machines."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

from refactor_tool.errors import RefactorToolError

#: Results for people; JSON output bypasses rich so it stays byte-clean.
out = Console(highlight=False, soft_wrap=True)
#: Progress, warnings and errors, so stdout stays parseable.
err = Console(stderr=True, highlight=False, soft_wrap=True)


def emit_json(data: Any) -> None:
    """Write one JSON document to stdout, sorted and indented, with no ANSI codes."""
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")
    sys.stdout.flush()


def emit_error(error: RefactorToolError, *, as_json: bool = False) -> None:
    """One line on stderr (and a JSON object on stdout when machines are reading)."""
    if as_json:
        emit_json(error.as_dict())
    err.print(f"[bold red]error:[/] {escape(error.one_line())}", markup=True, highlight=False)


def emit_warning(message: str) -> None:
    err.print(f"[yellow]warning:[/] {escape(message)}", markup=True, highlight=False)
