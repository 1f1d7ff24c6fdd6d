"""`plan` and `split`: show or apply the split of a monolithic module (options shared by both)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from refactor_tool.cli import FORMAT_OPTION, reports_errors
from refactor_tool.render import emit_json
from refactor_tool.render.split import render_plan, render_split
from refactor_tool.split.model import ClassSplitMode, Layout, SplitOptions
from refactor_tool.split.plan.toml_plan import write_plan
from refactor_tool.split.use_case import apply_split, plan_split

_LAYOUT_HELP = (
    "package: mod.py becomes mod/__init__.py (re-exports, __all__ kept) plus private submodules mod/_<name>.py. "
    "shim: mod.py stays as a thin re-export module; new modules go where the plan says, or into the sibling "
    "private package _<mod>/ when planned automatically (_<mod>_parts/ if _<mod> is taken, e.g. by a C "
    "accelerator like _bisect)."
)


def _shared_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.argument("path", type=click.Path(path_type=Path)),
        click.option("--max-lines", type=click.IntRange(min=10), default=None,
                     help="Every file written has fewer lines than this.  [default: max-lines of "
                          "[tool.refactor_tool] in the nearest pyproject.toml, else 400]"),
        click.option("--max-new-files", type=click.IntRange(min=1), default=None,
                     help="Most new files the split may create.  [default: max-new-files of "
                          "[tool.refactor_tool], else 15]"),
        click.option("--plan", "plan_path", type=click.Path(path_type=Path), default=None,
                     help='TOML plan: [modules] "layers/rms_norm.py" = ["RMSNorm"]; unlisted names placed '
                          "automatically; optional [split] layout/max-lines/max-new-files. Or a roadmap "
                          "(ROADMAP.md) with --phase."),
        click.option("--phase", type=click.IntRange(min=1), default=None,
                     help="With --plan ROADMAP.md: the phase whose extract tasks are the plan (shim layout)."),
        click.option("--layout", type=click.Choice([item.value for item in Layout]), default=None,
                     help=_LAYOUT_HELP + "  [default: package]"),
        click.option("--new-module-names", is_flag=True,
                     help="Moved code reports its new module in __name__/__module__ (changes reprs, pickles, "
                          "doctest discovery, logger names). By default it keeps the old module's name."),
        click.option("--keep-module-name", is_flag=True, hidden=True,
                     help="The default now; accepted so that older scripts keep working."),
        click.option("--split-classes", type=click.Choice([m.value for m in ClassSplitMode]), default="body",
                     is_flag=False, flag_value="body", show_default=True,
                     help="What happens to a class over the limit. body: groups of its methods move to "
                          "modules of their own and its class statement binds them (the class object is "
                          "unchanged). mixins: they move into mixin base classes (changes __mro__). "
                          "none: classes stay whole."),
        FORMAT_OPTION,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _options(path: Path, max_lines: int | None, max_new_files: int | None, plan_path: Path | None,
             layout: str | None, new_module_names: bool, keep_module_name: bool, split_classes: str,
             phase: int | None = None, **extra: Any) -> SplitOptions:
    if new_module_names and keep_module_name:
        raise click.UsageError("--new-module-names and --keep-module-name contradict each other")
    given = tuple(name for name, value in (("max_lines", max_lines), ("max_new_files", max_new_files))
                  if value is not None)
    if phase is not None:
        if plan_path is None or plan_path.suffix.lower() != ".md":
            raise click.UsageError("--phase N goes with a roadmap plan: --plan ROADMAP.md --phase N")
        # split never imports roadmap (the features contract): the shell joins them
        from refactor_tool.roadmap.use_case import phase_plan

        extra["spec"], plan_path = phase_plan(plan_path, phase, path), None
    return SplitOptions(
        max_lines=max_lines or 400, max_new_files=max_new_files or 15, plan_path=plan_path,
        layout=Layout(layout or "package"), keep_module_name=not new_module_names,
        split_classes=ClassSplitMode(split_classes),
        layout_given=layout is not None, limits_given=given, **extra,
    )


@click.command("plan")
@_shared_options
@click.option("--write-plan", "plan_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also write the plan to this file as an editable TOML plan, the format --plan reads.")
@reports_errors
def plan(path: Path, output_format: str, plan_file: Path | None, **kwargs: Any) -> None:
    """Show how PATH would be split (modules, why they belong together, imports between them,
    re-exports, warnings); writes nothing but the --write-plan file.

    Exit 1 when the split cannot meet a limit (a file at or over --max-lines, more than
    --max-new-files new files): each is listed first, naming the definition responsible.
    """
    result = plan_split(path, _options(path, **kwargs))
    written = None
    if plan_file is not None and result.plan.modules:
        command = " ".join(["refactor-tool plan", *sys.argv[2:]]) if sys.argv[1:2] == ["plan"] else "refactor-tool plan"
        written = write_plan(result.plan, plan_file, command)
    if output_format == "json":
        emit_json({**result.as_dict(), "plan_file": None if written is None else str(written)})
    else:
        render_plan(result, written)
    if not result.plan.within_limits:
        sys.exit(1)


@click.command("split")
@_shared_options
@click.option("--dry-run", is_flag=True, help="Print unified diffs and write nothing.")
@click.option("--gate", default=None, metavar="CMD",
              help='Command run (in the current directory) after writing, e.g. "pytest -q"; if it fails every '
                   "file is restored (exit 1).")
@click.option("--allow-dirty", is_flag=True, help="Split even if the git work tree has uncommitted changes.")
@click.option("--no-rewrite-tests", is_flag=True,
              help="List test files whose mock.patch/monkeypatch targets name moved code instead of rewriting them.")
@click.option("--no-verify", is_flag=True,
              help="Skip importing the original and the split module in fresh interpreters and comparing "
                   "every name (type, __module__, __qualname__, signature, __mro__, dir()) and the importers.")
@click.option("--python", "python", default=None, metavar="PATH",
              help="Interpreter that imports the project for the verification (a file, a venv folder or a command). "
                   "Default: python of [tool.refactor_tool], else the active virtual environment, else .venv/venv "
                   "at the project root, else an active conda environment, else the one refactor-tool runs on.")
@reports_errors
def split(path: Path, output_format: str, dry_run: bool, gate: str | None, allow_dirty: bool,
          no_rewrite_tests: bool, no_verify: bool, python: str | None, **kwargs: Any) -> None:
    """Split PATH into modules under the limits, keeping every old import working; all files or none.

    Limits (--max-lines, --max-new-files) default to `[tool.refactor_tool]` of the nearest
    pyproject.toml, else 400 and 15. After writing, the split checks itself: the original (described
    before any file changed) and the split module are imported in fresh interpreters and compared,
    then the optional --gate runs. Exit 0 when done within the limits; 1 when a limit cannot be met
    (everything else is written, and each file at or over the limit is listed with the definition
    responsible, e.g. a function too long by itself), the verification found a difference, the
    original does not import ("cannot verify"; nothing written) or the --gate failed (every file
    restored); 130 or 143 when SIGINT or SIGTERM stopped it (every file restored); 2 on bad input or
    a plan that cannot be carried out (one line naming file and line; nothing written).
    """
    options = _options(path, **kwargs, dry_run=dry_run, gate=gate, allow_dirty=allow_dirty,
                       rewrite_tests=not no_rewrite_tests, verify=not no_verify, python=python)
    result = apply_split(path, options)
    if output_format == "json":
        emit_json(result.as_dict())
    else:
        render_split(result)
    if result.interrupted is not None:
        sys.exit(result.interrupted.exit_code)
    if not result.ok or not result.planned.plan.within_limits:
        sys.exit(1)
