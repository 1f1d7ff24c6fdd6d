"""The promises about the whole repository: expected trees, resource limits (through refactor-check's
engine, with the roadmap's own numbers) and success criteria (the gate, file sizes, the smoke test)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from refactor_tool.roadmap.commands import Commands
from refactor_tool.roadmap.model import (
    Criterion,
    CriterionKind,
    ExpectedTree,
    Limit,
    LimitKind,
    Roadmap,
)
from refactor_tool.roadmap.repository import Repository
from refactor_tool.roadmap.verdicts import Check

if TYPE_CHECKING:
    from refactor_tool.check.use_case import CheckResult

#: the roadmap's limit -> refactor-check's budget and the finding kind that breaks it
_BUDGETS = {LimitKind.NEW_FILES: ("max-new-files", "too-many-new-files"),
            LimitKind.NEW_DEPENDENCIES: ("max-new-dependencies", "new-dependency"),
            LimitKind.API_BREAKS: ("max-api-breaks", "api-break"),
            LimitKind.FILE_LINES: ("max-lines", "file-too-large")}
_KINDS = ("file-too-large", "too-many-new-files", "new-dependency", "api-break", "deprecated-export")
_SHOWN = 5


class EngineChecks:
    """refactor-check's engine on the repository, run once (until `forget()`), with the roadmap's limits."""

    def __init__(self, repo: Repository, roadmap: Roadmap, base: str | None = None) -> None:
        self.repo, self.roadmap, self.base = repo, roadmap, base
        self._result: CheckResult | None = None

    def overrides(self) -> dict[str, int | None]:
        limits: dict[str, int | None] = {_BUDGETS[limit.kind][0]: limit.value for limit in self.roadmap.limits}
        sized = [c.number for c in self.roadmap.criteria if c.kind is CriterionKind.FILE_SIZE and c.number]
        if sized:
            limits["max-lines"] = min(sized)
        return limits

    def __call__(self) -> CheckResult:
        if self._result is None:
            from refactor_tool.check.use_case import CheckOptions, FindingKind, run_checks

            options = CheckOptions(root=self.repo.root, base=self.base, gate=False,
                                   select=tuple(FindingKind(kind) for kind in _KINDS), overrides=self.overrides())
            self._result = run_checks(options)
        return self._result

    def forget(self) -> None:
        self._result = None


def check_tree(tree: ExpectedTree, repo: Repository) -> Check:
    """Every path the tree draws exists; what else its folders hold is said, not held against it."""
    missing = [path for path in tree.paths() if not _exists(repo.root, path)]
    if missing:
        return Check.fails(*(f"`{path}` is missing" for path in missing))
    drawn = {path.rstrip("/") for path in tree.paths()}
    extra = []
    for folder in sorted({str(PurePosixPath(path.rstrip("/")).parent) for path in drawn} & drawn):
        for child in sorted((repo.root / folder).iterdir()):
            name = f"{folder}/{child.name}"
            if name not in drawn and not child.name.startswith((".", "__pycache__")):
                extra.append(name + ("/" if child.is_dir() else ""))
    evidence = [f"all {len(drawn)} paths exist"]
    if extra:
        more = f" and {len(extra) - _SHOWN} more" if len(extra) > _SHOWN else ""
        evidence.append(f"the folders also hold {', '.join(f'`{p}`' for p in extra[:_SHOWN])}{more}, "
                        "which the tree does not draw")
    return Check.holds(*evidence)


def _exists(root: Path, path: str) -> bool:
    target = root / path.rstrip("/")
    return target.is_dir() if path.endswith("/") else target.is_file()


def check_limit(limit: Limit, result: CheckResult) -> tuple[Check, int | None]:
    """The limit against what the change used; (check, amount used) for the report."""
    budget, kind = _BUDGETS[limit.kind]
    used = result.usage.get(budget)
    skipped = [line for line in result.skipped if line.startswith(kind)]
    failing = [f for f in result.findings if f.kind.value == kind and f.failing]
    accepted = [f for f in result.findings if f.kind.value == kind and not f.failing]
    if limit.kind is LimitKind.FILE_LINES:
        used = len(failing)
    against = f" since {result.base}" if result.base and limit.kind is not LimitKind.FILE_LINES else ""
    if failing:
        return Check.fails(*_findings(failing)), max(used or 0, len(failing))
    if skipped and used is None:
        return Check.unknown(f"refactor-check: {skipped[0]}"), None
    evidence = [f"refactor-check: {used if used is not None else 0} used of {limit.value}{against}"]
    if accepted:
        evidence.append(f"{len(accepted)} accepted ({accepted[0].accepted})")
    return Check.holds(*evidence), used


def _findings(found: list) -> list[str]:
    shown = [f"{f.path}:{f.line}: {f.message}" if f.path else f.message for f in found[:_SHOWN]]
    if len(found) > _SHOWN:
        shown.append(f"and {len(found) - _SHOWN} more")
    return shown


def check_criterion(criterion: Criterion, repo: Repository, commands: Commands, result: CheckResult | None,
                    configured: Mapping[CriterionKind, str | None]) -> Check:
    kind = criterion.kind
    if kind is CriterionKind.CI:
        return Check.unknown("CI's own result exists only in CI; the audit does not run CI from inside it"
                             + (f" (`{criterion.command}`)" if criterion.command else ""))
    if kind is CriterionKind.FILE_SIZE:
        assert result is not None
        if criterion.number is None:
            return Check.unknown("the criterion gives no line count")
        failing = [f for f in result.findings if f.kind.value == "file-too-large" and f.failing]
        if failing:
            return Check.fails(*_findings(failing))
        return Check.holds(f"refactor-check: all {result.files_checked} files under {criterion.number} lines")
    command = criterion.command or configured.get(kind)
    if command is None:
        setting = {CriterionKind.SMOKE_TEST: "smoke-test", CriterionKind.TESTS: "gate"}.get(kind)
        if setting is None:
            return Check.unknown("the criterion names nothing that can be run or measured")
        return Check.unknown(f"no command: the criterion names none, and `[tool.refactor_tool] {setting}` is unset")
    return commands.check(command)


def limit_usage(roadmap: Roadmap, repo: Repository, base: str | None = None) -> dict[LimitKind, int]:
    """What the change used of each limit the roadmap sets (those refactor-check could count)."""
    result = EngineChecks(repo, roadmap, base)()
    usage = {}
    for limit in roadmap.limits:
        _check, used = check_limit(limit, result)
        if used is not None:
            usage[limit.kind] = used
    return usage
