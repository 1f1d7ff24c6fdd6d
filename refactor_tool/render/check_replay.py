"""A replayed `refactor-check` answer, written as the run that recorded it wrote it but with this run's
time; and the record of an answer, made from the renderers' own output. Standard library only.
"""

from __future__ import annotations

import sys
from typing import Any

from refactor_tool.render import emit_json

#: the formats a replay can write: those that need neither rich nor a side effect (github writes the
#: step summary file too)
REPLAYED_FORMATS = ("json", "concise")


def timed(text: str, seconds: float) -> str:
    """A summary line's end: `240 files checked` -> `240 files checked in 0.31 s`."""
    return f"{text} in {seconds:.2f} s"


def write_replay(output: dict[str, Any], seconds: float) -> None:
    if output["format"] == "json":
        emit_json({**output["data"], "seconds": round(seconds, 3)})
    else:
        sys.stdout.write("".join(line + "\n" for line in output["lines"]) + timed(output["summary"], seconds) + "\n")
