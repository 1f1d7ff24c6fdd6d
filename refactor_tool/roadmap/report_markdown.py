"""`reports/timebox.md`: the timebox report as GitHub-flavoured Markdown, with a mermaid Gantt chart.

Plain text made from the report's values (no rich here: this is a file for a repository, not output
for a terminal). Times are drawn in UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from refactor_tool.roadmap.durations import format_duration
from refactor_tool.roadmap.report import PhaseRow, PhaseStatus, TimeboxReport, TimeSource

_HOW_ESTIMATED = (
    "Estimated from git history: a phase runs from the end of the phase before it (for the first, from "
    "the commit before its first tick) to the commit that ticked its last task."
)


def report_markdown(report: TimeboxReport) -> str:
    sources = ", ".join(source.value for source in report.sources)
    lines = [
        f"# Phase timebox report: {_cell(report.title)}",
        "",
        f"Roadmap `{report.roadmap}`, generated {_utc(report.generated_at)} UTC. Time spent: {sources}.",
    ]
    if TimeSource.GIT_HISTORY in report.sources:
        lines += ["", _HOW_ESTIMATED]
    for row in report.phases:
        lines += ["", *_phase_table(row, report.audited)]
    lines += ["", *_limits(report), "", *_criteria(report), "", *_gantt(report)]
    return "\n".join(lines) + "\n"


def _phase_table(row: PhaseRow, audited: bool) -> list[str]:
    spent = format_duration(row.spent) if row.spent is not None else "—"
    if row.commits:
        spent += f" ({row.source.value}: {', '.join(commit[:7] for commit in row.commits)})"
    elif row.spent is not None:
        spent += f" ({row.source.value})"
    elif row.note:
        spent += f" ({row.note})"
    verdicts = ", ".join(f"{count} {verdict}" for verdict, count in sorted(row.verdicts.items()))
    rows = [
        ("budget", format_duration(row.budget) if row.budget is not None else "no timebox"),
        ("spent", spent),
        ("status", row.status.value),
        ("action taken", row.action_taken),
        ("tasks done", f"{row.tasks_done} / {row.tasks_total}"),
        ("audit", verdicts or ("no task audited" if audited else "not audited")),
    ]
    return [f"## Phase {row.number}: {_cell(row.title)}", "",
            "| " + " | ".join(name for name, _value in rows) + " |", "|" + "---|" * len(rows),
            "| " + " | ".join(_cell(value) for _name, value in rows) + " |"]


def _limits(report: TimeboxReport) -> list[str]:
    lines = ["## Resource limits", ""]
    if not report.limits:
        return [*lines, "The roadmap sets no resource limits."]
    lines += ["| resource | limit | used | result |", "|---|---|---|---|"]
    for row in report.limits:
        used = "not measured" if row.used is None else str(row.used)
        result = "—" if row.held is None else "held" if row.held else "broken"
        lines.append(f"| {row.limit.kind.value} | {_cell(row.limit.text)} | {used} | {result} |")
    return lines


def _criteria(report: TimeboxReport) -> list[str]:
    lines = ["## Success criteria", ""]
    if not report.criteria:
        return [*lines, "The roadmap states no success criteria."]
    lines += ["| criterion | kind | check | result |", "|---|---|---|---|"]
    for row in report.criteria:
        criterion = row.criterion
        check = f"`{criterion.command}`" if criterion.command else (
            f"every file < {criterion.number} lines" if criterion.number else "—")
        lines.append(f"| {_cell(criterion.text)} | {criterion.kind.value} | {_cell(check)} | "
                     f"{_cell(row.result or 'not run')} |")
    return lines


def _gantt(report: TimeboxReport) -> list[str]:
    """Planned items as the roadmap's chart has them, then per phase its timebox and its actual time."""
    bars: list[str] = []
    for row in report.phases:
        section: list[str] = []
        for index, item in enumerate(item for item in report.planned if item.phase == row.number):
            if item.start is not None:
                section.append(_bar(f"planned {item.name}", f"plan{row.number}_{index}", item.start,
                                    _minutes(item.duration.total_seconds())))
        if row.actual_start is not None and row.budget is not None:
            section.append(_bar("timebox", f"box{row.number}", row.actual_start,
                                _minutes(row.budget.total_seconds())))
        if row.actual_start is not None and row.actual_end is not None:
            tag = "crit, " if row.status is PhaseStatus.OVER else "done, "
            section.append(_bar(f"actual ({row.source.value})", f"act{row.number}", row.actual_start,
                                _minutes((row.actual_end - row.actual_start).total_seconds()), tag))
        if section:
            bars += [f"    section Phase {row.number}", *section]
    if not bars:
        return ["## Planned vs actual", "", "Nothing to draw: no planned dates and no recorded time."]
    return ["## Planned vs actual", "", "```mermaid", "gantt",
            f"    title {_mermaid_text(report.title)}: planned vs actual (UTC)",
            "    dateFormat YYYY-MM-DD HH:mm", "    axisFormat %m-%d %H:%M", *bars, "```"]


def _bar(name: str, bar_id: str, start: datetime, minutes: int, tag: str = "") -> str:
    return f"    {_mermaid_text(name)} :{tag}{bar_id}, {_utc(start)}, {max(minutes, 1)}m"


def _minutes(seconds: float) -> int:
    return round(seconds / 60)


def _utc(moment: datetime) -> str:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M")


def _mermaid_text(text: str) -> str:
    """Mermaid ends a task name at `:` and a line at `;` or `#`."""
    return " ".join(re.sub(r"[:;#]", " ", text).split())


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
