"""The roadmap's limits checked on the files a split writes: each one under `max_lines`, at most
`max_new_files` new files. What cannot be met is a finding naming the definition responsible (a
function too long by itself cannot be split safely); the split writes everything else and exits 1,
as `ruff --fix` does when findings remain.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from refactor_tool.split.classes.body_split import BodySplitPlan
from refactor_tool.split.emit import Generated
from refactor_tool.split.model import LimitFinding, LimitKind, listed
from refactor_tool.split.plan.sizes import count_lines, over_limit, too_long_alone
from refactor_tool.syntax.facts.model import ModuleAnalysis, Statement


def _kind(statement: Statement) -> str:
    return statement.definition or "statement"


def _definition(statement: Statement, source: str) -> str:
    lines = statement.end - statement.start + 1
    return f"{_kind(statement)} `{statement.label}` ({source}:{statement.start}, {lines} lines)"


def _class_reason(statement: Statement, plan: BodySplitPlan | None, source: str) -> str:
    if plan is None:
        return (f"{_definition(statement, source)} is too long by itself and none of its methods can move "
                "to a module of their own")
    reasons: dict[str, list[str]] = {}
    for kept in plan.kept:
        reasons.setdefault(kept.reason.value, []).append(kept.name)
    why = "; ".join(f"{', '.join(names[:4])}{' and more' if len(names) > 4 else ''}: {reason}"
                    for reason, names in sorted(reasons.items(), key=lambda item: -len(item[1])))
    return (f"class `{statement.label}` ({source}:{statement.start}) keeps {plan.kept_lines} lines in its "
            f"class statement" + (f" ({why})" if why else ""))


def _why(statements: list[Statement], analysis: ModuleAnalysis, plans: Mapping[int, object],
         parts: Mapping[int, str], max_lines: int, source: str) -> tuple[str, int | None]:
    """Why a module is not under the limit, and the line of the definition responsible."""
    if not statements:
        return "it is the module users import: it re-exports every name and keeps what must stay there", None
    biggest = max(statements, key=lambda s: s.span)
    if biggest.index in parts:
        what = parts[biggest.index]
        names = what.split("`")[1::2]
        if what.startswith("methods ") and len(names) > 1:
            shown = listed([f"`{n}`" for n in names])
            return (f"a part of a class split by body, {len(names)} methods ({shown}), came out longer than "
                    "planned (its imports took more lines than the plan allowed)", biggest.start)
        alone = "a method cannot be split safely" if what.startswith("method") else "a value cannot be split"
        return f"{what} is longer than the limit by itself; {alone}", biggest.start
    if too_long_alone(biggest.span, max_lines) or len(statements) == 1:
        if biggest.definition == "class":
            plan = plans.get(biggest.index)
            return _class_reason(biggest, plan if isinstance(plan, BodySplitPlan) else None, source), biggest.start
        if biggest.definition == "function":
            return f"{_definition(biggest, source)} is too long by itself; a function cannot be split safely", \
                biggest.start
        return f"{_definition(biggest, source)} is too long by itself and cannot be split", biggest.start
    shown = ", ".join(f"`{s.label}`" for s in sorted(statements, key=lambda s: -s.span)[:5])
    return (f"{len(statements)} statements ({shown}...) use each other while the module loads, so they "
            "must share a module", biggest.start)


def limit_findings(generated: Generated, analysis: ModuleAnalysis, plans: Mapping[int, object],
                   parts: Mapping[int, str], *, max_lines: int, max_new_files: int, source: Path,
                   ) -> tuple[LimitFinding, ...]:
    """Every written file at or over `max_lines`, and too many new files, as findings.

    `parts` maps the statements of part modules to what they hold (`method ArgumentParser.x`).
    """
    findings: list[LimitFinding] = []
    if not generated.modules:
        return ()  # nothing to split: nothing is written
    files = [(m.path, m.text, [analysis.statements[i] for i in m.statements]) for m in generated.modules]
    files += [(path, text, []) for path, text in (generated.facade, *generated.extra_files)]
    for path, text, statements in files:
        lines = count_lines(text)
        if not over_limit(lines, max_lines):
            continue
        why, line = _why(statements, analysis, plans, parts, max_lines, source.name)
        findings.append(LimitFinding(LimitKind.FILE_TOO_LARGE, str(path), lines, max_lines,
                                     f"{lines} lines: {why}", line))
    new_files = len(generated.modules) + len(generated.extra_files)
    if new_files > max_new_files:
        findings.append(LimitFinding(
            LimitKind.TOO_MANY_NEW_FILES, str(source), new_files, max_new_files,
            f"{new_files} new files for {count_lines(analysis.source)} lines under {max_lines} lines each "
            f"(at most {max_new_files}); raise max-new-files or give a --plan"))
    return tuple(findings)
