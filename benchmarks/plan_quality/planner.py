"""The planner under test: `refactor-tool plan --format json --write-plan`, as a user runs it.

It gets the case's limits (one more file where the split also writes `__main__.py`, which is not a
module of the layout). With `check`, the written TOML plan is handed back to `refactor-tool plan
--plan` and must give the same modules (the round trip `split --plan` relies on).
"""

from __future__ import annotations

import json
from pathlib import Path

from plan_quality.cases import Case, tool

#: A planned layout: name -> planned module, and each planned module's name.
Planned = tuple[dict[str, str], dict[str, str]]


def _modules(plan: dict) -> dict[str, tuple[str, ...]]:
    return {m["module"]: tuple(m["symbols"]) for m in plan["modules"]}


def _run(*arguments: str) -> dict:
    result = tool(*arguments)
    if result.returncode != 0:
        message = json.loads(result.stdout).get("message", result.stderr) if result.stdout else result.stderr
        raise RuntimeError(str(message).strip())
    return json.loads(result.stdout)


def runs_as_main(path: Path) -> bool:
    return any(line.startswith("if __name__ ==") for line in path.read_text(encoding="utf-8").splitlines())


def plan_case(case: Case, check: bool = False) -> tuple[Planned, dict[str, str], str]:
    """The planned layout, each module's one-line reason, and the round trip's verdict ('' unchecked).

    Names the plan leaves in the package `__init__` count as one more module, as in the split.
    """
    written = case.path.with_name("written_plan.toml")
    files = case.max_new_files + runs_as_main(case.path)
    plan = _run("plan", str(case.path), "--format", "json", "--max-lines", str(case.max_lines),
                "--max-new-files", str(files), "--write-plan", str(written))
    layout: dict[str, str] = {}
    names: dict[str, str] = {}
    reasons: dict[str, str] = {}
    for module in plan["modules"]:
        key = module["module"]
        names[key] = key.rsplit(".", 1)[-1]
        reasons[names[key]] = module.get("reason", "")
        layout.update(dict.fromkeys(module["symbols"], key))
    stem = case.path.stem
    for name in case.truth:
        layout.setdefault(name, f"{stem}.__init__")
    names.setdefault(f"{stem}.__init__", "__init__")
    verdict = ""
    if check:
        try:
            again = _run("plan", str(case.path), "--format", "json", "--plan", str(written))
            verdict = "round trip: same plan" if _modules(again) == _modules(plan) else "round trip: DIFFERENT plan"
        except RuntimeError as error:
            verdict = f"round trip refused: {str(error)[:100]}"
    return (layout, names), reasons, verdict
