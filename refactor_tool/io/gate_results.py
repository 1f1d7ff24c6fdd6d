"""What a gate's test run reported: counts read from a JUnit XML report, or from the runner's summary line.

JUnit XML is exact (pytest writes it with `--junit-xml`); a summary line ("3 passed, 1 skipped in 2.1s",
unittest's "Ran 4 tests ... OK (skipped=1)") is the fallback for every other runner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

#: The name under which the marker plugin records each test's markers in the JUnit XML report.
MARKERS_PROPERTY = "markers"


class CountSource(str, Enum):
    JUNIT = "JUnit XML report"
    SUMMARY = "summary line"


@dataclass(frozen=True, slots=True)
class RunCounts:
    passed: int
    failed: int
    skipped: int
    errors: int
    source: CountSource

    @property
    def ran(self) -> int:
        """Tests that were executed (skipped ones were not)."""
        return self.passed + self.failed + self.errors

    def as_dict(self) -> dict[str, object]:
        return {"passed": self.passed, "failed": self.failed, "skipped": self.skipped,
                "errors": self.errors, "source": self.source.value}


@dataclass(frozen=True, slots=True)
class MarkerCounts:
    """How many tests carrying `marker` ran and how many were skipped, with the skip reasons given."""

    marker: str
    ran: int
    skipped: int
    skip_reasons: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"marker": self.marker, "ran": self.ran, "skipped": self.skipped,
                "skip_reasons": list(self.skip_reasons)}


def parse_junit(data: bytes, markers: tuple[str, ...] = ()) -> tuple[RunCounts, tuple[MarkerCounts, ...]]:
    """Counts from a JUnit XML report; `markers` are counted from each test case's `markers` property."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(data)
    counts = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
    ran: dict[str, int] = dict.fromkeys(markers, 0)
    skipped: dict[str, int] = dict.fromkeys(markers, 0)
    reasons: dict[str, list[str]] = {marker: [] for marker in markers}
    for case in root.iter("testcase"):
        outcome, reason = _outcome(case)
        counts[outcome] += 1
        for marker in _markers_of(case) & set(markers):
            if outcome == "skipped":
                skipped[marker] += 1
                if reason and reason not in reasons[marker]:
                    reasons[marker].append(reason)
            else:
                ran[marker] += 1
    marked = tuple(MarkerCounts(m, ran[m], skipped[m], tuple(reasons[m])) for m in markers if ran[m] or skipped[m])
    return RunCounts(**counts, source=CountSource.JUNIT), marked


def _outcome(case: Element) -> tuple[str, str]:
    for child in case:
        if child.tag == "skipped":
            return "skipped", child.get("message", "").strip()
        if child.tag == "failure":
            return "failed", ""
        if child.tag == "error":
            return "errors", ""
    return "passed", ""


def _markers_of(case: Element) -> set[str]:
    found: set[str] = set()
    for prop in case.iter("property"):
        if prop.get("name") == MARKERS_PROPERTY:
            found.update(prop.get("value", "").split())
    return found


_PAIR = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed|deselected)\b")
_UNITTEST_RAN = re.compile(r"^Ran (\d+) tests? in ", re.MULTILINE)
_UNITTEST_END = re.compile(r"^(OK|FAILED)\b(?: \((.*)\))?\s*$", re.MULTILINE)
_KIND = {"passed": "passed", "xpassed": "passed", "failed": "failed", "error": "errors", "errors": "errors",
         "skipped": "skipped", "xfailed": "skipped"}


def parse_summary(output: str) -> RunCounts | None:
    """Counts from the last summary line a test runner printed, None when there is none."""
    for line in reversed(output.splitlines()):
        if re.search(r"\bno tests ran\b", line):
            return RunCounts(0, 0, 0, 0, CountSource.SUMMARY)
        pairs = _PAIR.findall(line)
        if pairs:
            counts = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
            for number, word in pairs:
                if word in _KIND:
                    counts[_KIND[word]] += int(number)
            return RunCounts(**counts, source=CountSource.SUMMARY)
    return _unittest_summary(output)


def _unittest_summary(output: str) -> RunCounts | None:
    ran = list(_UNITTEST_RAN.finditer(output))
    end = list(_UNITTEST_END.finditer(output))
    if not ran or not end:
        return None
    total = int(ran[-1].group(1))
    details = dict(re.findall(r"(\w+)=(\d+)", end[-1].group(2) or ""))
    failed = int(details.get("failures", 0)) + int(details.get("unexpected successes", 0))
    errors = int(details.get("errors", 0))
    skipped = int(details.get("skipped", 0)) + int(details.get("expected_failures", 0))
    return RunCounts(max(total - failed - errors - skipped, 0), failed, skipped, errors, CountSource.SUMMARY)
