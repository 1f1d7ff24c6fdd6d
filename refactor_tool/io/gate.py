"""The gate: a command (the project's test suite) whose exit status decides whether a change stays."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from refactor_tool.errors import InputError


@dataclass(frozen=True, slots=True)
class GateOutcome:
    command: str
    returncode: int
    output_tail: str

    @property
    def passed(self) -> bool:
        return self.returncode == 0

    def as_dict(self) -> dict[str, object]:
        return {"command": self.command, "returncode": self.returncode, "passed": self.passed,
                "output_tail": self.output_tail}


def run_gate(command: str, cwd: Path | None = None) -> GateOutcome:
    """Run the gate command through the shell; its exit status decides whether the split stays."""
    if not command.strip():
        raise InputError("empty --gate command")
    try:
        result = subprocess.run(command, shell=True, cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as error:
        return GateOutcome(command, 127, str(error))
    tail = (result.stdout + result.stderr)[-4000:]
    return GateOutcome(command, result.returncode, tail)
