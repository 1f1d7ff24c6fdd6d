"""The `refactor-check` program. A run repeated with nothing changed, off a terminal, is answered from
its replay record (check/replay.py) before click or any check loads: a pre-commit hook's usual case.
Every other run is the click command's (cli/check.py).
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
