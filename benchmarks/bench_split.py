"""How long a whole split takes against the floor of any LibCST-based tool: parsing and printing the file.

Run: `python benchmarks/bench_split.py [--repeat 3]`. Each split runs end to end (plan, codegen, write)
through the CLI in-process, on a fresh copy in a temporary directory, in both layouts; `merge` joins the
package a split wrote back into one module. The floor is a bare `libcst.parse_module(src).code` on the
same file, measured in the same run. Target: ratio <= 2.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

import libcst
from click.testing import CliRunner

from refactor_tool.cli import main as cli

MODULES = ("_pydecimal", "argparse")
TARGET_RATIO = 2.0


def _best(run: Callable[[], None], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def _split_once(source: Path, layout: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory) / source.name
        shutil.copyfile(source, copy)
        result = CliRunner().invoke(
            cli, ["split", str(copy), "--layout", layout], catch_exceptions=False
        )
        if result.exit_code != 0:
            raise SystemExit(
                f"split of {source.name} failed ({result.exit_code}):\n{result.output}"
            )


def _merge_back_time(source: Path, repeat: int) -> float:
    """Merge the package a split wrote back into one module (`refactor-tool merge`), best of `repeat`."""
    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory) / source.name
        shutil.copyfile(source, copy)
        CliRunner().invoke(cli, ["split", str(copy)], catch_exceptions=False)
        pieces = sorted(str(p) for p in (Path(directory) / source.stem).glob("*.py"))
        into = str(Path(directory) / f"{source.stem}_merged.py")

        def run() -> None:
            result = CliRunner().invoke(
                cli, ["merge", *pieces, "--into", into], catch_exceptions=False
            )
            if result.exit_code != 0:
                raise SystemExit(f"merge of {source.stem} failed:\n{result.output}")
            Path(into).unlink()

        return _best(run, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per measurement; the best is kept"
    )
    args = parser.parse_args()
    rows = []
    for name in MODULES:
        spec = find_spec(name)
        assert spec is not None and spec.origin is not None
        source = Path(spec.origin)
        text = source.read_text(encoding="utf-8")
        floor = _best(lambda text=text: libcst.parse_module(text).code and None, args.repeat)
        for layout in ("package", "shim"):
            split = _best(
                lambda source=source, layout=layout: _split_once(source, layout), args.repeat
            )
            rows.append((name, len(text.splitlines()), layout, floor, split, split / floor))
        merge = _merge_back_time(source, args.repeat)
        rows.append((name, len(text.splitlines()), "merge", floor, merge, merge / floor))
    header = f"{'module':<12}{'lines':>7}  {'command':<8}{'parse+print s':>14}{'time s':>10}{'ratio':>8}  target"
    print(header)
    print("-" * len(header))
    for name, lines, layout, floor, split, ratio in rows:
        verdict = "ok" if ratio <= TARGET_RATIO else f"> {TARGET_RATIO:g}x"
        print(
            f"{name:<12}{lines:>7}  {layout:<8}{floor:>14.3f}{split:>10.3f}{ratio:>7.2f}x  {verdict}"
        )


if __name__ == "__main__":
    main()
