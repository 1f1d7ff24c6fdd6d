"""gate-failed: the success gate (the test suite) must run, run tests, and pass."""

from __future__ import annotations

from refactor_tool.check.findings import Finding, FindingKind
from refactor_tool.io.gate import GateOutcome, GateVerdict


def gate_findings(outcome: GateOutcome) -> tuple[Finding, ...]:
    if outcome.passed:
        return ()
    log = f" (log: {outcome.log})" if outcome.log else ""
    if outcome.verdict is GateVerdict.NOT_STARTED:
        last = outcome.output_tail.strip().splitlines()[-1:] or [""]
        message = f"gate `{outcome.command}` could not start: {last[0]}".rstrip(": ")
    elif outcome.verdict is GateVerdict.RAN_NO_TEST:
        message = f"gate `{outcome.command}` ran no test (exit {outcome.returncode})"
    else:
        counts = outcome.counts
        tally = "" if counts is None else f": {counts.failed} failed, {counts.errors} errors, {counts.passed} passed"
        message = f"gate `{outcome.command}` failed (exit {outcome.returncode}){tally}"
    return (Finding(FindingKind.GATE_FAILED, "", 0, message + log, subject=outcome.command),)
