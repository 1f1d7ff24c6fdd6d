"""Explicit split plans in TOML: loaded into a `PlanSpec` (any other plan source produces the same
value), and written from an automatic plan (`plan --write-plan`) for a person to adjust and apply.

    [split]                      # optional
    layout = "shim"              # or "package"
    max-lines = 400
    max-new-files = 15

    [modules]
    "layers/rms_norm.py" = ["RMSNorm"]
    "model/llama.py" = ["BitLlama"]
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from refactor_tool.errors import ConfigError, InputError, PlanError
from refactor_tool.io.transaction import FileChange, Transaction
from refactor_tool.split.model import Layout, PlannedModule, PlanSpec, SplitPlan

#: Written plans wrap their lists of names at this width.
WIDTH = 100


def _line_of(text: str, needle: str) -> int | None:
    pattern = re.compile(rf"""(["']){re.escape(needle)}\1""")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.lstrip().startswith("#") and pattern.search(line):
            return number
    return None


def parse_plan(text: str, source: str) -> PlanSpec:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        line = int(match.group(1)) if match else max(1, len(text.splitlines()))
        raise ConfigError(f"invalid TOML: {error}", path=source, line=line) from error
    modules_table = data.get("modules")
    if not isinstance(modules_table, dict) or not modules_table:
        raise PlanError("plan has no [modules] table mapping module paths to symbol lists", path=source, line=1)
    modules = []
    for target, symbols in modules_table.items():
        line = _line_of(text, target)
        if not isinstance(symbols, list) or not all(isinstance(s, str) for s in symbols):
            raise PlanError(f"{target!r} must map to a list of symbol names", path=source, line=line)
        modules.append(PlannedModule(path=target, symbols=tuple(symbols), line=line))
    settings = data.get("split", {})
    if not isinstance(settings, dict):
        raise PlanError("[split] must be a table", path=source, line=_line_of(text, "split"))
    layout = settings.get("layout")
    if layout is not None and layout not in {item.value for item in Layout}:
        raise PlanError(f"unknown layout {layout!r} (package or shim)", path=source, line=_line_of(text, layout))
    limits = {}
    for key in ("max-lines", "max-new-files"):
        value = settings.get(key)
        if value is not None and (not isinstance(value, int) or value < 1):
            raise PlanError(f"{key} must be a positive integer", path=source, line=None)
        limits[key] = value
    return PlanSpec(modules=tuple(modules), layout=Layout(layout) if layout else None,
                    max_lines=limits["max-lines"], max_new_files=limits["max-new-files"], source=source)


def load_plan(path: Path) -> PlanSpec:
    if not path.is_file():
        raise InputError("plan file not found", path=path)
    if path.suffix.lower() == ".md":
        raise InputError("a roadmap plan needs `--phase N`: which phase's extract tasks to carry out", path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"plan is not UTF-8: {error.reason}", path=path) from error
    return parse_plan(text, str(path))


def symbol_line(spec: PlanSpec, symbol: str) -> int | None:
    """The plan line naming `symbol`, for errors that point into the plan file."""
    if spec.source is None:
        return None
    try:
        return _line_of(Path(spec.source).read_text(encoding="utf-8"), symbol)
    except OSError:
        return None


def _names_value(key: str, names: list[str]) -> list[str]:
    """`key = ["a", "b", ...]` on one line when it fits, else one name per wrapped line."""
    quoted = [json.dumps(n) for n in names]
    single = f"{key} = [{', '.join(quoted)}]"
    if len(single) <= WIDTH:
        return [single]
    lines, current = [f"{key} = ["], "   "
    for item in quoted:
        if len(current) + len(item) + 2 > WIDTH and current.strip():
            lines.append(current)
            current = "   "
        current += f" {item},"
    return [*lines, current, "]"]


def plan_text(plan: SplitPlan, command: str) -> str:
    """The plan as TOML that `split --plan` reads back into the same split, with comments saying
    what each module holds and why, and how to adjust it. `command` is how the plan was made."""
    source = Path(plan.source_path)
    base = source.with_suffix("") if plan.layout is Layout.PACKAGE else source.parent
    lines = [
        f"# Plan of the split of {source.name} into modules, written by `{command}`.",
        f"# Under [modules], each entry is a new module (its path relative to {base.name}/) and the",
        "# top-level names it receives; a name left out is placed automatically. Move a name to another",
        "# module, rename a module or add one, then apply the plan:",
        f"#     refactor-tool split {plan.source_path} --plan <this file>",
        "",
        "[split]",
        f'layout = "{plan.layout.value}"',
        f"max-lines = {plan.max_lines}",
        f"max-new-files = {plan.max_new_files}",
        "",
        "[modules]",
    ]
    for module in plan.modules:
        names = [n for n in module.symbols if "." not in n]  # `Class.method` parts follow their class
        if not names:
            continue
        relative = Path(module.path).relative_to(base).as_posix()
        if module.reason:
            lines.append(f"# {module.reason}")
        lines += _names_value(json.dumps(relative), names)
    return "\n".join(lines) + "\n"


def write_plan(plan: SplitPlan, path: Path, command: str) -> Path:
    """Write `plan_text` to `path` (replacing what is there), as every file refactor-tool writes."""
    before = path.read_text(encoding="utf-8") if path.is_file() else None
    Transaction([FileChange(path, before, plan_text(plan, command))]).commit()
    return path
