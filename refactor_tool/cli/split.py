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
from refactor_tool.split.model import Layout, SplitOptions
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
                     help="Line limit of every new module.  [default: 400]"),
        click.option("--max-new-files", type=click.IntRange(min=1), default=None,
                     help="Most new modules the split may create.  [default: 15]"),
        click.option("--plan", "plan_path", type=click.Path(path_type=Path), default=None,
                     help='TOML plan: [modules] "layers/rms_norm.py" = ["RMSNorm"]; unlisted names placed '
                          "automatically; optional [split] layout/max-lines/max-new-files."),
        click.option("--layout", type=click.Choice([item.value for item in Layout]), default=None,
                     help=_LAYOUT_HELP + "  [default: package]"),
        click.option("--keep-module-name", is_flag=True,
                     help="Moved code keeps reporting the old __name__/__module__ (reprs, pickles, loggers)."),
        click.option("--split-classes", is_flag=True,
                     help="Classes over the limit become mixins in modules of their own (changes __mro__)."),
        FORMAT_OPTION,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _options(max_lines: int | None, max_new_files: int | None, plan_path: Path | None, layout: str | None,
             keep_module_name: bool, split_classes: bool, **extra: Any) -> SplitOptions:
    given = tuple(name for name, value in (("max_lines", max_lines), ("max_new_files", max_new_files))
                  if value is not None)
    return SplitOptions(
        max_lines=max_lines or 400, max_new_files=max_new_files or 15, plan_path=plan_path,
        layout=Layout(layout or "package"), keep_module_name=keep_module_name, split_classes=split_classes,
        layout_given=layout is not None, limits_given=given, **extra,
    )


@click.command("plan")
@_shared_options
@reports_errors
def plan(path: Path, output_format: str, **kwargs: Any) -> None:
    """Show how PATH would be split (modules, imports between them, re-exports, warnings); writes nothing."""
    result = plan_split(path, _options(**kwargs))
    if output_format == "json":
        emit_json(result.as_dict())
    else:
        render_plan(result)


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
@reports_errors
def split(path: Path, output_format: str, dry_run: bool, gate: str | None, allow_dirty: bool,
          no_rewrite_tests: bool, no_verify: bool, **kwargs: Any) -> None:
    """Split PATH into modules under the limits, keeping every old import working; all files or none.

    After writing, the split checks itself: the original (described before any file changed) and the
    split module are imported in fresh interpreters and compared, then the optional --gate runs.
    Exit 0 when done; 1 when the verification found a difference, the original does not import
    ("cannot verify"; nothing written) or the --gate failed (every file restored); 130 or 143 when
    SIGINT or SIGTERM stopped it (every file restored); 2 on bad input or a plan that cannot be
    carried out (one line naming file and line; nothing written).
    """
    options = _options(**kwargs, dry_run=dry_run, gate=gate, allow_dirty=allow_dirty,
                       rewrite_tests=not no_rewrite_tests, verify=not no_verify)
    result = apply_split(path, options)
    if output_format == "json":
        emit_json(result.as_dict())
    else:
        render_split(result)
    if result.interrupted is not None:
        sys.exit(result.interrupted.exit_code)
    if not result.ok:
        sys.exit(1)


COMMANDS: tuple[click.Command, ...] = (plan, split)
