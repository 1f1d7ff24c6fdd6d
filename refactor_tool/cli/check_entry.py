"""The `refactor-check` program. A run repeated with nothing changed, off a terminal, is answered from
its replay record (check/replay.py) before click or any check loads: a pre-commit hook's usual case.
Every other run is the click command's (cli/check.py).

`program` (the installed script) ends the process as soon as the answer is written: the interpreter's
own shutdown (freeing every module and object) costs a cold run about 0.04 s, a tenth of it on the
benchmark's stdlib copy, and nothing of it is ours to wait for (no exit handler, no open file).
"""

from __future__ import annotations

import os
import sys
import time


def main() -> None:
    started = time.perf_counter()
    argv, cwd = sys.argv[1:], os.getcwd()
    if not sys.stdout.isatty():
        from refactor_tool.check.replay import replayed

        found = replayed(argv, cwd)
        if found is not None:
            from refactor_tool.render.check_replay import write_replay

            write_replay(found.output, time.perf_counter() - started)
            sys.exit(found.exit_code)
    from refactor_tool.cli.check import main as command

    command.main(args=argv, prog_name="refactor-check", obj={"replay": (argv, cwd)})


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
