"""The `refactor-check` program. A run repeated with nothing changed, off a terminal, is answered from
its replay record (check/replay.py) before click or any check loads: a pre-commit hook's usual case.
A command line of plain options only (`--no-gate --format json`, as hooks and CI write it) is parsed here
and run without click (its import costs about 0.02 s, a sixth of a cold run on a large tree); any other
(help, `--root`, `--select`, a misspelt option, a bad value) is the click command's (cli/check.py), which
parses and reports it. Both call the same `run_check`.

`program` (the installed script) ends the process as soon as the answer is written: the interpreter's
own shutdown (freeing every module and object) costs a cold run about 0.04 s, a tenth of it on the
benchmark's stdlib copy, and nothing of it is ours to wait for (no exit handler, no open file).
"""

from __future__ import annotations

import os
import sys
import time

from refactor_tool.check import replay

TYPE_CHECKING = False  # typing's, without importing typing: a replayed refactor-check loads this module
if TYPE_CHECKING:
    from typing import Any


def main() -> None:
    started = time.perf_counter()
    argv, cwd = sys.argv[1:], os.getcwd()
    if not sys.stdout.isatty():
        found = replay.replayed(argv, cwd)
        if found is not None:
            from refactor_tool.render.check_replay import write_replay

            write_replay(found.output, time.perf_counter() - started)
            sys.exit(found.exit_code)
    plain = plain_options(argv)
    if plain is not None and not replay.journal_pending(cwd):  # else the command announces the interrupted split
        from refactor_tool.cli.check_run import run_check

        run_check(**plain, replay=(argv, cwd), warn=False)
    from refactor_tool.cli.check import main as command

    command.main(args=argv, prog_name="refactor-check", obj={"replay": (argv, cwd)})


#: the flags `plain_options` reads: option -> (parameter, value), as the click command declares them
_FLAGS = {"--gate": ("gate", True), "--no-gate": ("gate", False), "--staged": ("staged", True),
          "--no-cache": ("no_cache", True)}
#: the budgets' least values (click.IntRange in cli/check.py)
_LEAST = {"max-lines": 1, "max-new-files": 0, "max-new-dependencies": 0, "max-api-breaks": 0}


def plain_options(argv: list[str]) -> dict[str, Any] | None:
    """`run_check`'s arguments for a command line of the flags, `--format` and the budget options only,
    with valid values, as click parses it (the last of a repeated option wins); None for any other."""
    from refactor_tool.cli.check_run import FORMATS

    found: dict[str, Any] = {"budgets": dict.fromkeys(_LEAST)}
    words = iter(argv)
    for word in words:
        if word in _FLAGS:
            parameter, flag = _FLAGS[word]
            found[parameter] = flag
            continue
        name, equals, value = word.partition("=")
        option = name[2:] if name.startswith("--") else ""
        if option != "format" and option not in _LEAST:
            return None
        if not equals:
            value = next(words, "")
        if option == "format" and value in FORMATS:
            found["output_format"] = value
        elif option in _LEAST and value.isascii() and value.isdecimal() and int(value) >= _LEAST[option]:
            found["budgets"][option] = int(value)
        else:
            return None
    return found


def program() -> None:
    """`main` as the installed `refactor-check` runs it: output flushed, then the process ends at once."""
    try:
        main()
        code: object = 0
    except SystemExit as done:
        code = done.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what sys.exit does with a message
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: as the interpreter's own exit reports it
        code = code or 120
    os._exit(code or 0)
