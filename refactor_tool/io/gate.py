"""The gate: a command (the project's test suite) whose outcome decides whether a change stays.

Its output streams to a log file (and to an `on_output` callback, for progress); when the command is a
plain pytest call the gate adds `--junit-xml` and a marker plugin, so the counts it reports (and how many
`cuda` tests ran or were skipped) are exact rather than read back from the summary line.
"""

from __future__ import annotations

import collections
import contextlib
import importlib.util
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from refactor_tool.errors import InputError
from refactor_tool.io.gate_results import MarkerCounts, RunCounts, parse_junit, parse_summary
from refactor_tool.io.interrupts import deliver_held, held

_PLUGIN = "refactor_check_markers"
#: the plugin's source module, found by name (it is never imported here)
_PLUGIN_SOURCE = "refactor_tool.io.pytest_markers"
_SHELL_SYNTAX = set(";&|<>`$()\n")
#: Exit statuses with which a POSIX shell says the command itself could not be run.
_NOT_STARTED = {126: "the command is not executable", 127: "the command was not found"}


class GateVerdict(str, Enum):
    PASSED = "passed"
    FAILED = "failed"
    RAN_NO_TEST = "ran no test"
    NOT_STARTED = "could not start"


@dataclass(frozen=True, slots=True)
class GateOutcome:
    command: str
    returncode: int
    output_tail: str
    started: bool = True
    counts: RunCounts | None = None
    markers: tuple[MarkerCounts, ...] = ()
    log: str | None = None
    seconds: float = 0.0

    @property
    def verdict(self) -> GateVerdict:
        if not self.started:
            return GateVerdict.NOT_STARTED
        if self.counts is not None and self.counts.ran == 0:
            return GateVerdict.RAN_NO_TEST
        return GateVerdict.PASSED if self.returncode == 0 else GateVerdict.FAILED

    @property
    def passed(self) -> bool:
        return self.verdict is GateVerdict.PASSED

    def as_dict(self) -> dict[str, object]:
        return {"command": self.command, "returncode": self.returncode, "passed": self.passed,
                "verdict": self.verdict.value, "started": self.started, "log": self.log,
                "seconds": round(self.seconds, 2),
                "counts": None if self.counts is None else self.counts.as_dict(),
                "markers": [marker.as_dict() for marker in self.markers], "output_tail": self.output_tail}


def is_plain_pytest(command: str) -> bool:
    """`pytest ...` or `python -m pytest ...` with no shell syntax, so options can be appended safely."""
    if _SHELL_SYNTAX & set(command):
        return False
    import shlex

    try:
        words = shlex.split(command)
    except ValueError:
        return False
    if not words:
        return False
    if Path(words[0]).name in ("pytest", "py.test"):
        return True
    return Path(words[0]).name.startswith("python") and words[1:3] == ["-m", "pytest"]


def run_gate(
    command: str,
    cwd: Path | None = None,
    *,
    log: Path | None = None,
    on_output: Callable[[str], None] | None = None,
    markers: tuple[str, ...] = ("cuda",),
) -> GateOutcome:
    """Run `command` through the shell; with `log`, keep its output there (and a JUnit report beside it)."""
    if not command.strip():
        raise InputError("empty gate command")
    env = dict(os.environ)
    shown, junit = command, None
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
        if is_plain_pytest(command) and "--junit" not in command:
            junit = log.with_suffix(".xml")
            junit.unlink(missing_ok=True)
            command = f"{command} --junit-xml={_quote(junit)} -p {_PLUGIN}"
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [_install_plugin(log.parent), env.get("PYTHONPATH")]))
    start = time.monotonic()
    try:
        returncode, tail = _stream(command, cwd, env, log, on_output)
    except OSError as error:
        return GateOutcome(shown, 127, str(error), started=False, log=_shown(log))
    seconds = time.monotonic() - start
    if returncode in _NOT_STARTED and _looks_unstarted(tail):
        return GateOutcome(shown, returncode, tail, started=False, log=_shown(log), seconds=seconds)
    counts, marked = _counts(junit, tail, markers)
    return GateOutcome(shown, returncode, tail, True, counts, marked, _shown(log), seconds)


def _stream(command: str, cwd: Path | None, env: dict[str, str], log: Path | None,
            on_output: Callable[[str], None] | None) -> tuple[int, str]:
    """Run the command, copying its output line by line to the log and the callback; keep the tail.

    It runs in a session of its own, so when the tool is interrupted (a split rolls back) the whole gate,
    with everything it started, is stopped rather than left testing files that are being restored.
    """
    tail: collections.deque[str] = collections.deque(maxlen=200)
    with held():  # a signal while it starts waits until `process` can be stopped
        process = subprocess.Popen(command, shell=True, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   errors="replace", bufsize=1, start_new_session=True)
    sink = log.open("w", encoding="utf-8") if log is not None else None
    try:
        deliver_held()
        assert process.stdout is not None
        for line in process.stdout:
            tail.append(line)
            if sink is not None:
                sink.write(line)
            if on_output is not None:
                on_output(line.rstrip("\n"))
        returncode = process.wait()
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    finally:
        if sink is not None:
            sink.close()
        if process.stdout is not None:
            process.stdout.close()
    return returncode, "".join(tail)[-4000:]


def _looks_unstarted(tail: str) -> bool:
    lines = tail.strip().splitlines()
    return len(lines) <= 2 and any("not found" in line or "ermission denied" in line for line in lines)


def _counts(junit: Path | None, tail: str, markers: tuple[str, ...]) -> tuple[RunCounts | None, tuple[MarkerCounts, ...]]:
    if junit is not None and junit.is_file():
        try:
            return parse_junit(junit.read_bytes(), markers)
        except (SyntaxError, OSError):  # a truncated report (the run was killed): use the summary line
            pass
    return parse_summary(tail), ()


def _quote(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def _install_plugin(folder: Path) -> str:
    """Copy the marker plugin next to the log under its import name; return the folder for PYTHONPATH."""
    target = folder / "plugin"
    target.mkdir(exist_ok=True)
    import shutil

    spec = importlib.util.find_spec(_PLUGIN_SOURCE)
    assert spec is not None and spec.origin is not None
    shutil.copyfile(spec.origin, target / f"{_PLUGIN}.py")
    return str(target)


def _shown(log: Path | None) -> str | None:
    return None if log is None else str(log)
