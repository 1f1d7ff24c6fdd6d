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
from refactor_tool.roadmap.stopwatch import PhaseClock
from refactor_tool.roadmap.use_case import ReportResult


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
