"""`refactor-check --no-gate` cold, warm and after a one-file edit, beside the tools that each cover one
of its slices, on the same trees in the same run:

    python benchmarks/bench_check.py [--repeat 5] [--baseline REF] [--priority -10] [--cores 2]

A warm run is the installed `refactor-check` program repeated with nothing changed: replayed from its
record (check/replay.py) before click or any check loads. "warm, full command" is the same repeat through
the click command (no replay: the checks' own run cache), with the program's interpreter and import path.
"--staged" is the pre-commit mode (this repository: the index read through git, the api compared in a copy).
"one file edited" follows a cold run; "edited again" follows an edited run, as every pre-commit run after
the first edit of a package does (on the stdlib copy the edit makes `email` differ from HEAD, so the api
engine compares it with its base version: the first edited run parses every module of it, later ones the
edited file alone).

Trees: this repository, and a large one (the standard library's email, asyncio, json, logging, unittest
and xml packages copied into one git project). Beside it: pylint with only `too-many-lines`, lint-imports
with one layers contract, deptry and vulture, at the versions pinned in the `bench` extra (`pip install -e
".[bench]"`; `.[dev]` includes it). Also the import graph alone, against grimp's `build_graph`
(import-linter's engine): whole processes (our facts + edges, cold), and inside one process that has read
the facts, as the check has (what building the graph adds there). `--hook-env` also installs the
`refactor-check` pre-commit hook's environment into a temporary store and reports its size and time
(benchmarks/bench_hook_env.py, also a script of its own).
`--baseline REF` measures that commit's refactor-check too (before/after in one run).

Every figure is the median of `--repeat` runs (the best beside it), contenders interleaved so machine load
falls on all alike; wall seconds, and CPU seconds of the process and its children.
Our package is compiled to bytecode first, as an installed one is; no run writes bytecode into a tree.
`--priority` (root only) and `--cores` (the CPUs the runs may use) make a loaded machine behave more
like an idle one. Targets: under 1 s cold here; faster than each tool cold on the large tree; warm at
least 5x faster than cold.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench_hook_env import hook_environment
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
STDLIB = ("email", "asyncio", "json", "logging", "unittest", "xml")
BIN = Path(sys.executable).parent
CACHE = ".refactor_tool_cache"
#: the file each tree's "one file edited" run changes (a comment appended); not one refactor-check
#: imports (it would be compiled anew each run) nor one under check/ or io/ (whose edits invalidate every
#: cached fact on purpose)
EDITED = {"repository": "tests/refactor_tool/check/test_check_docs.py", "stdlib": "email/utils.py"}
LAUNCH = "import sys; from refactor_tool.cli.check import main; sys.argv[0] = 'refactor-check'; main()"
GRAPH_OURS = """
import sys
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
#: the graph inside one process that has read the facts (as the check has: file sizes, dependencies and
#: dead modules need them anyway): our edges and graphs from them, against grimp building its graph
GRAPH_IN_PROCESS = """
import sys, time
from pathlib import Path
from refactor_tool.check.cycles import graph_of
from refactor_tool.check.sources import WorkTree, load_state
from refactor_tool.check.imports import import_edges, module_index
from refactor_tool.io.fact_cache import FactCache
from refactor_tool.io.git_history import repository_root
root = Path(sys.argv[1]).resolve()
state = load_state(WorkTree(root, repository_root(root)), (), FactCache.disabled())
started = time.perf_counter()
import grimp
imported = time.perf_counter() - started
ours = theirs = float("inf")
for _ in range(int(sys.argv[2])):
    started = time.perf_counter()
    edges = import_edges(module_index(state.facts), state.facts)
    graph_of(edges, loading_only=True), graph_of(edges, loading_only=False)
    ours = min(ours, time.perf_counter() - started)
    started = time.perf_counter()
    grimp.build_graph(*sys.argv[3:], cache_dir=None)
    theirs = min(theirs, time.perf_counter() - started)
print(ours, theirs, imported)
"""
#: the tools compared with, as the `bench` extra pins them (and import-linter's engine)
VERSIONS = ("pylint", "import-linter", "grimp", "deptry", "vulture", "pre-commit")
#: tools that import the tree's packages to read them, so the tree goes on their PYTHONPATH
NEEDS_IMPORT = ("lint-imports", "graph: grimp")
REFERENCES = ("pylint", "lint-imports", "deptry", "vulture")

Job = tuple[list[str], Callable[[], None] | None, dict[str, str] | None]


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


def baseline_code(ref: str, into: Path) -> Path:
    """The package as it was at `ref`, compiled, to import instead of ours (PYTHONPATH comes first)."""
    into.mkdir()
    archive = subprocess.run(["git", "archive", ref, "refactor_tool"], cwd=REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(into / "refactor_tool")], check=True)
    return into


def tool(name: str) -> str | None:
    return shutil.which(name, path=str(BIN)) or shutil.which(name)


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime


class Edits:
    """Appends a new comment to one file before each "one file edited" run (a repeated pre-commit run
    after an edit: that file is read again, every other fact comes from the cache); `restore` undoes it.

    With `first`, an edited run (not measured) comes before the measured one, with another comment: "edited
    again", as every pre-commit run after the first edit of a package finds the cache (the api engine's
    modules of both versions of the package; after a cold run on a clean tree no run has compared it)."""

    #: edits made so far, by every instance: no edit's text is one an earlier run has seen
    made = 0

    def __init__(self, path: Path, first: Callable[[], object] | None = None) -> None:
        self.path, self.original, self.first = path, path.read_bytes(), first

    def __call__(self) -> None:
        if self.first is not None:
            self._write()
            self.first()
        self._write()

    def _write(self) -> None:
        Edits.made += 1
        self.path.write_bytes(self.original + f"\n# bench_check edit {Edits.made}\n".encode())

    def restore(self) -> None:
        """Put the file back, and wait the 2 s after which a file counts as settled: a run reading a file
        changed as it began leaves no record to replay (check/replay.py), and the next run measured
        (a cold one) should be as it is in use, long after an edit."""
        self.path.write_bytes(self.original)
        time.sleep(2.1)


def contenders(tree: Path, packages: tuple[str, ...], others: bool, edits: Edits,
               baseline: Path | None, plain: dict[str, str], staged: bool) -> dict[str, Job]:
    check = [tool("refactor-check") or "refactor-check", "--no-gate", "--format", "json"]
    # the program's interpreter and import path (sys.path[0] its folder): with another sys.path (another
    # environment stamp), or this checkout's code where a non-editable install runs its own, every cached
    # run would miss
    with open(check[0], encoding="utf-8") as script:
        shebang = script.readline()
    python = shebang[2:].strip() if shebang.startswith("#!") else sys.executable
    full = [python, "-P", "-c", f"import sys; sys.path.insert(0, {os.path.dirname(check[0])!r}); {LAUNCH}", *check[1:]]
    drop = lambda: shutil.rmtree(tree / CACHE, ignore_errors=True)  # noqa: E731
    jobs: dict[str, Job] = {}
    versions = [("", check, None)]
    if baseline is not None:
        versions.insert(0, ("before: ", [sys.executable, "-P", "-c", LAUNCH, *check[1:]],
                            dict(plain, PYTHONPATH=str(baseline))))
    for label, command, env in versions:
        jobs[f"{label}refactor-check cold"] = (command, drop, env)
        jobs[f"{label}refactor-check warm"] = (command, None, env)
        if not label:
            jobs["refactor-check warm, full command (no replay)"] = (full, None, None)
        jobs[f"{label}refactor-check, one file edited"] = (command, edits, env)
        again = Edits(edits.path, lambda c=command, e=env: subprocess.run(c, cwd=tree, env=e or plain, capture_output=True))
        jobs[f"{label}refactor-check, one file edited again"] = (command, again, env)
        if not label and staged:
            jobs["refactor-check --staged cold"] = ([*command, "--staged"], drop, env)
            jobs["refactor-check --staged warm"] = ([*command, "--staged"], None, env)
    if others:
        wanted = {
            "pylint (too-many-lines only)": ["pylint", "--disable=all", "--enable=too-many-lines",
                                             "--max-module-lines=399", "--jobs=1", *packages],
            "lint-imports (one layers contract)": ["lint-imports", "--no-cache"],
            "deptry": ["deptry", "."],
            "vulture": ["vulture", *packages],
        }
        for name, command in wanted.items():
            found = tool(command[0])
            if found is None:
                print(f"MISSING {name}: {command[0]} is not installed (pip install -e \".[bench]\")")
                continue
            jobs[name] = ([found, *command[1:]], None, None)
    jobs["graph: ours (facts + edges, cold)"] = ([sys.executable, "-P", "-c", GRAPH_OURS, str(tree)], None,
                                                dict(plain, PYTHONPATH=str(REPO)))
    try:
        import grimp  # noqa: F401
    except ImportError:
        print("skipped graph: grimp (pip install grimp)")
    else:
        jobs["graph: grimp.build_graph (cold)"] = ([sys.executable, "-P", "-c", GRAPH_GRIMP, *packages], None, None)
    return jobs


def measure(tree: Path, packages: tuple[str, ...], repeat: int, others: bool, edited: str,
            baseline: Path | None) -> dict[str, list[tuple[float, float]]]:
    """Every (wall, CPU) of each contender; the stdlib copy is on PYTHONPATH only for the tools that import
    it, and no run writes bytecode into the tree (which would make new files)."""
    plain = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    plain.pop("PYTHONPATH", None)
    importing = dict(plain, PYTHONPATH=str(tree))
    edits = Edits(tree / edited)
    jobs = contenders(tree, packages, others, edits, baseline, plain, staged=tree == REPO)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in jobs}
    try:
        for command, _before, env in jobs.values():  # warm the OS's file cache
            if command[0] != tool("pylint"):
                subprocess.run(command, cwd=tree, env=env or plain, capture_output=True, check=False)
        time.sleep(2.1)  # the tree settled, as in use (see `Edits.restore`): the first cold run leaves a record
        for round_number in range(repeat):
            for name, (command, before, env) in jobs.items():
                if name.startswith("pylint") and round_number:
                    continue  # tens of seconds a run: one is enough to compare
                if before is not None:
                    before()
                samples[name].append(timed(command, tree, env or (importing if name.startswith(NEEDS_IMPORT) else plain)))
                if isinstance(before, Edits):
                    before.restore()  # the other runs see the tree as committed
    finally:
        edits.restore()
        shutil.rmtree(tree / CACHE, ignore_errors=True)
    return samples


def medians(samples: dict[str, list[tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """(median wall, median CPU) of each contender's runs."""
    return {name: (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
            for name, runs in samples.items()}


def report(console: Console, title: str, samples: dict[str, list[tuple[float, float]]], *,
           cold_target: float | None) -> list[str]:
    """The table (medians, the best beside them) and the verdicts against the targets (on the medians)."""
    best = medians(samples)
    (cold, cold_cpu), (warm, warm_cpu) = best["refactor-check cold"], best["refactor-check warm"]
    table = Table(title=title)
    for column in ("run", "wall s", "CPU s", "best wall", "best CPU", "wall vs cold", "CPU vs cold"):
        table.add_column(column, justify="right" if column != "run" else "left")
    for name, (wall, cpu) in best.items():
        table.add_row(name, f"{wall:.3f}", f"{cpu:.3f}", f"{min(w for w, _ in samples[name]):.3f}",
                      f"{min(c for _, c in samples[name]):.3f}", f"{wall / cold:.2f}x", f"{cpu / cold_cpu:.2f}x")
    console.print(table)
    name = title.split(" (")[0]
    verdicts = [f"{name}: warm {cold / warm:.1f}x faster than cold by wall time, {cold_cpu / warm_cpu:.1f}x by CPU "
                f"(target >= 5x): {'met' if cold / warm >= 5 else 'MISSED'}"]
    if cold_target is not None:
        verdicts.append(f"{name}: cold {cold:.2f} s wall, {cold_cpu:.2f} s CPU (target < {cold_target} s): "
                        f"{'met' if cold < cold_target else 'MISSED'}")
    for tool_name, (wall, cpu) in best.items():
        if tool_name.startswith(REFERENCES):
            verdicts.append(f"{name}: refactor-check cold faster than {tool_name} cold: "
                            f"{'met' if cold < wall else 'MISSED'} by wall ({wall:.3f} s against {cold:.3f} s), "
                            f"{'met' if cold_cpu < cpu else 'missed'} by CPU ({cpu:.3f} s against {cold_cpu:.3f} s)")
    for before in ("cold", "warm", "one file edited", "one file edited again"):
        joint = ", " if before.startswith("one file") else " "
        old, new = best.get(f"before: refactor-check{joint}{before}"), best[f"refactor-check{joint}{before}"]
        if old is not None:
            verdicts.append(f"{name}: {before}, before -> after: {old[0]:.3f} -> {new[0]:.3f} s wall "
                            f"({old[0] / new[0]:.1f}x), {old[1]:.3f} -> {new[1]:.3f} s CPU ({old[1] / new[1]:.1f}x)")
    return verdicts


def graph_in_process(tree: Path, packages: tuple[str, ...], repeat: int) -> dict[str, tuple[float, float]]:
    """Rows for the graph built inside a process that has the facts (wall = CPU there: one thread each;
    the best of `repeat` rounds in that one process)."""
    if tool("lint-imports") is None:
        return {}
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=os.pathsep.join((str(REPO), str(tree))))
    done = subprocess.run([sys.executable, "-P", "-c", GRAPH_IN_PROCESS, str(tree), str(repeat), *packages],
                          cwd=tree, env=env, capture_output=True, text=True, check=True)
    ours, theirs, imported = (float(word) for word in done.stdout.split())
    return {"graph in a process with the facts: ours (edges + graphs)": (ours, ours),
            "graph in a process with the facts: grimp.build_graph": (theirs, theirs),
            "  grimp's import, paid once per process": (imported, imported)}


def graph_verdict(name: str, best: dict[str, tuple[float, float]]) -> list[str]:
    """The issue's rule: build the graph with whichever is faster (grimp, or our facts + edges)."""
    ours, theirs = best.get("graph: ours (facts + edges, cold)"), best.get("graph: grimp.build_graph (cold)")
    inside = best.get("graph in a process with the facts: ours (edges + graphs)")
    grimp_inside = best.get("graph in a process with the facts: grimp.build_graph")
    if not (ours and theirs and inside and grimp_inside):
        return [f"{name}: graph builder: not compared (grimp is not installed)"]
    imported = best["  grimp's import, paid once per process"][0]
    faster = "ours" if inside[0] < grimp_inside[0] + imported else "grimp"
    return [f"{name}: graph builder: whole processes, ours {ours[0]:.3f} s wall / {ours[1]:.3f} s CPU (facts + edges) "
            f"against grimp {theirs[0]:.3f} / {theirs[1]:.3f} s; in the check, which reads the facts anyway, ours "
            f"adds {inside[0] * 1000:.1f} ms against grimp's {grimp_inside[0] * 1000:.1f} ms + "
            f"{imported * 1000:.0f} ms to import it: {faster} is faster for the check"]


def versions() -> str:
    from importlib import metadata

    found = []
    for name in VERSIONS:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} not installed")
    return ", ".join(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--baseline", metavar="REF", help="also measure refactor-check as it was at this commit")
    parser.add_argument("--priority", type=int, default=0, help="nice value for the runs (negative: root only)")
    parser.add_argument("--cores", type=int, default=None, help="run on this many CPUs (default: all)")
    parser.add_argument("--hook-env", action="store_true", help="also install the pre-commit hook's environment")
    args = parser.parse_args()
    if args.priority:
        os.setpriority(os.PRIO_PROCESS, 0, args.priority)
    if args.cores:
        os.sched_setaffinity(0, sorted(os.sched_getaffinity(0))[: args.cores])
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "refactor_tool")], check=True)
    console = Console(width=150)
    console.print(f"{len(os.sched_getaffinity(0))} CPUs, priority {os.getpriority(os.PRIO_PROCESS, 0)}, "
                  f"load average {os.getloadavg()[0]:.1f}, median of {args.repeat}; {versions()}")
    with tempfile.TemporaryDirectory(prefix="bench-check-") as folder:
        baseline = baseline_code(args.baseline, Path(folder) / "baseline") if args.baseline else None
        verdicts = report(console, f"this repository (median of {args.repeat})",
                          measure(REPO, ("refactor_tool", "bit_ttt"), args.repeat, False, EDITED["repository"],
                                  baseline), cold_target=1.0)
        tree = large_tree(Path(folder) / "stdlib")
        files = sum(1 for _ in tree.rglob("*.py"))
        lines = sum(path.read_bytes().count(b"\n") for path in tree.rglob("*.py"))
        samples = measure(tree, STDLIB, args.repeat, True, EDITED["stdlib"], baseline)
        samples.update({name: [found] for name, found in graph_in_process(tree, STDLIB, args.repeat).items()})
        title = f"stdlib copy: {files} files, {lines} lines (median of {args.repeat})"
        verdicts += report(console, title, samples, cold_target=None) + graph_verdict(title.split(" (")[0],
                                                                                     medians(samples))
        if args.hook_env:
            verdicts += hook_environment(Path(folder))
    console.print(f"load average {os.getloadavg()[0]:.1f} after the runs")
    for line in verdicts:
        console.print(line)


if __name__ == "__main__":
    main()
