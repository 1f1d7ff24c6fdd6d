"""`refactor-check --no-gate` cold and warm, beside the tools that each cover one of its slices, on the
same trees in the same run:

    python benchmarks/bench_check.py [--repeat 3]

Trees: this repository, and a large one (the standard library's email, asyncio, json, logging, unittest
and xml packages copied into one git project). Beside it: pylint with only `too-many-lines`, lint-imports
with one layers contract, deptry and vulture (each skipped, with a message, when not installed). Also the
import graph alone: our facts + edges, cold, against grimp's `build_graph` (import-linter's engine).
Every figure is the best wall time of `--repeat` runs, contenders interleaved so machine load falls on
all alike. Targets: under 1 s cold here; faster than each tool cold on the large tree; warm at least 5x
faster than cold.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
STDLIB = ("email", "asyncio", "json", "logging", "unittest", "xml")
BIN = Path(sys.executable).parent
CACHE = ".refactor_tool_cache"
GRAPH_OURS = """
import sys, time
from pathlib import Path
from refactor_tool.check.sources import WorkTree, load_state
from refactor_tool.check.imports import import_edges, module_index
from refactor_tool.io.fact_cache import FactCache
from refactor_tool.io.git_history import repository_root
root = Path(sys.argv[1]).resolve()
state = load_state(WorkTree(root, repository_root(root)), (), FactCache.disabled())
import_edges(module_index(state.facts), state.facts)
"""
GRAPH_GRIMP = "import sys, grimp; grimp.build_graph(*sys.argv[1:], cache_dir=None)"


def large_tree(folder: Path) -> Path:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for name in STDLIB:
        shutil.copytree(stdlib / name, folder / name, ignore=shutil.ignore_patterns("__pycache__", "test", "tests"))
    names = ", ".join(f'"{name}"' for name in STDLIB)
    (folder / "pyproject.toml").write_text(
        f'[project]\nname = "stdlib-copy"\nversion = "0"\ndependencies = []\n\n'
        f"[tool.refactor_tool]\npackages = [{names}]\n\n"
        f"[tool.importlinter]\nroot_packages = [{names}]\n\n"
        f'[[tool.importlinter.contracts]]\nname = "one layers contract"\ntype = "layers"\n'
        f'layers = ["unittest", "asyncio", "logging", "email", "xml", "json"]\n\n'
        f"[tool.deptry]\nknown_first_party = [{names}]\n", encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.email=b@e", "-c", "user.name=bench", "commit", "-qm", "tree"]):
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)
    return folder


def tool(name: str) -> str | None:
    return shutil.which(name, path=str(BIN)) or shutil.which(name)


def timed(command: list[str], cwd: Path, env: dict[str, str], before: object = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children: the fairer figure on a shared machine)."""
    if callable(before):
        before()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime


#: tools that import the tree's packages to read them, so the tree goes on their PYTHONPATH
NEEDS_IMPORT = ("lint-imports", "graph: grimp")


def contenders(tree: Path, packages: tuple[str, ...], others: bool) -> dict[str, tuple[list[str], object]]:
    check = tool("refactor-check") or "refactor-check"
    drop = lambda: shutil.rmtree(tree / CACHE, ignore_errors=True)  # noqa: E731
    jobs: dict[str, tuple[list[str], object]] = {
        "refactor-check cold": ([check, "--no-gate", "--format", "json"], drop),
        "refactor-check warm": ([check, "--no-gate", "--format", "json"], None),
    }
    if not others:
        return jobs
    wanted = {
        "pylint (too-many-lines only)": ["pylint", "--disable=all", "--enable=too-many-lines", "--max-module-lines=399",
                                         "--jobs=1", *packages],
        "lint-imports (one layers contract)": ["lint-imports", "--no-cache"],
        "deptry": ["deptry", "."],
        "vulture": ["vulture", *packages],
    }
    for name, command in wanted.items():
        found = tool(command[0])
        if found is None:
            print(f"skipped {name}: {command[0]} is not installed (pip install {command[0].replace('lint-imports', 'import-linter')})")
            continue
        jobs[name] = ([found, *command[1:]], None)
    return jobs


def measure(tree: Path, packages: tuple[str, ...], repeat: int, others: bool) -> dict[str, tuple[float, float]]:
    """Best (wall, CPU) of each contender; the stdlib copy is on PYTHONPATH only for the tools that import it,
    and no run writes bytecode into the tree (which would make new files)."""
    plain = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    plain.pop("PYTHONPATH", None)
    importing = dict(plain, PYTHONPATH=str(tree))
    jobs = contenders(tree, packages, others)
    graph = [sys.executable, "-P", "-c", GRAPH_OURS, str(tree)]
    jobs["graph: ours (facts + edges, cold)"] = (graph, None)
    try:
        import grimp  # noqa: F401
    except ImportError:
        print("skipped graph: grimp (pip install grimp)")
    else:
        jobs["graph: grimp.build_graph (cold)"] = ([sys.executable, "-P", "-c", GRAPH_GRIMP, *packages], None)
    subprocess.run(jobs["refactor-check cold"][0], cwd=tree, env=plain, capture_output=True, check=False)  # warm the OS
    best = dict.fromkeys(jobs, (float("inf"), float("inf")))
    for round_number in range(repeat):
        for name, (command, before) in jobs.items():
            if name.startswith("pylint") and round_number:
                continue  # tens of seconds a run: one is enough to compare
            env = importing if name.startswith(NEEDS_IMPORT) else plain
            if name.startswith("graph: ours"):
                env = dict(plain, PYTHONPATH=str(REPO))
            wall, cpu = timed(command, tree, env, before)
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
    return best


def report(console: Console, title: str, best: dict[str, tuple[float, float]], *,
           cold_target: float | None) -> list[str]:
    (cold, cold_cpu), (warm, warm_cpu) = best["refactor-check cold"], best["refactor-check warm"]
    table = Table(title=title)
    for column in ("run", "wall s", "CPU s", "wall vs refactor-check cold", "CPU vs refactor-check cold"):
        table.add_column(column, justify="right" if column != "run" else "left")
    for name, (wall, cpu) in best.items():
        table.add_row(name, f"{wall:.3f}", f"{cpu:.3f}", f"{wall / cold:.2f}x", f"{cpu / cold_cpu:.2f}x")
    console.print(table)
    name = title.split(" (")[0]
    verdicts = [f"{name}: warm {cold / warm:.1f}x faster than cold by wall time, {cold_cpu / warm_cpu:.1f}x by CPU "
                f"(target >= 5x): {'met' if cold / warm >= 5 else 'MISSED'}"]
    if cold_target is not None:
        verdicts.append(f"{name}: cold {cold:.2f} s wall, {cold_cpu:.2f} s CPU (target < {cold_target} s): "
                        f"{'met' if cold < cold_target else 'MISSED'}")
    for tool_name, (wall, cpu) in best.items():
        if tool_name.startswith(("pylint", "lint-imports", "deptry", "vulture")):
            verdicts.append(f"{name}: refactor-check cold faster than {tool_name} cold: "
                            f"{'met' if cold < wall else 'MISSED'} ({tool_name} {wall:.2f} s wall / {cpu:.2f} s CPU, "
                            f"refactor-check {cold:.2f} s / {cold_cpu:.2f} s)")
    return verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    console = Console(width=140)
    verdicts = report(console, f"this repository (best of {args.repeat})",
                      measure(REPO, ("refactor_tool", "bit_ttt"), args.repeat, others=False), cold_target=1.0)
    with tempfile.TemporaryDirectory(prefix="bench-check-") as folder:
        tree = large_tree(Path(folder))
        files = sum(1 for _ in tree.rglob("*.py"))
        lines = sum(path.read_bytes().count(b"\n") for path in tree.rglob("*.py"))
        best = measure(tree, STDLIB, args.repeat, others=True)
        verdicts += report(console, f"stdlib copy: {files} files, {lines} lines (best of {args.repeat})", best,
                           cold_target=None)
    for line in verdicts:
        console.print(line)


if __name__ == "__main__":
    main()
