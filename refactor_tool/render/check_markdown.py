"""`refactor-check --format markdown`: a summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`."""

from __future__ import annotations

from refactor_tool.check.findings import Finding
from refactor_tool.check.model import CheckResult
from refactor_tool.render.check_words import gate_text, location, marker_lines, summary


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _findings_table(findings: tuple[Finding, ...], *, reasons: bool) -> list[str]:
    head = "| check | where | finding |" + (" reason |" if reasons else "")
    rule = "|---|---|---|" + ("---|" if reasons else "")
    rows = [f"| `{f.kind.value}` | {_cell(location(f) or '-')} | {_cell(f.message)} |"
            + (f" {_cell(f.accepted or '')} |" if reasons else "") for f in findings]
    return [head, rule, *rows]


def check_markdown(result: CheckResult) -> str:
    mark = ":white_check_mark:" if result.ok else ":x:"
    compared = f" against {result.base}" if result.base else ""
    lines = ["## refactor-check", "", f"{mark} **{summary(result)}** ({result.mode}{compared})", ""]
    if result.failing:
        lines += ["### Findings", "", *_findings_table(result.failing, reasons=False), ""]
    if result.accepted:
        lines += ["### Accepted", "", *_findings_table(result.accepted, reasons=True), ""]
    lines += ["### Limits", "", "| budget | limit | used | from |", "|---|---|---|---|"]
    for limit in result.limits:
        used = result.usage.get(limit.name)
        where = "" if limit.where in ("default", "pyproject.toml") else f" (`{limit.where}`)"
        lines.append(f"| `{limit.name}` | {limit.value} | {'-' if used is None else used} | {limit.origin.value}{where} |")
    lines.append("")
    if result.gate is not None:
        lines += ["### Gate", "", f"`{_cell(result.gate.command)}`: {gate_text(result.gate)}", ""]
        lines += [f"- {line}" for line in marker_lines(result.gate)]
        if result.gate.log:
            lines.append(f"- log: `{result.gate.log}`")
        lines.append("")
    cycles = [f"- existing: `{c.text()}`" for c in result.cycles.existing]
    cycles += [f"- closed only by deferred imports: `{c.text()}`" for c in result.cycles.deferred]
    if cycles:
        lines += ["### Import cycles (not failing)", "", *cycles, ""]
    if result.skipped:
        lines += ["### Not checked", "", *(f"- {line}" for line in result.skipped), ""]
    return "\n".join(lines).rstrip() + "\n"
