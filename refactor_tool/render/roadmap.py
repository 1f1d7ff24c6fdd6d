"""How roadmaps, their lint findings, phase clocks and timebox reports look for people (rich)."""

from __future__ import annotations

from rich.markup import escape
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.tree import Tree

from refactor_tool.render import out
from refactor_tool.roadmap.durations import format_duration
from refactor_tool.roadmap.lint import LintResult
from refactor_tool.roadmap.model import ExpectedTree, Phase, Roadmap
from refactor_tool.roadmap.report import PhaseStatus
from refactor_tool.roadmap.run_model import PhaseRun, RunResult, StepStatus
from refactor_tool.roadmap.stopwatch import PhaseClock
from refactor_tool.roadmap.use_case import ReportResult
from refactor_tool.roadmap.verdicts import AuditItem, AuditReport, Verdict

_VERDICT_STYLE = {Verdict.VERIFIED: "green", Verdict.CONTRADICTED: "bold red", Verdict.NOT_CHECKABLE: "yellow",
                  Verdict.DONE_NOT_TICKED: "cyan", Verdict.NOT_DONE: "dim"}
_STEP_STYLE = {StepStatus.DONE: "green", StepStatus.FAILED: "bold red", StepStatus.LEFT: "yellow",
               StepStatus.PLANNED: "cyan"}


def render_roadmap(roadmap: Roadmap) -> None:
    out.print(f"[bold]{escape(roadmap.title or roadmap.path)}[/] ({escape(roadmap.path)})", markup=True)
    for phase in roadmap.phases:
        out.print(_phase_table(roadmap, phase))
        for tree in phase.trees:
            out.print(_tree(tree))
    if roadmap.gantt:
        out.print(_gantt_table(roadmap))
    if roadmap.timeboxes:
        out.print(_table("timeboxes", ("phase", "limit", "when exceeded", "action", "line"), [
            (str(box.phase), format_duration(box.limit), box.action.kind.value, box.action.text, str(box.line))
            for box in roadmap.timeboxes]))
    if roadmap.limits:
        out.print(_table("resource limits", ("resource", "at most", "as written", "line"), [
            (limit.kind.value, str(limit.value), limit.text, str(limit.line)) for limit in roadmap.limits]))
    if roadmap.criteria:
        out.print(_table("success criteria", ("kind", "criterion", "command / number", "line"), [
            (c.kind.value, c.text, c.command or (str(c.number) if c.number is not None else "—"), str(c.line))
            for c in roadmap.criteria]))


def _table(title: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> Table:
    """A plain table of text cells (escaped: roadmap text may hold `[...]`)."""
    table = Table(title=title)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    return table


def _phase_table(roadmap: Roadmap, phase: Phase) -> Table:
    box = roadmap.timebox(phase.number)
    budget = f"timebox {format_duration(box.limit)}, then {box.action.kind.value}" if box else "no timebox"
    label = f" ({phase.label})" if phase.label else ""
    table = Table(title=f"Phase {phase.number}: {escape(phase.title)}{escape(label)} · "
                        f"{phase.done_count}/{len(phase.tasks)} done · {budget}",
                  caption=escape(phase.goal) or None)
    for column in ("", "kind", "task", "names", "line"):
        table.add_column(column, overflow="fold")
    for task in phase.tasks:
        names = [*task.files, *(f"in {path}" for path in task.within), *(f"$ {cmd}" for cmd in task.commands)]
        if task.symbols:
            names.append(f"({', '.join(task.symbols)})")
        table.add_row("[green]✓[/]" if task.done else "☐", task.kind.value, escape(task.text),
                      escape(" ".join(names)), str(task.line))
    return table


def _tree(tree: ExpectedTree) -> Tree:
    view = Tree(f"expected result (line {tree.line}): [bold]{escape(tree.root or '.')}[/]")
    nodes: dict[str, Tree] = {}
    for entry in tree.entries:
        parent_path = entry.path.rpartition("/")[0] + "/"
        parent = nodes.get(parent_path, view)
        node = parent.add(escape(entry.path.rpartition("/")[2] + ("/" if entry.is_dir else "")))
        if entry.is_dir:
            nodes[entry.path + "/"] = node
    return view


def _gantt_table(roadmap: Roadmap) -> Table:
    return _table("plan (mermaid Gantt)", ("section", "task", "id", "start", "end", "length", "after", "line"), [
        (item.section, item.name, item.id or "", f"{item.start:%Y-%m-%d %H:%M}" if item.start else "—",
         f"{item.end:%Y-%m-%d %H:%M}" if item.end else "—", format_duration(item.duration), " ".join(item.after),
         str(item.line))
        for item in roadmap.gantt])


def render_lint(result: LintResult) -> None:
    if result.ok:
        out.print(f"[green]ok[/]: no contradictions in {escape(result.roadmap.path)}", markup=True)
        return
    for finding in result.findings:
        out.print(f"{escape(finding.path)}:{finding.line}: [bold red]{finding.kind.slug}[/] "
                  f"{escape(finding.message)}", markup=True)
    count = len(result.findings)
    out.print(f"{count} finding{'s' if count != 1 else ''} in {escape(result.roadmap.path)}")


def render_phase_clock(clock: PhaseClock) -> None:
    table = Table(title=f"Phase {clock.phase}: {escape(clock.title)}", show_header=False)
    table.add_column()
    table.add_column()
    table.add_row("state", clock.state.value)
    if clock.limit is not None:
        total = clock.limit.total_seconds()
        bar = ProgressBar(total=total, completed=min(clock.spent.total_seconds(), total), width=40,
                          complete_style="red" if clock.over else "green", finished_style="red")
        table.add_row("time", bar)
        table.add_row("", f"{format_duration(clock.spent)} of {format_duration(clock.limit)}")
    else:
        table.add_row("time", f"{format_duration(clock.spent)} (no timebox)")
    if clock.over and clock.limit is not None:
        table.add_row("[red]over by[/]", format_duration(clock.spent - clock.limit))
        if clock.action is not None:
            table.add_row("[red]action[/]", f"{clock.action.kind.value}: {escape(clock.action.text)}")
    table.add_row("log", escape(clock.log))
    out.print(table)


def render_report(result: ReportResult) -> None:
    report = result.report
    table = Table(title=f"timebox report: {escape(report.title or report.roadmap)}")
    for column in ("phase", "budget", "spent", "source", "status", "action taken", "tasks"):
        table.add_column(column, overflow="fold")
    for row in report.phases:
        status = f"[red]{row.status.value}[/]" if row.status is PhaseStatus.OVER else row.status.value
        table.add_row(str(row.number), format_duration(row.budget) if row.budget else "—",
                      format_duration(row.spent) if row.spent is not None else "—", row.source.value,
                      status, escape(row.action_taken), f"{row.tasks_done}/{row.tasks_total}")
    out.print(table)
    for path in result.written:
        out.print(f"wrote {escape(path)}")


def _verdict(entry: AuditItem) -> str:
    return f"[{_VERDICT_STYLE[entry.verdict]}]{entry.verdict.value}[/]"


def render_audit(report: AuditReport) -> None:
    table = Table(title=f"audit of {escape(report.roadmap)} against {escape(report.root)}")
    for column in ("line", "phase", "what", "verdict", "evidence"):
        table.add_column(column, overflow="fold")
    for entry in report.items:
        what = entry.text if entry.subject.value == "task" else f"{entry.subject.value}: {entry.text}"
        table.add_row(str(entry.line), str(entry.phase or "—"), escape(what), _verdict(entry),
                      escape("\n".join(entry.evidence)))
    out.print(table)
    counts = ", ".join(f"{count} {verdict.value}" for verdict, count in report.counts().items())
    base = f"; new files and dependencies counted since {escape(report.base)}" if report.base else ""
    if report.ok:
        out.print(f"[green]ok[/]: {counts}{base}", markup=True)
    else:
        out.print(f"[bold red]{len(report.contradicted)} contradicted[/]: {counts}{base}", markup=True)
        for entry in report.contradicted:
            out.print(f"{escape(report.roadmap)}:{entry.line}: {escape(entry.text)}: "
                      f"{escape('; '.join(entry.evidence))}", markup=True)


def _phase_title(run: PhaseRun) -> str:
    budget = format_duration(run.budget) if run.budget is not None else "no timebox"
    over = run.budget is not None and run.spent > run.budget
    spent = f"[red]{format_duration(run.spent)}[/]" if over else format_duration(run.spent)
    return f"Phase {run.number}: {escape(run.title)} · {spent} of {budget} · {escape(run.end.value)}"


def render_run(result: RunResult) -> None:
    for run in result.phases:
        if not run.steps:
            out.print(_phase_title(run), markup=True)
            continue
        table = Table(title=_phase_title(run))
        for column in ("step", "status", "time", "detail"):
            table.add_column(column, overflow="fold")
        for step in run.steps:
            detail = [line for line in step.detail if not line.startswith("diff:")]
            table.add_row(escape(step.title), f"[{_STEP_STYLE[step.status]}]{step.status.value}[/]",
                          f"{step.seconds:.1f} s", escape("\n".join(detail)))
        out.print(table)
        for step in run.steps:
            for line in step.detail:
                if line.startswith("diff:"):
                    out.print(escape(line.removeprefix("diff:\n")), end="")
        if run.action is not None:
            out.print(f"[red]circuit breaker[/]: {run.action.value}; tasks left open: "
                      f"{', '.join(f'line {line}' for line in run.cut) or 'none'}", markup=True)
        if run.ticked:
            out.print(f"ticked: {', '.join(f'line {line}' for line in run.ticked)}")
    if result.waiting:
        out.print(f"phases waiting for the next run: {', '.join(map(str, result.waiting))}")
    for path in result.report:
        out.print(f"wrote {escape(path)}")
    verdict = "[green]ok[/]" if result.ok else "[bold red]not finished[/]"
    out.print(f"{verdict}: {'dry run, nothing written' if result.dry_run else escape(result.roadmap)}", markup=True)
