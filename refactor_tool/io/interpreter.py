"""The port that runs a Python program in a fresh interpreter: how the split imports code without importing it here.

The child starts in an empty temporary folder (so files the imported code writes land there, not in the
project), with stdin closed and bytecode writing off, in a session of its own (so a timeout or an
interrupt stops it and everything it started). It gets a request file and writes its answer to another.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from refactor_tool.io.interrupts import deliver_held, held

__all__ = ["FreshInterpreter", "Interpreter", "ProgramRun"]

_OUTPUT_TAIL = 4000


@dataclass(frozen=True, slots=True)
class ProgramRun:
    """What one run left: its answer (however far it got), the tail of what it printed, whether it finished."""

    answer: str
    output: str
    returncode: int | None
    seconds: float

    @property
    def timed_out(self) -> bool:
        return self.returncode is None


class Interpreter(Protocol):
    def run(self, program: str, request: str, *, timeout: float) -> ProgramRun:
        """Run `program` (Python source) as `python -c program REQUEST_FILE ANSWER_FILE`."""
        ...


class FreshInterpreter:
    """A new `python` process for every run, the one this tool runs on unless told otherwise."""

    def __init__(self, executable: str | None = None) -> None:
        self.executable = executable or sys.executable

    def run(self, program: str, request: str, *, timeout: float) -> ProgramRun:
        with tempfile.TemporaryDirectory(prefix="refactor-tool-probe-") as scratch:
            folder = Path(scratch)
            request_file, answer_file, work = folder / "request.json", folder / "answer.jsonl", folder / "cwd"
            request_file.write_text(request, encoding="utf-8")
            answer_file.touch()
            work.mkdir()
            env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8"}
            started = time.monotonic()
            with held():  # a signal while it starts waits until `child` can be stopped
                child = subprocess.Popen(
                    [self.executable, "-c", program, str(request_file), str(answer_file)],
                    cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT, start_new_session=True,
                )
            try:
                deliver_held()
                output, _ = child.communicate(timeout=timeout)
                returncode: int | None = child.returncode
            except subprocess.TimeoutExpired:
                returncode = child.poll()  # it may have finished while something it started holds the pipe
                _stop(child)
                output, _ = child.communicate()
            except BaseException:
                _stop(child)
                child.wait()
                raise
            seconds = time.monotonic() - started
            text = output.decode("utf-8", errors="replace")[-_OUTPUT_TAIL:]
            return ProgramRun(answer_file.read_text(encoding="utf-8"), text, returncode, seconds)


def _stop(child: subprocess.Popen[bytes]) -> None:
    """The child and whatever it started (its own session): killed, since its answer no longer matters."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
