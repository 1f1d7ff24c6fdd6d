"""Snapshot time of `refactor-tool api` beside `griffe.load` on the same packages, in the same run.

    python benchmarks/bench_api.py [--repeat 5] [package ...]

Ours reads every module with `ast` and resolves every re-export; griffe is timed both as it loads by
default (aliases left unresolved) and with `resolve_aliases=True`, which is the comparable work.
"""

from __future__ import annotations

import argparse
import gc
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from refactor_tool.api import load
from refactor_tool.api import snapshot as snapshot_file

DEFAULT_PACKAGES = ("click", "rich", "email", "asyncio")


def interleaved_best(repeat: int, work: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Minimum wall time of each contender, run in turn (A, B, C, A, B, C...) so that load on a shared
    machine falls on all of them alike."""
    best = {name: float("inf") for name in work}
    for _ in range(repeat):
        for name, job in work.items():
            gc.collect()
            start = time.perf_counter()
            job()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", default=DEFAULT_PACKAGES)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()


    import griffe

    cwd = Path.cwd()
    table = Table(title=f"api snapshot vs griffe.load (best of {args.repeat}, interleaved, seconds)")
    for column in ("package", "files", "paths", "ours: surface", "ours: + JSON", "griffe.load",
                   "griffe.load resolved", "griffe / ours", "griffe resolved / ours"):
        table.add_column(column, justify="right")
    for name in args.packages:
        loaded = load(name, cwd=cwd)
        files = len(loaded.source.files) if loaded.source else 0
        best = interleaved_best(args.repeat, {
            "ours": lambda name=name: load(name, cwd=cwd),
            "ours_json": lambda name=name: snapshot_file.dumps(load(name, cwd=cwd).surface),
            "griffe": lambda name=name: griffe.load(name),
            "griffe_resolved": lambda name=name: griffe.load(name, resolve_aliases=True),
        })
        ours, ours_json, theirs, theirs_resolved = (
            best["ours"], best["ours_json"], best["griffe"], best["griffe_resolved"]
        )
        table.add_row(
            name, str(files), str(len(loaded.surface.entries)), f"{ours:.3f}", f"{ours_json:.3f}",
            f"{theirs:.3f}", f"{theirs_resolved:.3f}", f"{theirs / ours:.2f}x", f"{theirs_resolved / ours:.2f}x",
        )
    Console(width=150).print(table)


if __name__ == "__main__":
    main()
