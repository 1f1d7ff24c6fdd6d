"""`refactor-tool`: the thin click shell. Each command parses options, makes one app call, renders, exits 0/1/2."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from refactor_tool import __version__
from refactor_tool.errors import InputError, RefactorToolError
from refactor_tool.render import emit_error

F = TypeVar("F", bound=Callable[..., Any])

def version_option(program: str = "refactor-tool") -> Callable[[F], F]:
    """`--version` for every entry point and command group (`refactor-tool`, `refactor-check`, `api`)."""
    return click.version_option(__version__, prog_name=program)


FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people (rich), json for machines (stdout only).",
)


def file_system_error(error: OSError) -> InputError:
    """What the operating system refused (a read-only folder, an immutable file), as one line naming the
    path; a transaction's temporary file is named by its folder, the place the user can act on."""
    named = error.filename2 or error.filename  # a rename names its target second
    path = Path(named) if named else None
    message = f"the file system refused: {error.strerror or error}"
    if path is not None and path.name.endswith(".refactor-tmp"):
        path, message = path.parent, f"cannot write a file in this folder: {error.strerror or error}"
    return InputError(message, path=path)


def reports_errors(func: F) -> F:
    """Turn a `RefactorToolError` into one line on stderr and its exit code (2 for input, 1 for checks);
    an `OSError` at the edges is an input error too (every file a command wrote is rolled back by then)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RefactorToolError as error:
            emit_error(error, as_json=kwargs.get("output_format") == "json")
            sys.exit(error.exit_code)
        except OSError as error:
            problem = file_system_error(error)
            emit_error(problem, as_json=kwargs.get("output_format") == "json")
            sys.exit(problem.exit_code)

    return wrapper  # type: ignore[return-value]


class _CommandsOnDemand(click.Group):
    """Loads the command modules (and so LibCST, networkx) only when a command is looked up.

    `bit-ttt` and torchrun workers import `reports_errors` from here; they should not pay for the splitter.
    """

    _loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        from refactor_tool.cli import api, check, merge, roadmap, split, undo

        for command in (*split.COMMANDS, *merge.COMMANDS, *api.COMMANDS, *roadmap.COMMANDS, *undo.COMMANDS,
                        *check.COMMANDS):
            self.add_command(command)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        self._load()
        return super().get_command(ctx, cmd_name)


@click.group(cls=_CommandsOnDemand, context_settings={"help_option_names": ["-h", "--help"]})
@version_option()
@click.pass_context
def main(ctx: click.Context) -> None:
    """Split monolithic Python modules safely and check refactoring budgets."""
    if ctx.invoked_subcommand != "undo":

        from refactor_tool.cli.undo import warn_if_interrupted

        warn_if_interrupted(Path.cwd())
