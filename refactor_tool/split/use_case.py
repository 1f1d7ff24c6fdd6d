"""Use cases `plan` and `split`, callable without the CLI.

- `plan_split(path, options) -> SplitPlanResult`: what the split would create; writes nothing.
- `apply_split(path, options) -> SplitResult`: carries the plan out in one transaction (or shows diffs).
- `moved_names(path, options) -> dict[str, str]`: old dotted name -> new dotted name of every moved name.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

from refactor_tool.errors import CheckFailed, InputError, PlanError
from refactor_tool.io.gate import GateOutcome, run_gate
from refactor_tool.io.git import check_clean
from refactor_tool.io.interpreter import ChosenInterpreter, FreshInterpreter, Interpreter
from refactor_tool.io.interrupts import Interrupted, SignalGuard
from refactor_tool.io.journal import Journal, project_root, refuse_if_interrupted
from refactor_tool.io.transaction import FileChange, Transaction, unified_diffs
from refactor_tool.split.emit import Generated
from refactor_tool.split.generation import generate_split
from refactor_tool.split.inputs import (
    interpreter_for,
)
from refactor_tool.split.model import (
    ChangedClass,
    ClassSplitMode,
    Layout,
    PlannedModule,
    PlanSpec,
    ProposedModule,
    SplitOptions,
    SplitPlan,
    SplitWarning,
    WarningKind,
)
from refactor_tool.split.patch_targets.test_files import TestRewrite, rewrite_tests
from refactor_tool.split.plan.sizes import count_lines
from refactor_tool.split.verify import ComparisonRules, ModuleSnapshot
from refactor_tool.split.verify_run import (
    Subject,
    Verification,
    find_subject,
    import_root,
    take_original_snapshot,
    verify_split,
)
from refactor_tool.syntax.source import in_line_ends_of, read_source, utf8_text

__all__ = ["Interruption", "SplitPlanResult", "SplitResult", "SplitStage", "apply_split", "moved_names", "plan_split"]
#: the values a caller builds a split from (another feature reaches split only through this module)
__all__ += ["ClassSplitMode", "Layout", "PlanSpec", "PlannedModule", "SplitOptions"]


@dataclass(frozen=True, slots=True)
class SplitPlanResult:
    plan: SplitPlan
    changes: tuple[FileChange, ...]
    #: One line per class whose `__mro__` the split changes on request (split into mixins).
    mro_changes: tuple[str, ...] = ()
    #: The same classes as values: name, line, the names they add to the module's dir().
    changed_classes: tuple[ChangedClass, ...] = ()

    def as_dict(self) -> dict[str, object]:
        data = self.plan.as_dict()
        data["files"] = [{"path": str(c.path), "action": _action(c),
                          "lines": None if c.after is None else count_lines(c.after)} for c in self.changes]
        data["mro_changes"] = list(self.mro_changes)
        data["changed_classes"] = [change.as_dict() for change in self.changed_classes]
        return data


class SplitStage(str, Enum):
    """Where a split was when a signal stopped it."""

    PLAN = "while planning"
    WRITE = "while writing the files"
    VERIFY = "during the verification"
    GATE = "during the gate"


@dataclass(frozen=True, slots=True)
class Interruption:
    signal: str
    stage: SplitStage
    exit_code: int

    def as_dict(self) -> dict[str, object]:
        return {"signal": self.signal, "stage": self.stage.name.lower(), "when": self.stage.value,
                "exit_code": self.exit_code, "restored": self.stage is not SplitStage.PLAN}


@dataclass(frozen=True, slots=True)
class SplitResult:
    planned: SplitPlanResult
    written: tuple[str, ...]
    diffs: str
    dry_run: bool
    gate: GateOutcome | None
    tests: TestRewrite
    verification: Verification | None = None
    interrupted: Interruption | None = None

    @property
    def ok(self) -> bool:
        return (self.interrupted is None and (self.verification is None or self.verification.passed)
                and (self.gate is None or self.gate.passed))

    def as_dict(self) -> dict[str, object]:
        data = self.planned.as_dict()
        data.update(written=list(self.written), dry_run=self.dry_run,
                    gate=None if self.gate is None else self.gate.as_dict(), tests=self.tests.as_dict(),
                    verification=None if self.verification is None else self.verification.as_dict(),
                    interrupted=None if self.interrupted is None else self.interrupted.as_dict())
        if self.dry_run:
            data["diff"] = self.diffs
        return data


def _action(change: FileChange) -> str:
    return "create" if change.before is None else "delete" if change.after is None else "modify"


def _changes(path: Path, generated: Generated, layout: Layout) -> tuple[FileChange, ...]:
    if not generated.modules:
        return ()
    original = read_source(path)  # the facade carries its header: UTF-8 now, so no other coding cookie
    changes = []
    facade_path, facade = generated.facade[0], in_line_ends_of(utf8_text(generated.facade[1], original.encoding),
                                                               original.text)
    if layout is Layout.PACKAGE and facade_path != path:
        if facade_path.parent.exists():
            raise InputError(f"{facade_path.parent} already exists; cannot turn {path.name} into a package",
                             path=path)
        changes.append(FileChange(path, original.exact, None))
        changes.append(FileChange(facade_path, None, facade))
    else:
        changes.append(FileChange(path, original.exact, facade))
    for module in generated.modules:
        if module.path.exists():
            raise PlanError(f"{module.path} already exists", path=str(path))
        changes.append(FileChange(module.path, None, in_line_ends_of(module.text, original.text)))
    for extra, text in generated.extra_files:
        changes.append(FileChange(extra, None, in_line_ends_of(text, original.text)))
    return tuple(changes)


def _plan_value(path, analysis, placement, generated: Generated, locations, options) -> SplitPlan:
    reasons = {locations.resolve(d.relpath)[0]: d.reason for d in placement.drafts}
    modules = tuple(
        ProposedModule(dotted=m.dotted, path=str(m.path), symbols=m.symbols, lines=count_lines(m.text),
                       imports_from=m.imports_from, statements=m.statements, reason=reasons.get(m.path, ""))
        for m in generated.modules
    )
    warnings: list[SplitWarning] = list(placement.warnings)
    if options.layout_reason:
        warnings.insert(0, SplitWarning(WarningKind.SHIM_LAYOUT, options.layout_reason, options.layout_line))
    return SplitPlan(source_path=str(path), old_module=locations.dotted, layout=options.layout, modules=modules,
                     reexports=generated.reexports, warnings=tuple(warnings), moves=generated.moves,
                     max_lines=options.max_lines, max_new_files=options.max_new_files,
                     test_moves=generated.test_moves, forwarded=tuple(generated.forwarded.items()))


def plan_split(path: str | Path, options: SplitOptions | None = None) -> SplitPlanResult:
    """The plan for splitting `path` and the file changes it implies; nothing is written."""
    path = Path(path)
    split = generate_split(path, options or SplitOptions())
    plan = replace(_plan_value(path, split.analysis, split.placement, split.generated, split.locations,
                               split.options), limits=split.limits)
    return SplitPlanResult(plan=plan, changes=_changes(path, split.generated, split.options.layout),
                           mro_changes=tuple(c.description for c in split.mro_changes),
                           changed_classes=split.mro_changes)


def moved_names(path: str | Path, options: SplitOptions | None = None) -> dict[str, str]:
    """`{"pkg.core.helper": "pkg.core._helpers.helper"}` for every name the split moves."""
    return plan_split(path, options).plan.moves_map


def apply_split(path: str | Path, options: SplitOptions | None = None, *,
                interpreter: Interpreter | None = None) -> SplitResult:
    """Split `path`: write, verify, gate; all files kept or none (a difference, a failed gate or a signal restores)."""
    path = Path(path)
    options = options or SplitOptions()
    root = None if options.dry_run else _project_of(path)
    if root is not None:
        refuse_if_interrupted(root)
    chosen = interpreter_for(path, root, options) if root is not None and options.verify else None
    if interpreter is None:
        interpreter = FreshInterpreter(None if chosen is None else chosen.path)
    try:
        prepared = _prepare(path, options, root, interpreter, chosen)
    except Interrupted as stop:  # nothing was written yet; the original's import is stopped
        unplanned = SplitPlan(source_path=str(path), old_module="", layout=options.layout, modules=(), reexports=(),
                              warnings=(), moves=(), max_lines=options.max_lines, max_new_files=options.max_new_files)
        return SplitResult(SplitPlanResult(unplanned, ()), (), "", False, None, TestRewrite(), None,
                           Interruption(stop.signal_name, SplitStage.PLAN, stop.exit_code))
    if isinstance(prepared, SplitResult):
        return prepared
    planned, tests, changes, original = prepared
    assert root is not None
    verification = gate = None
    stage = SplitStage.WRITE
    try:
        with Transaction(changes, Journal(root, f"split {path}")) as transaction:
            if original is not None:
                stage = SplitStage.VERIFY
                verification = replace(verify_split(*original, interpreter, expected_file=_facade_path(changes),
                                                    rules=_rules(planned, options)), interpreter=chosen)
                if not verification.passed:
                    transaction.rollback()
            if options.gate and not transaction.rolled_back:
                stage = SplitStage.GATE
                gate = run_gate(options.gate, path.parent)
                if not gate.passed:
                    transaction.rollback()
    except Interrupted as stop:
        stopped = Interruption(stop.signal_name, stage, stop.exit_code)
        return SplitResult(planned, (), "", False, gate, tests, verification, stopped)
    written = () if transaction.rolled_back else tuple(str(c.path) for c in changes)
    return SplitResult(replace(planned), written, "", False, gate, tests, verification)


def _prepare(path: Path, options: SplitOptions, root: Path | None, interpreter: Interpreter,
             chosen: ChosenInterpreter | None):
    """Plan the split while a fresh interpreter describes the original, before any file changes.

    SIGINT and SIGTERM raise `Interrupted` here (as in the transaction), and whatever ends this early
    stops the original's import at once instead of waiting up to its time limit. Only the waiting runs in
    the thread: CPython 3.11's `ast` is not safe in two threads at once.
    """
    with SignalGuard(), ThreadPoolExecutor(max_workers=1) as pool:
        described = None
        try:
            subject = find_subject(path, root) if chosen is not None and root is not None else None
            described = None if subject is None else pool.submit(take_original_snapshot, subject, interpreter,
                                                                  expected_file=path)
            planned = plan_split(path, options)
            tests = rewrite_tests(path, planned.plan, enabled=options.rewrite_tests)
            changes = planned.changes + (tests.changes if planned.changes else ())
            if options.dry_run:
                return SplitResult(planned, (), unified_diffs(changes, path.parent), True, None, tests)
            if not changes:
                return SplitResult(planned, (), "", False, None, tests)
            if not options.allow_dirty:
                check_clean(path.parent)
            original = None if described is None else _verifiable(path, subject, described.result(), chosen)
            return planned, tests, changes, original
        finally:
            if described is not None and not described.done():
                interpreter.stop()


def _project_of(path: Path) -> Path | None:
    """Where the journal goes; None for a path that names no module (plan_split says so in its own words)."""
    try:
        return project_root(import_root(path))
    except InputError:
        return None


def _verifiable(path: Path, subject: Subject, before: ModuleSnapshot,
                chosen: ChosenInterpreter | None) -> tuple[Subject, ModuleSnapshot]:
    """The original as described before any change; one that does not import cannot be verified (exit 1)."""
    if before.error is not None:
        used = "" if chosen is None else f" with {chosen.describe()}"
        raise CheckFailed(f"cannot verify: the original does not import{used}: {before.error}; nothing written. "
                          "Verify with the interpreter that has the project's dependencies (--python PATH, or "
                          "activate its virtual environment), or split without the check (--no-verify)", path=path)
    return subject, before


def _facade_path(changes: tuple[FileChange, ...]) -> Path:
    """The file `import old.module` finds after the split: the package `__init__.py` or the shim."""
    return changes[1].path if changes[0].after is None else changes[0].path


def _rules(planned: SplitPlanResult, options: SplitOptions) -> ComparisonRules:
    plan = planned.plan
    renamed = () if options.keep_module_name else tuple(m.dotted for m in plan.modules)
    return ComparisonRules(plan.old_module, renamed_modules=renamed, becomes_package=plan.layout is Layout.PACKAGE,
                           mro_may_change=frozenset(change.name for change in planned.changed_classes),
                           new_names=frozenset(name for change in planned.changed_classes for name in change.adds))
