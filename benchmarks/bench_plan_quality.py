"""How close automatic split plans come to the layouts maintainers really made (issue 11).

Run: `python benchmarks/bench_plan_quality.py [--only CASE ...] [--format json]`. Cases are in
`benchmarks/plan_cases.toml`: monoliths that their maintainers later split (history) and packages
merged with `refactor-tool merge` and shuffled (merged); pinned releases are downloaded once into
`benchmarks/.cache/`. Each planner gets the humans' module count as `--max-new-files` and a line
limit 5 % above their largest module, and is compared with the humans' layout over the top-level
names: adjusted Rand index, MoJoFM, and the share of modules named as the humans named them.
Planners: contiguous chunks of equal size and Louvain on the reference graph (the baselines), and
`refactor-tool plan` itself (the cohesion planner, run as a user runs it). Targets: median ARI >= 0.6,
median MoJoFM >= 75 %, above both baselines in every case, half its modules named right. Medians are
also given per kind of case: the history cases are real maintainers' splits, and the planner's
weights were never tuned on them alone (see `tune_plan_weights.py` for a leave-one-project-out figure).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from plan_quality import baselines, metrics  # noqa: E402
from plan_quality.cases import Case, build, load_specs  # noqa: E402
from plan_quality.planner import plan_case  # noqa: E402

TARGET_ARI = 0.6
TARGET_MOJOFM = 75.0
TARGET_NAMES = 0.5


PLANNER = "refactor-tool plan"
BASELINES: dict[str, Callable[[Case], baselines.Planned]] = {
    "equal chunks": baselines.equal_chunks,
    "louvain": baselines.louvain,
}
PLANNERS = (*BASELINES, PLANNER)


@dataclass(frozen=True, slots=True)
class Score:
    planner: str
    modules: int
    ari: float
    mojofm: float
    names: float | None
    seconds: float
    error: str = ""
    valid: str = ""


def score(case: Case, planner: str, check: bool) -> Score:
    start = time.perf_counter()
    valid = ""
    try:
        if planner == PLANNER:
            (layout, names), _, valid = plan_case(case, check)
        else:
            layout, names = BASELINES[planner](case)
    except Exception as error:  # a planner that cannot plan a case scores nothing there
        return Score(planner, 0, 0.0, 0.0, None, time.perf_counter() - start, error=str(error)[:120])
    seconds = time.perf_counter() - start
    placed = {n: m for n, m in layout.items() if n in case.truth}
    return Score(planner, len(set(placed.values())), metrics.adjusted_rand(layout, case.truth),
                 metrics.mojofm(layout, case.truth),
                 metrics.names_right(layout, case.truth, names) if names is not None else None, seconds,
                 valid=valid)


def _row(s: Score) -> list[str]:
    if s.error:
        return [s.planner, "-", "-", "-", "-", f"{s.seconds:.1f}", f"error: {s.error}"]
    names = "-" if s.names is None else f"{s.names:.0%}"
    return [s.planner, str(s.modules), f"{s.ari:.2f}", f"{s.mojofm:.0f} %", names, f"{s.seconds:.1f}", s.valid]


def show(console: Console, case: Case, scores: list[Score]) -> None:
    table = Table(title=f"{case.spec.name} ({case.spec.project} {case.versions}, {case.spec.kind}): "
                  f"{len(case.truth)} names, {case.max_new_files} modules, --max-lines {case.max_lines}")
    for column in ("planner", "modules", "ARI", "MoJoFM", "names", "s", "notes"):
        table.add_column(column, justify="left" if column in ("planner", "notes") else "right")
    for s in scores:
        table.add_row(*_row(s))
    console.print(table)


def summary(results: dict[str, list[Score]]) -> dict[str, dict[str, float]]:
    medians: dict[str, dict[str, float]] = {}
    for planner in PLANNERS:
        scores = [next(s for s in row if s.planner == planner) for row in results.values()]
        if not scores:
            continue
        named = [s.names for s in scores if s.names is not None]
        medians[planner] = {"ari": statistics.median(s.ari for s in scores),
                            "mojofm": statistics.median(s.mojofm for s in scores),
                            "names": statistics.mean(named) if named else float("nan")}
    return medians


def _beats(row: list[Score]) -> bool:
    mine = next(s for s in row if s.planner == PLANNER)
    return all(mine.ari > s.ari and mine.mojofm > s.mojofm for s in row if s.planner in BASELINES)


def _meets(row: list[Score]) -> bool:
    """The case on its own meets every target."""
    mine = next(s for s in row if s.planner == PLANNER)
    return (_beats(row) and mine.ari >= TARGET_ARI and mine.mojofm >= TARGET_MOJOFM
            and (mine.names or 0.0) >= TARGET_NAMES)


def targets(results: dict[str, list[Score]], medians: dict[str, dict[str, float]],
            projects: dict[str, str]) -> dict[str, bool]:
    mine = medians[PLANNER]
    meeting = [name for name, row in results.items() if _meets(row)]
    return {"median ARI >= 0.6": mine["ari"] >= TARGET_ARI, "median MoJoFM >= 75 %": mine["mojofm"] >= TARGET_MOJOFM,
            "above both baselines in every case": all(_beats(row) for row in results.values()),
            "names right for half the modules": mine["names"] >= TARGET_NAMES,
            f"every target on one case: {len(meeting)} cases ({', '.join(meeting) or 'none'}) from "
            f"{len({projects[n] for n in meeting})} projects, >= 8 from >= 5":
                len(meeting) >= 8 and len({projects[n] for n in meeting}) >= 5}


def _medians_table(title: str, medians: dict[str, dict[str, float]]) -> Table:
    table = Table(title=title)
    for column in ("planner", "ARI", "MoJoFM", "names"):
        table.add_column(column, justify="left" if column == "planner" else "right")
    for planner, m in medians.items():
        table.add_row(planner, f"{m['ari']:.2f}", f"{m['mojofm']:.0f} %", "-" if m["names"] != m["names"] else f"{m['names']:.0%}")
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[], metavar="CASE", help="run only this case (repeatable)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--seed", type=int, default=0, help="seed of the shuffle of merged cases")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache" / "plan_quality")
    parser.add_argument("--check-plans", action="store_true",
                        help="also hand each written plan back to `refactor-tool plan --plan` (slower)")
    args = parser.parse_args(argv)
    specs = load_specs(HERE / "plan_cases.toml")
    unknown = set(args.only) - {s.name for s in specs}
    if unknown:
        print(f"error: unknown case {', '.join(sorted(unknown))} (see benchmarks/plan_cases.toml)", file=sys.stderr)
        return 2
    console = Console(stderr=args.format == "json")
    results: dict[str, list[Score]] = {}
    cases: dict[str, Case] = {}
    for spec in specs:
        if args.only and spec.name not in args.only:
            continue
        case = build(spec, args.cache, args.seed)
        cases[spec.name] = case
        results[spec.name] = [score(case, name, args.check_plans) for name in PLANNERS]
        if args.format == "text":
            show(console, case, results[spec.name])
    medians = summary(results)
    by_kind = {kind: summary({n: r for n, r in results.items() if cases[n].spec.kind == kind})
               for kind in ("history", "merged") if any(c.spec.kind == kind for c in cases.values())}
    met = targets(results, medians, {name: case.spec.project for name, case in cases.items()})
    if args.format == "json":
        print(json.dumps({"python": sys.version.split()[0], "cases": {
            name: {"project": cases[name].spec.project, "kind": cases[name].spec.kind, "versions": cases[name].versions,
                   "names": len(cases[name].truth), "modules": cases[name].max_new_files,
                   "max_lines": cases[name].max_lines, "scores": [asdict(s) for s in row]}
            for name, row in results.items()}, "medians": medians, "medians_by_kind": by_kind, "targets": met},
            indent=2, default=str))
        return 0
    console.print(_medians_table(f"medians over {len(results)} cases (names: mean share)", medians))
    for kind, found in by_kind.items():
        count = sum(c.spec.kind == kind for c in cases.values())
        console.print(_medians_table(f"medians over the {count} {kind} cases", found))
    for target, ok in met.items():
        console.print(f"{'met' if ok else 'not met'}: {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
