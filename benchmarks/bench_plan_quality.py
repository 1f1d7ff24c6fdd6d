"""How close automatic split plans come to the layouts maintainers really made (issue 11).

Run: `python benchmarks/bench_plan_quality.py [--only CASE ...] [--format json]`. Cases are in
`benchmarks/plan_cases.toml`: monoliths that their maintainers later split (history) and packages
merged with `refactor-tool merge` and shuffled (merged); pinned releases are downloaded once into
`benchmarks/.cache/`. Each planner gets the humans' module count as `--max-new-files` and a line
limit 5 % above their largest module, and is compared with the humans' layout over the top-level
names: adjusted Rand index, MoJoFM, and the share of modules named as the humans named them.
Planners: contiguous chunks of equal size, Louvain on the reference graph, today's `refactor-tool
plan`, and the cohesion prototype (`benchmarks/cohesion`). Targets for the prototype: median ARI
>= 0.6, median MoJoFM >= 75 %, above both baselines in every case, half its modules named right.
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

from cohesion import Limits, plan_source  # noqa: E402
from plan_quality import baselines, metrics  # noqa: E402
from plan_quality.cases import Case, build, load_specs  # noqa: E402
from plan_quality.validity import check_plan  # noqa: E402

TARGET_ARI = 0.6
TARGET_MOJOFM = 75.0
TARGET_NAMES = 0.5


def prototype(case: Case) -> baselines.Planned:
    groups = plan_source(case.path.read_text(encoding="utf-8"), str(case.path),
                         Limits(max_lines=case.max_lines, max_new_files=case.max_new_files))
    layout = {name: group.name for group in groups for name in group.names}
    return layout, {group.name: group.name for group in groups}


PLANNERS: dict[str, Callable[[Case], baselines.Planned]] = {
    "equal chunks": baselines.equal_chunks,
    "louvain": baselines.louvain,
    "current plan": baselines.current_planner,
    "cohesion": prototype,
}


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


def score(case: Case, planner: str, run: Callable[[Case], baselines.Planned], check: bool) -> Score:
    start = time.perf_counter()
    try:
        layout, names = run(case)
    except Exception as error:  # a planner that cannot plan a case scores nothing there
        return Score(planner, 0, 0.0, 0.0, None, time.perf_counter() - start, error=str(error)[:120])
    seconds = time.perf_counter() - start
    valid = check_plan(case, layout) if check and planner == "cohesion" else ""
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
        named = [s.names for s in scores if s.names is not None]
        medians[planner] = {"ari": statistics.median(s.ari for s in scores),
                            "mojofm": statistics.median(s.mojofm for s in scores),
                            "names": statistics.mean(named) if named else float("nan")}
    return medians


def targets(results: dict[str, list[Score]], medians: dict[str, dict[str, float]]) -> dict[str, bool]:
    def beats(row: list[Score]) -> bool:
        mine = next(s for s in row if s.planner == "cohesion")
        return all(mine.ari > s.ari and mine.mojofm > s.mojofm for s in row
                   if s.planner in ("equal chunks", "louvain"))

    mine = medians["cohesion"]
    return {"median ARI >= 0.6": mine["ari"] >= TARGET_ARI, "median MoJoFM >= 75 %": mine["mojofm"] >= TARGET_MOJOFM,
            "above both baselines in every case": all(beats(row) for row in results.values()),
            "names right for half the modules": mine["names"] >= TARGET_NAMES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[], metavar="CASE", help="run only this case (repeatable)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--seed", type=int, default=0, help="seed of the shuffle of merged cases")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache" / "plan_quality")
    parser.add_argument("--check-plans", action="store_true",
                        help="also hand each prototype plan to `refactor-tool plan --plan` (slower)")
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
        results[spec.name] = [score(case, name, run, args.check_plans) for name, run in PLANNERS.items()]
        if args.format == "text":
            show(console, case, results[spec.name])
    medians = summary(results)
    met = targets(results, medians)
    if args.format == "json":
        print(json.dumps({"python": sys.version.split()[0], "cases": {
            name: {"project": cases[name].spec.project, "kind": cases[name].spec.kind, "versions": cases[name].versions,
                   "names": len(cases[name].truth), "modules": cases[name].max_new_files,
                   "max_lines": cases[name].max_lines, "scores": [asdict(s) for s in row]}
            for name, row in results.items()}, "medians": medians, "targets": met}, indent=2, default=str))
        return 0
    table = Table(title=f"medians over {len(results)} cases (names: mean share)")
    for column in ("planner", "ARI", "MoJoFM", "names"):
        table.add_column(column, justify="left" if column == "planner" else "right")
    for planner, m in medians.items():
        table.add_row(planner, f"{m['ari']:.2f}", f"{m['mojofm']:.0f} %", "-" if m["names"] != m["names"] else f"{m['names']:.0%}")
    console.print(table)
    for target, ok in met.items():
        console.print(f"{'met' if ok else 'not met'}: {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
