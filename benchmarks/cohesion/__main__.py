"""`python benchmarks/cohesion PATH [--max-lines N] [--max-new-files K]`: the prototype's plan of
PATH as a table (module, lines, definitions, why), for looking at it before phase B wires it in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cohesion import Limits, plan_source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--max-lines", type=int, default=400)
    parser.add_argument("--max-new-files", type=int, default=15)
    args = parser.parse_args(argv)
    groups = plan_source(args.path.read_text(encoding="utf-8"), str(args.path),
                         Limits(max_lines=args.max_lines, max_new_files=args.max_new_files))
    table = Table(title=f"cohesion plan of {args.path}")
    for column in ("module", "lines", "definitions", "why"):
        table.add_column(column, justify="right" if column == "lines" else "left")
    for group in groups:
        table.add_row(group.name, str(group.lines), ", ".join(group.names), group.reason)
    Console().print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
