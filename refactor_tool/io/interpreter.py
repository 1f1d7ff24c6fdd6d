"""The port that runs a Python program in a fresh interpreter: how the split imports code without importing it here.

The child starts in an empty temporary folder (so files the imported code writes land there, not in the
project), with stdin closed and bytecode writing off, in a session of its own (so a timeout or an
interrupt stops it and everything it started). It gets a request file and writes its answer to another.
Which interpreter: the project's (see `choose_interpreter`), since the tool's own may lack the project's
dependencies (installed with pipx, in a pre-commit environment, in another venv).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol

from refactor_tool.errors import InputError
from refactor_tool.io.interrupts import deliver_held, held

__all__ = ["ChosenInterpreter", "FreshInterpreter", "Interpreter", "InterpreterSource", "ProgramRun",
           "choose_interpreter"]

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


class InterpreterSource(str, Enum):
    """Why this interpreter runs the verification: the first of these that names one wins."""

    GIVEN = "given with --python"
    CONFIGURED = "python in [tool.refactor_tool]"
    ACTIVE_VENV = "the active virtual environment, $VIRTUAL_ENV"
    PROJECT_VENV = "the project's virtual environment"
    ACTIVE_CONDA = "the active conda environment, $CONDA_PREFIX"
    TOOL = "the interpreter refactor-tool runs on"

    @property
    def slug(self) -> str:
        return self.name.lower().replace("_", "-")


@dataclass(frozen=True, slots=True)
class ChosenInterpreter:
    """The interpreter that imports the project's code, and why it was chosen (shown with every verdict)."""

    path: str
    source: InterpreterSource

    def describe(self) -> str:
        return f"{self.path} ({self.source.value})"

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "chosen_by": self.source.slug, "why": self.source.value}


def _venv_python(folder: Path) -> Path | None:
    """The interpreter of a virtual environment (or conda prefix) `folder`: bin/python, Scripts/python.exe."""
    for candidate in (folder / "bin" / "python", folder / "Scripts" / "python.exe", folder / "python.exe"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _absolute(path: Path) -> Path:
    """Absolute, symlinks kept: a venv's `bin/python` links to the base interpreter, and only the link
    path makes Python use the venv's site-packages."""
    return Path(os.path.abspath(path))


def _same_folder(first: str | Path, second: str | Path) -> bool:
    try:
        return Path(first).resolve() == Path(second).resolve()
    except OSError:
        return False


def _named(value: str, base: Path) -> Path | None:
    """What `--python` (or the config key) names: an interpreter file, a venv folder, or a command on PATH."""
    if os.sep not in value and "/" not in value and not Path(base, value).exists():
        found = shutil.which(value)
        return None if found is None else Path(found)
    path = _absolute(base / Path(value).expanduser())
    if path.is_dir():
        return _venv_python(path)
    return path if path.is_file() and os.access(path, os.X_OK) else None


def _project_venv(project: Path) -> Path | None:
    for name in (".venv", "venv"):
        if (project / name / "pyvenv.cfg").is_file():
            found = _venv_python(project / name)
            if found is not None:
                return _absolute(found)
    return None


def choose_interpreter(project: Path, *, given: str | None = None, configured: str | None = None,
                       config_file: Path | None = None, environ: Mapping[str, str] | None = None,
                       tool: str | None = None, tool_prefix: str | None = None) -> ChosenInterpreter:
    """The interpreter a user runs the project with: `--python`, else `python` of `[tool.refactor_tool]`,
    else the active virtual environment, else `.venv`/`venv` at the project root, else an active conda
    environment, else the tool's own.

    An active environment that is the tool's own (a pre-commit hook's, the venv the tool was installed
    in) gives way to the project's `.venv`, which is where the project's dependencies are.
    """
    environ = os.environ if environ is None else environ
    tool, tool_prefix = tool or sys.executable, tool_prefix or sys.prefix
    if given:
        found = _named(given, Path.cwd())
        if found is None:
            raise InputError(f"--python {given}: no Python interpreter there (a file, a virtual environment "
                             "folder or a command on PATH)")
        return ChosenInterpreter(str(found), InterpreterSource.GIVEN)
    if configured:
        folder = config_file.parent if config_file is not None else project
        found = _named(configured, folder)
        if found is None:
            raise InputError(f"[tool.refactor_tool] python = {configured!r}: no Python interpreter there",
                             path=config_file)
        return ChosenInterpreter(str(found), InterpreterSource.CONFIGURED)
    project_venv = _project_venv(project)
    active = environ.get("VIRTUAL_ENV")
    active_python = _venv_python(Path(active)) if active else None
    if active and active_python is not None:
        tools_own = _same_folder(active, tool_prefix)
        if not (tools_own and project_venv is not None and not _same_folder(project_venv.parent.parent, active)):
            return ChosenInterpreter(str(_absolute(active_python)), InterpreterSource.ACTIVE_VENV)
    if project_venv is not None:
        return ChosenInterpreter(str(project_venv), InterpreterSource.PROJECT_VENV)
    conda = environ.get("CONDA_PREFIX")
    conda_python = _venv_python(Path(conda)) if conda else None
    if conda_python is not None:
        return ChosenInterpreter(str(_absolute(conda_python)), InterpreterSource.ACTIVE_CONDA)
    return ChosenInterpreter(tool, InterpreterSource.TOOL)


class Interpreter(Protocol):
    def run(self, program: str, request: str, *, timeout: float) -> ProgramRun:
        """Run `program` (Python source) as `python -c program REQUEST_FILE ANSWER_FILE`."""
        ...

    def stop(self) -> None:
        """Stop every run in progress (another thread waits on it) and start no new one."""
        ...


class FreshInterpreter:
    """A new `python` process for every run, the one this tool runs on unless told otherwise."""

    def __init__(self, executable: str | None = None) -> None:
        self.executable = executable or sys.executable
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()
        self._stopped = False

    def stop(self) -> None:
        """Kill every child now running, from any thread (its `run` returns at once), and refuse new runs:
        what they were importing for (a split stopped by Ctrl+C) is abandoned."""
        with self._lock:
            self._stopped = True
            running = list(self._running)
        for child in running:
            _stop(child)

    def run(self, program: str, request: str, *, timeout: float) -> ProgramRun:
        with tempfile.TemporaryDirectory(prefix="refactor-tool-probe-") as scratch:
            folder = Path(scratch)
            request_file, answer_file, work = folder / "request.json", folder / "answer.jsonl", folder / "cwd"
            request_file.write_text(request, encoding="utf-8")
            answer_file.touch()
            work.mkdir()
            # One hash seed for every probe: a value built by iterating a set of strings (tokenize's
            # `_all_string_prefixes()` in a regular expression) reads the same in both imports.
            env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8", "PYTHONHASHSEED": "0"}
            started = time.monotonic()
            with held():  # a signal while it starts waits until `child` can be stopped
                child = subprocess.Popen(
                    [self.executable, "-c", program, str(request_file), str(answer_file)],
                    cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT, start_new_session=True,
                )
                with self._lock:
                    self._running.add(child)
                    stopped = self._stopped
            try:
                if stopped:
                    _stop(child)
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
            finally:
                with self._lock:
                    self._running.discard(child)
            seconds = time.monotonic() - started
            text = output.decode("utf-8", errors="replace")[-_OUTPUT_TAIL:]
            return ProgramRun(answer_file.read_text(encoding="utf-8"), text, returncode, seconds)


def _stop(child: subprocess.Popen[bytes]) -> None:
    """The child and whatever it started (its own session): killed, since its answer no longer matters."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGKILL)
