"""Everything the tool prints goes through here: rich for people (stderr for progress and errors), JSON for machines.

The two consoles, `out` and `err`, are made on first use, so a command that prints plain lines (as
`refactor-check` does off a terminal) never loads rich.
"""

from __future__ import annotations

import sys

from refactor_tool.errors import RefactorToolError

TYPE_CHECKING = False  # typing's, without importing typing: a replayed refactor-check loads this module
if TYPE_CHECKING:
    from typing import Any


def __getattr__(name: str) -> Any:
    """`out` (results for people) and `err` (progress, warnings and errors, so stdout stays parseable)."""
    if name not in ("out", "err"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rich.console import Console

    console = Console(stderr=name == "err", highlight=False, soft_wrap=True)
    globals()[name] = console
    return console


def _err() -> Any:
    return __getattr__("err") if "err" not in globals() else globals()["err"]


def json_text(data: Any) -> str:
    """One JSON document as the tool writes it: sorted and indented, ending with a newline."""
    import json  # here: a replayed refactor-check imports this package, and writes recorded text

    return json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"


def emit_json(data: Any) -> None:
    """Write one JSON document to stdout, with no ANSI codes."""
    sys.stdout.write(json_text(data))
    sys.stdout.flush()


def emit_error(error: RefactorToolError, *, as_json: bool = False) -> None:
    """One line on stderr (and a JSON object on stdout when machines are reading)."""
    from rich.markup import escape

    if as_json:
        emit_json(error.as_dict())
    _err().print(f"[bold red]error:[/] {escape(error.one_line())}", markup=True, highlight=False)


def emit_warning(message: str) -> None:
    from rich.markup import escape

    _err().print(f"[yellow]warning:[/] {escape(message)}", markup=True, highlight=False)
