"""The gate: a command (the project's test suite) whose exit status decides whether a change stays."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.io.interrupts import deliver_held, held


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
    """Run the gate command through the shell; its exit status decides whether the split stays.

    It runs in a session of its own, so when the tool is interrupted (the split rolls back) the whole
    gate, with everything it started, is stopped rather than left testing files that are being restored.
    """
    if not command.strip():
        raise InputError("empty --gate command")
    with held():  # a signal while it starts waits until `child` can be stopped
        try:
            child = subprocess.Popen(command, shell=True, cwd=cwd, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     start_new_session=True)
        except OSError as error:
            return GateOutcome(command, 127, str(error))
    try:
        deliver_held()
        stdout, stderr = child.communicate()
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        raise
    return GateOutcome(command, child.returncode, (stdout + stderr)[-4000:])
