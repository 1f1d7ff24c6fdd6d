"""`refactor-check` (also `refactor-tool check`): a refactoring's budgets and its gate, for CI and pre-commit.

Exit 0 when every check passes, 1 on any failing finding, 2 on bad configuration or input.
"""

from __future__ import annotations

from pathlib import Path

import click

from refactor_tool import __version__
from refactor_tool.check.findings import FindingKind
from refactor_tool.cli.check_run import FORMATS, run_check
from refactor_tool.errors import ConfigError


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
@click.option("--format", "output_format", type=click.Choice(FORMATS), default=None,
              help="text (rich) on a terminal, else concise `path:line: kind message`; json, github, markdown.")
@click.option("--max-lines", type=click.IntRange(min=1), default=None, help="Override max-lines.")
@click.option("--max-new-files", type=click.IntRange(min=0), default=None, help="Override max-new-files.")
@click.option("--max-new-dependencies", type=click.IntRange(min=0), default=None, help="Override max-new-dependencies.")
@click.option("--max-api-breaks", type=click.IntRange(min=0), default=None, help="Override max-api-breaks.")
@click.option("--no-cache", is_flag=True, help="Read every file afresh (the cache is .refactor_tool_cache/).")
@click.option("--explain", callback=_explain, expose_value=False, is_eager=True, metavar="KIND",
              help="Print what a finding kind means, why, an example and what to do instead.")
@click.version_option(__version__, prog_name="refactor-check")
def main(paths: tuple[Path, ...], root: Path | None, base: str | None, staged: bool, gate: bool | None,
         select: tuple[FindingKind, ...], output_format: str | None, no_cache: bool, **budgets: int | None) -> None:
    """Check the project's refactoring budgets and run its gate; exit 1 on any failing finding."""
    context = click.get_current_context()
    run_check(paths=paths, root=root, base=base, staged=staged, gate=gate, select=select,
              output_format=output_format, no_cache=no_cache,
              budgets={name.replace("_", "-"): value for name, value in budgets.items()},
              replay=(context.obj or {}).get("replay"),
              warn=context.parent is None)  # as `refactor-tool check`, the group has warned already
