"""A replayed `refactor-check` answer, written as the run that recorded it wrote it but with this run's
time: the recorded text, cut where the time goes. Standard library only, and none of it imported but
`sys`: a replay costs what the interpreter does.
"""

from __future__ import annotations

import sys

#: the formats a replay can write: those that need neither rich nor a side effect (github writes the
#: step summary file too)
REPLAYED_FORMATS = ("json", "concise")
#: stands for the run's time in the text of an answer being recorded (`replay_output` in render/check.py)
SECONDS = "\x00seconds\x00"


def timed(text: str, seconds: float | str) -> str:
    """A summary line's end: `240 files checked` -> `240 files checked in 0.31 s` (`SECONDS` kept as it is)."""
    return f"{text} in {seconds if isinstance(seconds, str) else format(seconds, '.2f')} s"


def seconds_shown(output_format: str, seconds: float) -> str:
    """The time as each format writes it: JSON's `seconds` (rounded to ms), the concise summary's."""
    return repr(round(seconds, 3)) if output_format == "json" else format(seconds, ".2f")


def write_replay(output: list[str], seconds: float) -> None:
    """`output`: [format, the text before the time, the text after it]."""
    output_format, before, after = output
    sys.stdout.write(before + seconds_shown(output_format, seconds) + after)
