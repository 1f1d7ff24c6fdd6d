"""What `roadmap audit` found, as values: a verdict with its evidence for every promise the roadmap makes.

A check says whether the repository agrees (`Outcome`); the verdict also weighs whether the roadmap
claims it: a ticked task that holds is `verified`, one that fails `contradicted`; an open task that
holds is `done, not ticked`. Limits always apply; trees and criteria once their phase (or the whole
roadmap) is ticked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from refactor_tool.roadmap.model import LimitKind
from refactor_tool.roadmap.report import AuditResults


class Outcome(str, Enum):
    HOLDS = "the repository agrees"
    FAILS = "the repository disagrees"
    UNKNOWN = "the audit cannot tell"


class Verdict(str, Enum):
    VERIFIED = "verified"
    CONTRADICTED = "contradicted"
    NOT_CHECKABLE = "not checkable"
    DONE_NOT_TICKED = "done, not ticked"
    NOT_DONE = "not done"

    @property
    def slug(self) -> str:
        return self.value.replace(", ", "-").replace(" ", "-")


class Subject(str, Enum):
    TASK = "task"
    TREE = "expected tree"
    LIMIT = "resource limit"
    CRITERION = "success criterion"


@dataclass(frozen=True, slots=True)
class Check:
    """One check's answer: whether it holds, and the facts that say so (paths with lines, commands run)."""

    outcome: Outcome
    evidence: tuple[str, ...] = ()

    @classmethod
    def holds(cls, *evidence: str) -> Check:
        return cls(Outcome.HOLDS, evidence)

    @classmethod
    def fails(cls, *evidence: str) -> Check:
        return cls(Outcome.FAILS, evidence)

    @classmethod
    def unknown(cls, *why: str) -> Check:
        return cls(Outcome.UNKNOWN, why)

    def verdict(self, claimed: bool) -> Verdict:
        if self.outcome is Outcome.UNKNOWN:
            return Verdict.NOT_CHECKABLE
        if claimed:
            return Verdict.VERIFIED if self.outcome is Outcome.HOLDS else Verdict.CONTRADICTED
        return Verdict.DONE_NOT_TICKED if self.outcome is Outcome.HOLDS else Verdict.NOT_DONE


@dataclass(frozen=True, slots=True)
class AuditItem:
    subject: Subject
    #: the roadmap line of the task, tree, limit row or criterion
    line: int
    phase: int | None
    text: str
    #: whether the roadmap claims it (a ticked task; a tree or criterion whose work is all ticked)
    claimed: bool
    verdict: Verdict
    evidence: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"subject": self.subject.value, "line": self.line, "phase": self.phase, "text": self.text,
                "claimed": self.claimed, "verdict": self.verdict.value, "evidence": list(self.evidence)}


def item(subject: Subject, line: int, phase: int | None, text: str, claimed: bool, check: Check) -> AuditItem:
    return AuditItem(subject, line, phase, text, claimed, check.verdict(claimed), check.evidence)


@dataclass(frozen=True, slots=True)
class AuditReport:
    roadmap: str
    root: str
    #: what new files and dependencies were counted against (`HEAD (1a2b3c4)`), None without git
    base: str | None
    items: tuple[AuditItem, ...]
    limit_usage: Mapping[LimitKind, int] = field(default_factory=dict)

    @property
    def contradicted(self) -> tuple[AuditItem, ...]:
        return tuple(entry for entry in self.items if entry.verdict is Verdict.CONTRADICTED)

    @property
    def ok(self) -> bool:
        return not self.contradicted

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def counts(self) -> dict[Verdict, int]:
        found = {verdict: 0 for verdict in Verdict}
        for entry in self.items:
            found[entry.verdict] += 1
        return {verdict: count for verdict, count in found.items() if count}

    def task(self, line: int) -> AuditItem | None:
        return next((e for e in self.items if e.subject is Subject.TASK and e.line == line), None)

    def results(self) -> AuditResults:
        """The timebox report's view of the audit (its `AuditResults` hook)."""
        criteria = {Verdict.VERIFIED: "passed", Verdict.CONTRADICTED: "failed", Verdict.NOT_DONE: "failed",
                    Verdict.DONE_NOT_TICKED: "passed", Verdict.NOT_CHECKABLE: "not checkable"}
        return AuditResults(
            task_verdicts={e.line: e.verdict.value for e in self.items if e.subject is Subject.TASK},
            limit_usage=dict(self.limit_usage),
            criterion_results={e.line: criteria[e.verdict] for e in self.items if e.subject is Subject.CRITERION},
        )

    def as_dict(self) -> dict[str, Any]:
        return {"roadmap": self.roadmap, "root": self.root, "base": self.base, "ok": self.ok,
                "counts": {verdict.value: count for verdict, count in self.counts().items()},
                "limit_usage": {kind.value: used for kind, used in self.limit_usage.items()},
                "items": [entry.as_dict() for entry in self.items]}
