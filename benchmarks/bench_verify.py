"""What the split's self-check costs, against the floor of any check that imports the module to see it.

Run: `python benchmarks/bench_verify.py [--repeat 3]`. Each split runs end to end through the CLI
in-process on a fresh copy (examples/inventory.py, argparse), with and without `--no-verify`, interleaved
with the floor so that load on a shared machine falls on all alike. The floor is two bare fresh
interpreters importing the module (`python -c "import mod"`, once for the original, once for the split);
the check is the verification's own time from the JSON result (the same two imports, plus describing
every name, plus the importers). Target: check / floor <= 1.5. The split times are shown beside.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

from click.testing import CliRunner

from refactor_tool.cli import main as cli

TARGET_RATIO = 1.5
INVENTORY = Path(__file__).resolve().parents[1] / "examples" / "inventory.py"


def _split_once(source: Path, *options: str) -> float:
    """Wall time of one split of a fresh copy; returns the verification's own seconds (0 without it)."""
    with tempfile.TemporaryDirectory() as directory:
        copy = Path(directory) / source.name
        shutil.copyfile(source, copy)
        result = CliRunner().invoke(cli, ["split", str(copy), "--format", "json", *options],
                                    catch_exceptions=False)
        if result.exit_code != 0:
            raise SystemExit(f"split of {source.name} failed ({result.exit_code}):\n{result.output}")
        verification = json.loads(result.stdout)["verification"]
        return 0.0 if verification is None else verification["seconds"]


def _floor_once(source: Path) -> None:
    """Two bare imports of the module in fresh interpreters: what any import-based check must pay."""
    with tempfile.TemporaryDirectory() as directory:
        shutil.copyfile(source, Path(directory) / source.name)
        for _ in range(2):
            subprocess.run([sys.executable, "-c", f"import {source.stem}"], cwd=directory, check=True,
                           env={"PYTHONDONTWRITEBYTECODE": "1", "PATH": ""})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per variant; the best is kept")
    args = parser.parse_args()
    spec = find_spec("argparse")
    assert spec is not None and spec.origin is not None
    header = (f"{'module':<12}{'lines':>7}{'split s':>9}{'+verify s':>11}{'floor s':>9}{'check s':>9}"
              f"{'ratio':>8}  target")
    print(header)
    print("-" * len(header))
    for source in (INVENTORY, Path(spec.origin)):
        best = {"without": float("inf"), "with": float("inf"), "floor": float("inf")}
        check = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            _floor_once(source)
            best["floor"] = min(best["floor"], time.perf_counter() - start)
            for variant, options in (("without", ("--no-verify",)), ("with", ())):
                start = time.perf_counter()
                seconds = _split_once(source, *options)
                best[variant] = min(best[variant], time.perf_counter() - start)
                if variant == "with":
                    check = min(check, seconds)
        ratio = check / best["floor"]
        verdict = "ok" if ratio <= TARGET_RATIO else f"> {TARGET_RATIO:g}x"
        lines = len(source.read_text(encoding="utf-8").splitlines())
        print(f"{source.stem:<12}{lines:>7}{best['without']:>9.3f}{best['with']:>11.3f}{best['floor']:>9.3f}"
              f"{check:>9.3f}{ratio:>7.2f}x  {verdict}")


if __name__ == "__main__":
    main()
