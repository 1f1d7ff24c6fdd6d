"""Contradictions inside one roadmap, found without looking at the code: each a named finding with its line.

The seed's own: a task extracting `training_loop.rs` into a tree that holds `loop.rs`, and a Gantt
chart planning days for phases whose timeboxes are hours.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from pathlib import PurePosixPath

from refactor_tool.roadmap.durations import format_duration
from refactor_tool.roadmap.model import CriterionKind, LimitKind, Phase, Roadmap, TaskKind


class LintKind(str, Enum):
    """What is contradictory; the value is the sentence a person reads, `slug` the name in JSON."""

    TASK_FILE_NOT_IN_TREE = "A task names a file that the phase's expected tree does not have"
    PLAN_EXCEEDS_TIMEBOX = "The Gantt chart plans the phase for longer than its timebox"
    TOO_MANY_PLANNED_FILES = "The roadmap plans more new files than its file budget allows"
    CRITERION_NOT_CHECKABLE = "A success criterion names nothing that can be run or measured"
    PHASE_WITHOUT_TIMEBOX = "A phase has no row in the timebox table"
    TIMEBOX_WITHOUT_PHASE = "A timebox row names a phase the roadmap does not have"
    SCOPE_OUTSIDE_PHASE = "A reduce-scope action keeps a file that none of the phase's tasks names"

    @property
    def slug(self) -> str:
        return self.name.lower().replace("_", "-")


@dataclass(frozen=True, slots=True)
class LintFinding:
    kind: LintKind
    message: str
    path: str
    line: int

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind.slug, "summary": self.kind.value, "message": self.message,
                "path": self.path, "line": self.line}


@dataclass(frozen=True, slots=True)
class LintResult:
    roadmap: Roadmap
    findings: tuple[LintFinding, ...]

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, object]:
        return {"path": self.roadmap.path, "ok": self.ok, "findings": [f.as_dict() for f in self.findings]}


def lint(roadmap: Roadmap, *, configured: Collection[CriterionKind] = ()) -> LintResult:
    """Every finding, in file order. `configured`: criterion kinds the configuration names a command for."""
    findings = [
        *_files_not_in_trees(roadmap),
        *_plans_over_timeboxes(roadmap),
        *_planned_files_over_budget(roadmap),
        *_uncheckable_criteria(roadmap, configured),
        *_timeboxes_without_phases(roadmap),
        *_scopes_outside_phases(roadmap),
    ]
    return LintResult(roadmap, tuple(sorted(findings, key=lambda finding: (finding.line, finding.kind.slug))))


def _finding(roadmap: Roadmap, kind: LintKind, message: str, line: int) -> LintFinding:
    return LintFinding(kind, message, roadmap.path, line)


def matches(named: str, drawn: str) -> bool:
    """`loop.rs` matches `bit_llama/src/train/loop.rs`: a named path is a whole-component suffix of a drawn one."""
    named_parts = PurePosixPath(named.rstrip("/")).parts
    drawn_parts = PurePosixPath(drawn.rstrip("/")).parts
    return 0 < len(named_parts) <= len(drawn_parts) and drawn_parts[-len(named_parts):] == named_parts


def _files_not_in_trees(roadmap: Roadmap) -> list[LintFinding]:
    found = []
    for phase in roadmap.phases:
        drawn = [path for tree in phase.trees for path in tree.paths()]
        roots = [tree.root for tree in phase.trees]
        for task in phase.tasks:
            if not drawn or task.kind not in (TaskKind.EXTRACT, TaskKind.CREATE):
                continue
            for named in task.files:
                covered = "/" not in named.rstrip("/") or any(named.startswith(root) for root in roots)
                if covered and not any(matches(named, path) for path in drawn):
                    found.append(_finding(roadmap, LintKind.TASK_FILE_NOT_IN_TREE,
                                          _not_in_tree_message(phase, named, drawn), task.line))
    return found


def _not_in_tree_message(phase: Phase, named: str, drawn: list[str]) -> str:
    names = {PurePosixPath(path.rstrip("/")).name: path for path in drawn}
    close = difflib.get_close_matches(PurePosixPath(named).name, list(names), n=1, cutoff=0.3)
    hint = f"; the tree has `{names[close[0]]}`" if close else ""
    trees = ", ".join(f"line {tree.line}" for tree in phase.trees)
    return f"phase {phase.number} {'creates' if named.endswith('/') else 'extracts'} `{named}`, " \
           f"which its expected tree ({trees}) does not contain{hint}"


def _plans_over_timeboxes(roadmap: Roadmap) -> list[LintFinding]:
    found = []
    for phase in roadmap.phases:
        box = roadmap.timebox(phase.number)
        items = roadmap.planned(phase.number)
        planned = sum((item.duration for item in items), timedelta())
        if box is None or not items or planned <= box.limit:
            continue
        parts = ", ".join(f"{item.name} {format_duration(item.duration)}" for item in items)
        found.append(_finding(
            roadmap, LintKind.PLAN_EXCEEDS_TIMEBOX,
            f"the Gantt chart plans phase {phase.number} for {format_duration(planned)} ({parts}) but its "
            f"timebox (line {box.line}) is {format_duration(box.limit)}",
            items[0].line,
        ))
    return found


def planned_new_files(roadmap: Roadmap) -> tuple[str, ...]:
    """Files the roadmap will add: every file in the expected trees plus files that tasks extract or create
    outside them, less the files update tasks name in directories that existed before the roadmap."""
    created_dirs = {path.rstrip("/") for phase in roadmap.phases for task in phase.tasks
                    if task.kind is TaskKind.CREATE for path in task.files if path.endswith("/")}
    updated = [path for phase in roadmap.phases for task in phase.tasks if task.kind is TaskKind.UPDATE
               for path in task.files]
    drawn = [path for phase in roadmap.phases for tree in phase.trees for path in tree.files]
    named = [path for phase in roadmap.phases for task in phase.tasks
             if task.kind in (TaskKind.EXTRACT, TaskKind.CREATE) for path in task.files
             if not path.endswith("/") and not any(matches(path, other) for other in drawn)]
    planned = []
    for path in dict.fromkeys([*drawn, *named]):
        parent = str(PurePosixPath(path).parent)
        existing = any(matches(name, path) for name in updated) and parent not in created_dirs
        if not existing:
            planned.append(path)
    return tuple(planned)


def _planned_files_over_budget(roadmap: Roadmap) -> list[LintFinding]:
    budget = roadmap.limit(LimitKind.NEW_FILES)
    planned = planned_new_files(roadmap)
    if budget is None or len(planned) <= budget.value:
        return []
    return [_finding(roadmap, LintKind.TOO_MANY_PLANNED_FILES,
                     f"the phases plan {len(planned)} new files but the budget is {budget.value} "
                     f"({budget.text})", budget.line)]


_COMMAND_EXAMPLES = {
    CriterionKind.CI: ("CI run", "bash .ci/run"),
    CriterionKind.SMOKE_TEST: ("smoke test", "bash scripts/smoke.sh"),
    CriterionKind.TESTS: ("test suite", "python -m pytest"),
}


def _uncheckable_reason(kind: CriterionKind, command: str | None, number: int | None,
                        configured: Collection[CriterionKind]) -> str | None:
    if command or kind in configured:
        return None
    if kind is CriterionKind.FILE_SIZE:
        return None if number else "a file-size criterion needs a line count (every file < 400 lines)"
    if kind is CriterionKind.UNKNOWN:
        return "it is neither tests, CI, a file size, a smoke test nor a `command` to run"
    what, example = _COMMAND_EXAMPLES.get(kind, (kind.value, "make check"))
    return f"it names no command for the {what} (write one in backticks, e.g. `{example}`)"


def _uncheckable_criteria(roadmap: Roadmap, configured: Collection[CriterionKind]) -> list[LintFinding]:
    found = []
    for criterion in roadmap.criteria:
        reason = _uncheckable_reason(criterion.kind, criterion.command, criterion.number, configured)
        if reason:
            found.append(_finding(roadmap, LintKind.CRITERION_NOT_CHECKABLE,
                                  f"success criterion {criterion.text!r} cannot be checked: {reason}",
                                  criterion.line))
    return found


def _timeboxes_without_phases(roadmap: Roadmap) -> list[LintFinding]:
    if not roadmap.timeboxes:
        return []
    found = [_finding(roadmap, LintKind.PHASE_WITHOUT_TIMEBOX,
                      f"phase {phase.number} has no timebox, so nothing stops it running over", phase.line)
             for phase in roadmap.phases if roadmap.timebox(phase.number) is None]
    numbers = {phase.number for phase in roadmap.phases}
    found += [_finding(roadmap, LintKind.TIMEBOX_WITHOUT_PHASE,
                       f"the timebox table names phase {box.phase}, which the roadmap does not have", box.line)
              for box in roadmap.timeboxes if box.phase not in numbers]
    return found


def _scopes_outside_phases(roadmap: Roadmap) -> list[LintFinding]:
    found = []
    for box in roadmap.timeboxes:
        phase = roadmap.phase(box.phase)
        if phase is None:
            continue
        named = [path for task in phase.tasks for path in task.files]
        for kept in box.action.scope:
            if not any(matches(kept, path) or matches(path, kept) for path in named):
                found.append(_finding(roadmap, LintKind.SCOPE_OUTSIDE_PHASE,
                                      f"phase {box.phase}'s timebox cuts the scope to `{kept}`, which no task "
                                      f"of phase {box.phase} names", box.line))
    return found

