"""How `api snapshot` and `api diff` results look: rich tables for people, JSON, GitHub annotations, Markdown."""

from __future__ import annotations

import sys
from collections import Counter
from typing import Any

from rich.markup import escape
from rich.table import Table

from refactor_tool.api.kinds import Finding, Severity
from refactor_tool.api.model import Problem
from refactor_tool.api.use_case import DiffResult, SnapshotResult
from refactor_tool.render import emit_json, err, out


def _problem_dict(problem: Problem) -> dict[str, Any]:
    return {"module": problem.module, "message": problem.message, "path": problem.file, "line": problem.line}


def _finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind.slug,
        "message": finding.kind.value,
        "severity": finding.severity.value,
        "path": finding.path,
        "detail": finding.detail,
        "file": finding.file,
        "line": finding.line,
        "accepted": finding.accepted,
        "also": list(finding.also),
    }


def _also(finding: Finding) -> str:
    return f" (also {', '.join(finding.also)})" if finding.also else ""


def emit_problems(problems: tuple[Problem, ...]) -> None:
    for problem in problems:
        err.print(f"[bold red]error:[/] {escape(problem.one_line())}")


def render_snapshot(result: SnapshotResult, *, as_json: bool) -> None:
    """The snapshot itself on stdout when no file was given; otherwise a summary (text or JSON)."""
    surface = result.surface
    emit_problems(surface.problems)
    for note in result.notes:
        err.print(f"[cyan]import:[/] {escape(note.path)}: {escape(note.message)}")
    if result.document is not None:
        sys.stdout.write(result.document)
        sys.stdout.flush()
        return
    kinds = Counter(entry.kind.value for entry in surface.entries)
    if as_json:
        emit_json({
            "package": surface.package,
            "written": str(result.written) if result.written else None,
            "paths": len(surface.entries),
            "kinds": dict(kinds),
            "problems": [_problem_dict(p) for p in surface.problems],
            "notes": [{"path": n.path, "message": n.message} for n in result.notes],
        })
        return
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    where = f"wrote {result.written}" if result.written else "nothing written"
    out.print(f"{escape(surface.package)}: {len(surface.entries)} public paths ({summary}); {escape(where)}")


def render_diff(result: DiffResult, output_format: str) -> None:
    diff = result.diff
    emit_problems(diff.problems)
    if output_format == "json":
        emit_json({
            "old": result.old_spec,
            "new": result.new_spec,
            "package": diff.new,
            "breaking": len(diff.breaking),
            "findings": [_finding_dict(f) for f in diff.findings],
            "additions": [{"path": a.path, "kind": a.kind, "detail": a.detail} for a in diff.additions],
            "problems": [_problem_dict(p) for p in diff.problems],
            "probed_at_import": list(result.probed),
            "exit_code": result.exit_code,
        })
    elif output_format == "github":
        _github(result)
    elif output_format == "markdown":
        _markdown(result)
    else:
        _text(result)


def _summary(result: DiffResult) -> str:
    diff = result.diff
    warnings = sum(1 for f in diff.findings if f.severity is Severity.WARNING and f.accepted is None)
    return (
        f"{len(diff.breaking)} breaking, {warnings} warnings, {len(diff.accepted)} accepted, "
        f"{len(diff.additions)} additions"
    )


def _text(result: DiffResult) -> None:
    diff = result.diff
    if diff.findings:
        table = Table(title=f"API changes {result.old_spec} -> {result.new_spec}", show_lines=False)
        for column in ("severity", "change", "path", "detail"):
            table.add_column(column)
        for f in diff.findings:
            severity = "accepted" if f.accepted else f.severity.value
            style = "green" if f.accepted else ("red" if f.breaking else "yellow")
            path = f.path + (f"\n(+{len(f.also)} other paths)" if f.also else "")
            table.add_row(f"[{style}]{severity}[/]", escape(f.kind.value), escape(path), escape(f.detail))
        out.print(table)
    for f in diff.accepted:
        out.print(f"[green]accepted[/] {escape(f.path)} ({escape(f.kind.slug)}): {escape(f.accepted or '')}")
    if diff.additions:
        out.print("[bold]additions[/] (not breaking):")
        for a in diff.additions:
            suffix = f" {escape(a.detail)}" if a.detail else ""
            out.print(f"  + {escape(a.path)} ({escape(a.kind)}){suffix}")
    verdict = "[red]breaking changes[/]" if diff.breaking else "[green]no breaking changes[/]"
    out.print(f"{verdict}: {_summary(result)}")


def _escape_gh(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github(result: DiffResult) -> None:
    lines = []
    for f in result.diff.findings:
        level = "notice" if f.accepted else ("error" if f.breaking else "warning")
        props = [f"file={f.file}"] if f.file else []
        if f.file and f.line:
            props.append(f"line={f.line}")
        props.append(f"title={f.kind.slug}")
        message = f"{f.path}: {f.kind.value}" + (f": {f.detail}" if f.detail else "") + _also(f)
        if f.accepted:
            message += f" (accepted: {f.accepted})"
        lines.append(f"::{level} {','.join(props)}::{_escape_gh(message)}")
    for p in result.diff.problems:
        lines.append(f"::error file={p.file},line={p.line or 1},title=unreadable-module::{_escape_gh(p.message)}")
    sys.stdout.write("".join(line + "\n" for line in lines))


def _markdown(result: DiffResult) -> None:
    diff = result.diff
    lines = [f"## API changes `{result.old_spec}` -> `{result.new_spec}`", "", _summary(result), ""]
    if diff.findings:
        lines += ["| severity | change | path | detail |", "|---|---|---|---|"]
        for f in diff.findings:
            severity = "accepted" if f.accepted else f.severity.value
            detail = (f.detail + _also(f) + (f" (accepted: {f.accepted})" if f.accepted else "")).replace("|", "\\|")
            lines.append(f"| {severity} | {f.kind.value} | `{f.path}` | {detail} |")
        lines.append("")
    if diff.additions:
        lines += ["### Additions", ""] + [f"- `{a.path}` ({a.kind}) {a.detail}".rstrip() for a in diff.additions]
        lines.append("")
    sys.stdout.write("\n".join(lines) + "\n")
