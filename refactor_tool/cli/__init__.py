"""`refactor-tool`: the thin click shell. Each command parses options, makes one app call, renders, exits 0/1/2.

click loads with the first command (`main`, the group, is in cli/group.py; `FORMAT_OPTION` is made on first
use), so a repeated `refactor-check` answered from its replay record (cli/check_entry.py) never loads it.
"""

from __future__ import annotations

import sys

from refactor_tool import __version__
from refactor_tool.errors import InputError, RefactorToolError

TYPE_CHECKING = False  # typing's, without importing typing: a replayed refactor-check loads this module
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    F = TypeVar("F", bound=Callable[..., Any])


def version_option(program: str = "refactor-tool") -> Callable[[F], F]:
    """`--version` for every entry point and command group (`refactor-tool`, `refactor-check`, `api`)."""
    import click

    return click.version_option(__version__, prog_name=program)


def __getattr__(name: str) -> Any:
    """`main` (the `refactor-tool` group) and `FORMAT_OPTION`, made when first asked for."""
    if name == "main":
        from refactor_tool.cli.group import main

        value: Any = main
    elif name == "FORMAT_OPTION":
        import click

        value = click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="text for people (rich), json for machines (stdout only).")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def file_system_error(error: OSError) -> InputError:
    """What the operating system refused (a read-only folder, an immutable file), as one line naming the
    path; a transaction's temporary file is named by its folder, the place the user can act on."""
    from pathlib import Path

    named = error.filename2 or error.filename  # a rename names its target second
    path = Path(named) if named else None
    message = f"the file system refused: {error.strerror or error}"
    if path is not None and path.name.endswith(".refactor-tmp"):
        path, message = path.parent, f"cannot write a file in this folder: {error.strerror or error}"
    return InputError(message, path=path)


def reports_errors(func: F) -> F:
    """Turn a `RefactorToolError` into one line on stderr and its exit code (2 for input, 1 for checks);
    an `OSError` at the edges is an input error too (every file a command wrote is rolled back by then)."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # here, not above: a replayed refactor-check imports this package, and never renders an error
        from refactor_tool.render import emit_error

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
