"""What `refactor-check` does once its command line is parsed: find the root, run the checks, render the
result, keep it for replay, exit 0 / 1 / 2. Without click: cli/check.py's command calls it after parsing
any command line, and cli/check_entry.py calls it directly for the few plain options it parses itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

from refactor_tool.check.findings import FindingKind
from refactor_tool.check.model import CheckOptions, CheckResult
from refactor_tool.cli import reports_errors
from refactor_tool.errors import ConfigError
from refactor_tool.render.check_replay import REPLAYED_FORMATS

#: --format's choices; the default is `text` (rich) on a terminal, else `concise`
FORMATS = ("text", "concise", "json", "github", "markdown")
#: the budgets the command line may override, as its options spell them (`--max-lines`)
BUDGETS = ("max-lines", "max-new-files", "max-new-dependencies", "max-api-breaks")


@reports_errors
def run_check(*, paths: tuple[Path, ...] = (), root: Path | None = None, base: str | None = None,
              staged: bool = False, gate: bool | None = None, select: tuple[FindingKind, ...] = (),
              output_format: str | None = None, no_cache: bool = False, budgets: dict[str, int | None],
              replay: tuple[list[str], str] | None = None, warn: bool = True) -> None:
    """Check the project and exit with the result's code. `replay`: the program's own command line and
    folder, to record the answer under; `warn`: announce an interrupted split first (`refactor-tool check`
    has, as every command of the group does)."""
    from refactor_tool.check.use_case import run_checks

    if warn:  # cheap: cli.undo imports no rich, and without a journal this is a few stat() calls
        from refactor_tool.cli.undo import warn_if_interrupted

        warn_if_interrupted(Path.cwd() if root is None else root)
    root = _project_root() if root is None else root.resolve()
    terminal = sys.stdout.isatty()
    output_format = output_format or ("text" if terminal else "concise")
    options = CheckOptions(root=root, paths=tuple(_relative(path, root) for path in paths), base=base,
                           staged=staged, gate=gate, select=select, cache=not no_cache, overrides=budgets,
                           watch=replay is not None and not terminal and output_format in REPLAYED_FORMATS)
    from refactor_tool.render.check import check_progress

    with check_progress(sys.stderr.isatty() and output_format != "json") as progress:
        result = run_checks(options, progress=progress)
    _render(result, output_format)
    if result.watched is not None and replay is not None:
        _keep_for_replay(result, output_format, replay)
    sys.exit(result.exit_code)


def _keep_for_replay(result: CheckResult, output_format: str, command_line: tuple[list[str], str]) -> None:
    """Record the answer for cli/check_entry.py to replay: `refactor-check` itself ran (not `refactor-tool
    check`), off a terminal, in a format a replay writes, and the run may be replayed."""
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
