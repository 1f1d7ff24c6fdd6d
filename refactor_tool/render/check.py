"""How `refactor-check` results look: a rich report on a terminal, `path:line: kind message` lines
elsewhere (the default off a terminal), GitHub workflow annotations, and Markdown (render/check_markdown).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from refactor_tool.check.model import CheckResult, Progress
from refactor_tool.render import json_text
from refactor_tool.render.check_replay import SECONDS, timed
from refactor_tool.render.check_words import (
    gate_text,
    limit_text,
    location,
    marker_lines,
    summary,
    untimed_summary,
)


def _write(line: str = "") -> None:
    sys.stdout.write(line + "\n")


def render_check_concise(result: CheckResult, write: Callable[[str], None] = _write) -> None:
    for line in _concise_lines(result):
        write(line)
    write(summary(result))


def _concise_lines(result: CheckResult) -> list[str]:
    lines = []
    for finding in result.failing:
        where = location(finding)
        lines.append(f"{where + ': ' if where else ''}{finding.kind.value} {finding.message}")
    for finding in result.accepted:
        where = location(finding)
        lines.append(f"{where + ': ' if where else ''}{finding.kind.value} [accepted: {finding.accepted}] "
                     f"{finding.message}")
    return lines + _notes(result)


def replay_output(result: CheckResult, output_format: str) -> list[str]:
    """What render/check_replay.py writes for a replay of this result, in this format (one of
    `REPLAYED_FORMATS`): [the format, the text this run wrote up to its time, the text after it]."""
    if output_format == "json":
        text, mark = json_text({**result.as_dict(), "seconds": SECONDS}), json_text(SECONDS)[:-1]
    else:
        text = "".join(line + "\n" for line in _concise_lines(result)) + timed(untimed_summary(result), SECONDS) + "\n"
        mark = SECONDS
    before, _, after = text.partition(mark)
    return [output_format, before, after]


def _notes(result: CheckResult) -> list[str]:
    notes = [f"existing import cycle: {cycle.text()}" for cycle in result.cycles.existing]
    notes += [f"cycle closed only by deferred imports (inside functions / TYPE_CHECKING): {cycle.text()}"
              for cycle in result.cycles.deferred]
    if result.gate is not None:
        notes.append(f"gate `{result.gate.command}`: {gate_text(result.gate)}")
        notes += [f"gate: {line}" for line in marker_lines(result.gate)]
        if result.gate.log:
            notes.append(f"gate log: {result.gate.log}")
    notes += [f"skipped {line}" for line in result.skipped]
    notes += [f"warning: allow entry ({entry.kind}, {entry.path}) at pyproject.toml:{entry.line} matched nothing"
              for entry in result.unused_allow]
    compared = f" against {result.base}" if result.base else ""
    notes.append("limits: " + "; ".join(limit_text(limit, result.usage.get(limit.name)) for limit in result.limits)
                 + f" ({result.mode}{compared})")
    return notes


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render_check_github(result: CheckResult, write: Callable[[str], None] = _write) -> None:
    """Workflow commands: `::error` per failing finding, `::notice` per accepted one."""
    for finding in result.findings:
        level = "error" if finding.failing else "notice"
        props = [f"file={_escape(finding.path, prop=True)}"] if finding.path else []
        if finding.path and finding.line:
            props.append(f"line={finding.line}")
        props.append(f"title={_escape(finding.kind.value, prop=True)}")
        message = finding.message if finding.failing else f"accepted ({finding.accepted}): {finding.message}"
        write(f"::{level} {','.join(props)}::{_escape(message)}")
    for entry in result.unused_allow:
        write(f"::warning file=pyproject.toml,line={entry.line or 1},title=unused allow entry::"
              f"{_escape(f'allow entry ({entry.kind}, {entry.path}) matched nothing')}")
    write(summary(result))
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        from refactor_tool.render.check_markdown import check_markdown

        with open(step_summary, "a", encoding="utf-8") as summary_file:
            summary_file.write(check_markdown(result))


def render_check_markdown(result: CheckResult) -> None:
    from refactor_tool.render.check_markdown import check_markdown

    sys.stdout.write(check_markdown(result))


def render_check_rich(result: CheckResult) -> None:
    from rich.table import Table

    from refactor_tool.render import out

    if result.failing:
        table = Table(title="refactor-check findings", title_justify="left")
        table.add_column("where", overflow="fold")
        table.add_column("check", no_wrap=True)
        table.add_column("finding", overflow="fold")
        for finding in result.failing:
            table.add_row(location(finding) or "-", finding.kind.value, finding.message)
        out.print(table)
    if result.accepted:
        table = Table(title="accepted", title_justify="left")
        for column in ("where", "check", "finding", "reason"):
            table.add_column(column, overflow="fold")
        for finding in result.accepted:
            table.add_row(location(finding) or "-", finding.kind.value, finding.message, finding.accepted or "")
        out.print(table)
    limits = Table(title="limits", title_justify="left")
    for column in ("budget", "limit", "used", "from"):
        limits.add_column(column, overflow="fold")
    for limit in result.limits:
        used = result.usage.get(limit.name)
        limits.add_row(limit.name, str(limit.value), "-" if used is None else str(used),
                       limit.origin.value + ("" if limit.where in ("default", "pyproject.toml") else f" ({limit.where})"))
    out.print(limits)
    for line in _notes(result)[:-1]:
        out.print(line, markup=False)
    colour = "green" if result.ok else "red"
    out.print(f"[bold {colour}]{summary(result)}[/]", markup=True)


@contextmanager
def check_progress(enabled: bool) -> Iterator[Progress]:
    """A spinner on stderr naming the running step and the gate's latest line (terminals only)."""
    if not enabled:
        yield Progress()
        return
    from rich.markup import escape

    from refactor_tool.render import err

    with err.status("refactor-check") as status:
        current = {"step": "refactor-check"}

        def step(name: str) -> None:
            current["step"] = name
            status.update(escape(name))

        def gate_output(line: str) -> None:
            status.update(f"{escape(current['step'])}  [dim]{escape(line[-100:])}[/]")

        yield Progress(step, gate_output)
