"""Commands a roadmap names (`pytest tests/bit_ttt`, the gate, the smoke test), run once per state.

The runner is a port (tests pass a fake); the real one is the gate's runner, which keeps each command's
output in a log under `.refactor_tool_cache/roadmap/` and reads pytest's counts. `pytest X` and
`python -m pytest X` are one command here: asking twice in an audit runs it once.
"""

from __future__ import annotations

import hashlib
import re
import shlex
from collections.abc import Callable
from pathlib import Path

from refactor_tool.io.fact_cache import CACHE_DIR
from refactor_tool.io.gate import GateOutcome, GateVerdict, run_gate
from refactor_tool.roadmap.verdicts import Check

#: (command, working folder) -> what running it gave
CommandRunner = Callable[[str, Path], GateOutcome]


def gate_runner(command: str, cwd: Path) -> GateOutcome:
    digest = hashlib.sha1(command.encode("utf-8")).hexdigest()[:10]
    slug = re.sub(r"[^A-Za-z0-9]+", "-", command).strip("-")[:40]
    return run_gate(command, cwd, log=cwd / CACHE_DIR / "roadmap" / f"{slug}-{digest}.log")


def same_command(command: str) -> str:
    """`pytest -q x` and `python -m pytest -q x` read as one; anything else as written (spaces folded)."""
    try:
        words = shlex.split(command)
    except ValueError:
        return " ".join(command.split())
    if len(words) >= 3 and Path(words[0]).name.startswith("python") and words[1:3] == ["-m", "pytest"]:
        words = ["pytest", *words[3:]]
    return shlex.join(words)


class Commands:
    """Runs commands in the project's root, remembering each outcome until `forget()` (files changed)."""

    def __init__(self, root: Path, runner: CommandRunner | None = None, *, enabled: bool = True) -> None:
        self.root = root
        self.runner = runner or gate_runner
        self.enabled = enabled
        self._seen: dict[str, GateOutcome] = {}

    def run(self, command: str) -> GateOutcome:
        key = same_command(command)
        if key not in self._seen:
            self._seen[key] = self.runner(command, self.root)
        return self._seen[key]

    def forget(self) -> None:
        self._seen.clear()

    def check(self, *commands: str) -> Check:
        """Every command passes (holds); one fails or runs no test (fails); one cannot start (unknown)."""
        if not self.enabled:
            return Check.unknown(f"not run (--no-commands): {', '.join(f'`{c}`' for c in commands)}")
        evidence, failed, unstarted = [], False, False
        for command in commands:
            outcome = self.run(command)
            evidence.append(describe(outcome).replace(f"{self.root}/", ""))
            failed |= outcome.verdict in (GateVerdict.FAILED, GateVerdict.RAN_NO_TEST)
            unstarted |= outcome.verdict is GateVerdict.NOT_STARTED
        if failed:
            return Check.fails(*evidence)
        return Check.unknown(*evidence) if unstarted else Check.holds(*evidence)


def describe(outcome: GateOutcome) -> str:
    """`pytest tests/bit_ttt`: passed (259 passed, 39 skipped) in 103 s; log .refactor_tool_cache/..."""
    counts = outcome.counts
    detail = ""
    if counts is not None:
        detail = " (" + ", ".join(f"{n} {what}" for n, what in ((counts.passed, "passed"), (counts.failed, "failed"),
                                                               (counts.errors, "errors"), (counts.skipped, "skipped"))
                                  if n) + ")"
    elif outcome.verdict is GateVerdict.FAILED:
        detail = f" (exit {outcome.returncode})"
    elif outcome.verdict is GateVerdict.NOT_STARTED:
        last = outcome.output_tail.strip().splitlines()[-1:] or [""]
        detail = f": {last[0]}" if last[0] else ""
    log = f"; log {outcome.log}" if outcome.log else ""
    return f"`{outcome.command}`: {outcome.verdict.value}{detail} in {outcome.seconds:.0f} s{log}"
