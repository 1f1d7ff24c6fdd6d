"""Would today's split accept the plan? Hand it to `refactor-tool plan --plan` as a TOML plan."""

from __future__ import annotations

import json
from collections import defaultdict

from plan_quality.cases import Case, tool


def as_toml(layout: dict[str, str], max_lines: int, max_new_files: int) -> str:
    modules: dict[str, list[str]] = defaultdict(list)
    for name, module in layout.items():
        modules[module].append(name)
    lines = ["[split]", f"max-lines = {max_lines}", f"max-new-files = {max_new_files}", "", "[modules]"]
    for module, names in modules.items():
        lines.append(f'"_{module}.py" = [{", ".join(json.dumps(n) for n in names)}]')
    return "\n".join(lines) + "\n"


def check_plan(case: Case, layout: dict[str, str]) -> str:
    """'accepted' or the tool's one-line refusal."""
    plan = case.path.with_name("cohesion_plan.toml")
    # The file budget is the planner's to keep (it is checked there); the split adds files of its
    # own (`__main__.py`, modules for statements that bind no name), so it gets a few more here.
    plan.write_text(as_toml(layout, case.max_lines, case.max_new_files + 3), encoding="utf-8")
    result = tool("plan", str(case.path), "--plan", str(plan), "--format", "json")
    if result.returncode == 0:
        return "accepted"
    try:
        return "refused: " + json.loads(result.stdout)["message"][:100]
    except (ValueError, KeyError):
        return "refused: " + result.stderr.strip()[:100]
