"""`refactor-check` (also `refactor-tool check`): a refactoring's budgets and its gate, for CI and pre-commit.

Exit 0 when every check passes, 1 on any failing finding, 2 on bad configuration or input.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from refactor_tool import __version__
from refactor_tool.check.findings import FindingKind
from refactor_tool.check.model import CheckOptions, CheckResult
from refactor_tool.cli import reports_errors
from refactor_tool.errors import ConfigError
from refactor_tool.render.check_replay import REPLAYED_FORMATS

_FORMATS = ["text", "concise", "json", "github", "markdown"]


def _kinds(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> tuple[FindingKind, ...]:
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    try:
        return tuple(FindingKind.named(name) for name in names)
    except ConfigError as error:
        raise click.BadParameter(error.message) from None


def _explain(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    try:
        kind = FindingKind.named(value)
    except ConfigError as error:
        raise click.BadParameter(error.message) from None
    from refactor_tool.check.docs import explain

    click.echo(explain(kind), nl=False)
    ctx.exit(0)


@click.command("check", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Project root (default: the nearest folder at or above this one with a pyproject.toml).")
@click.option("--base", default=None, metavar="REF",
              help="Git ref to compare with (new files, dependencies, cycles, API). Default: HEAD.")
@click.option("--staged", is_flag=True, help="Check the index (what the next commit holds), for pre-commit.")
@click.option("--gate/--no-gate", default=None, help="Run the gate command (default: when one is configured).")
@click.option("--select", "select", multiple=True, callback=_kinds, metavar="KIND[,KIND]",
              help="Run only these checks (e.g. --select gate-failed).")
@click.option("--format", "output_format", type=click.Choice(_FORMATS), default=None,
              help="text (rich) on a terminal, else concise `path:line: kind message`; json, github, markdown.")
@click.option("--max-lines", type=click.IntRange(min=1), default=None, help="Override max-lines.")
@click.option("--max-new-files", type=click.IntRange(min=0), default=None, help="Override max-new-files.")
@click.option("--max-new-dependencies", type=click.IntRange(min=0), default=None, help="Override max-new-dependencies.")
@click.option("--max-api-breaks", type=click.IntRange(min=0), default=None, help="Override max-api-breaks.")
@click.option("--no-cache", is_flag=True, help="Read every file afresh (the cache is .refactor_tool_cache/).")
@click.option("--explain", callback=_explain, expose_value=False, is_eager=True, metavar="KIND",
              help="Print what a finding kind means, why, an example and what to do instead.")
@click.version_option(__version__, prog_name="refactor-check")
@reports_errors
def main(paths: tuple[Path, ...], root: Path | None, base: str | None, staged: bool, gate: bool | None,
         select: tuple[FindingKind, ...], output_format: str | None, no_cache: bool, **budgets: int | None) -> None:
    """Check the project's refactoring budgets and run its gate; exit 1 on any failing finding."""
    from refactor_tool.check.use_case import run_checks

    if click.get_current_context().parent is None:  # as `refactor-tool check`, the group has warned already
        # cheap: cli.undo imports no rich, and without a journal this is a few stat() calls
        from refactor_tool.cli.undo import warn_if_interrupted

        warn_if_interrupted(Path.cwd() if root is None else root)
    root = _project_root() if root is None else root.resolve()
    terminal = sys.stdout.isatty()
    output_format = output_format or ("text" if terminal else "concise")
    command_line = (click.get_current_context().obj or {}).get("replay")
    options = CheckOptions(root=root, paths=tuple(_relative(path, root) for path in paths), base=base,
                           staged=staged, gate=gate, select=select, cache=not no_cache,
                           overrides={name.replace("_", "-"): value for name, value in budgets.items()},
                           watch=command_line is not None and not terminal and output_format in REPLAYED_FORMATS)
    from refactor_tool.render.check import check_progress

    with check_progress(sys.stderr.isatty() and output_format != "json") as progress:
        result = run_checks(options, progress=progress)
    _render(result, output_format)
    if result.watched is not None and command_line is not None:
        _keep_for_replay(result, output_format, command_line)
    sys.exit(result.exit_code)


def _keep_for_replay(result: CheckResult, output_format: str, command_line: tuple[list[str], str]) -> None:
    """Record the answer for cli/check_entry.py to replay: `refactor-check` itself ran (its command line
    came in the context), off a terminal, in a format a replay writes, and the run may be replayed."""
    from refactor_tool.check.replay import record
    from refactor_tool.render.check import replay_output

    argv, cwd = command_line
    record(Path(result.root), argv, cwd, result.watched, replay_output(result, output_format), result.exit_code)


def _render(result: CheckResult, output_format: str) -> None:
    from refactor_tool.render import check as views

    if output_format == "json":
        from refactor_tool.render import emit_json

        emit_json(result.as_dict())
    elif output_format == "github":
        views.render_check_github(result)
    elif output_format == "markdown":
        views.render_check_markdown(result)
    elif output_format == "concise":
        views.render_check_concise(result)
    else:
        views.render_check_rich(result)


def _project_root() -> Path:
    from refactor_tool.io.project import find_pyproject

    here = Path.cwd().resolve()
    pyproject = find_pyproject(here)
    return here if pyproject is None else pyproject.parent


def _relative(path: Path, root: Path) -> str:
    absolute = path.resolve()
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        raise ConfigError("is outside the project root", path=path) from None


COMMANDS: tuple[click.Command, ...] = (main,)
