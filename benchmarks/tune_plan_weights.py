"""How much of the planner's quality is tuning: its affinity weights chosen on some cases, scored on others.

Run: `python benchmarks/tune_plan_weights.py [--format json]` (the cases of `bench_plan_quality.py`,
downloaded once). Every weight setting of a small grid plans every case; then
- leave one project out: for each project, the setting best on the other projects' cases plans its
  cases, and those held-out scores are what the planner would have scored had it never seen them;
- merged -> history: the setting best on the merged packages, scored on the maintainers' real splits.
Scores are those of `bench_plan_quality.py` (ARI, MoJoFM over the top-level names); a setting is
ranked by the mean of ARI and MoJoFM / 100 over the cases it is chosen on. The planner is called
through `refactor_tool.split.plan` (the same code as `refactor-tool plan`, weights given).
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
from dataclasses import asdict, replace
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from plan_quality import metrics  # noqa: E402
from plan_quality.cases import Case, build, load_specs  # noqa: E402

from refactor_tool.split.plan.cohesion import Weights, plan_groups  # noqa: E402
from refactor_tool.split.plan.pieces import Pieces, read_pieces  # noqa: E402
from refactor_tool.split.plan.units import build_units  # noqa: E402
from refactor_tool.syntax.facts import analyze_module  # noqa: E402

#: The grid: each weight's values; the planner's defaults are one of its points.
GRID = {"call_use": (1.0, 2.0), "name_words": (1.0, 2.0), "doc_words": (1.0, 2.0), "near_best": (0.9, 0.98)}


def _pieces(case: Case) -> Pieces:
    analysis = analyze_module(case.path.read_text(encoding="utf-8"), str(case.path))
    return read_pieces(build_units(analysis), analysis)


def _scores(case: Case, pieces: Pieces, weights: Weights) -> tuple[float, float]:
    groups = plan_groups(pieces, case.max_lines - 1, case.max_new_files, weights=weights)
    layout = {name: group.name for group in groups for name in group.names}
    return metrics.adjusted_rand(layout, case.truth), metrics.mojofm(layout, case.truth)


def _rank(scores: dict[str, tuple[float, float]], names: list[str]) -> float:
    return statistics.mean(scores[n][0] + scores[n][1] / 100 for n in names)


def _medians(values: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(v[0] for v in values), statistics.median(v[1] for v in values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--cache", type=Path, default=HERE / ".cache" / "plan_quality")
    args = parser.parse_args(argv)
    console = Console(stderr=args.format == "json")
    cases = [build(spec, args.cache, 0) for spec in load_specs(HERE / "plan_cases.toml")]
    pieces = {case.spec.name: _pieces(case) for case in cases}
    settings = [replace(Weights(), **dict(zip(GRID, values, strict=True))) for values in itertools.product(*GRID.values())]
    table: list[dict[str, tuple[float, float]]] = []
    for number, weights in enumerate(settings, 1):
        console.print(f"setting {number}/{len(settings)}: {dict((k, getattr(weights, k)) for k in GRID)}")
        table.append({case.spec.name: _scores(case, pieces[case.spec.name], weights) for case in cases})
    names = [case.spec.name for case in cases]
    default = settings.index(Weights()) if Weights() in settings else None
    best = max(range(len(settings)), key=lambda s: _rank(table[s], names))
    held_out: dict[str, tuple[float, float]] = {}
    chosen: dict[str, int] = {}
    for project in sorted({case.spec.project for case in cases}):
        inside = [c.spec.name for c in cases if c.spec.project != project]
        pick = max(range(len(settings)), key=lambda s: _rank(table[s], inside))
        chosen[project] = pick
        held_out.update({c.spec.name: table[pick][c.spec.name] for c in cases if c.spec.project == project})
    merged = [c.spec.name for c in cases if c.spec.kind == "merged"]
    history = [c.spec.name for c in cases if c.spec.kind == "history"]
    on_merged = max(range(len(settings)), key=lambda s: _rank(table[s], merged))
    report = {
        "grid": GRID, "settings": [{k: getattr(w, k) for k in GRID} for w in settings],
        "in_sample_best": {"setting": best, "medians": _medians([table[best][n] for n in names])},
        "default": None if default is None else {"setting": default,
                                                 "medians": _medians([table[default][n] for n in names])},
        "leave_one_project_out": {"medians": _medians(list(held_out.values())),
                                  "history_medians": _medians([held_out[n] for n in history]),
                                  "chosen": chosen},
        "merged_to_history": {"setting": on_merged, "history_medians": _medians([table[on_merged][n] for n in history])},
        "scores": [{n: list(row[n]) for n in names} for row in table],
        "weights": asdict(Weights()),
    }
    if args.format == "json":
        print(json.dumps(report, indent=2))
        return 0
    shown = Table(title="median ARI / MoJoFM over all cases, per weight setting")
    for column in (*GRID, "ARI", "MoJoFM", "history ARI", "merged ARI"):
        shown.add_column(column, justify="right")
    for number, (weights, row) in enumerate(zip(settings, table, strict=True)):
        ari, fm = _medians([row[n] for n in names])
        mark = " (default)" if number == default else ""
        shown.add_row(*(f"{getattr(weights, k):g}" for k in GRID), f"{ari:.2f}{mark}", f"{fm:.0f} %",
                      f"{_medians([row[n] for n in history])[0]:.2f}", f"{_medians([row[n] for n in merged])[0]:.2f}")
    console.print(shown)
    lopo, lopo_history = report["leave_one_project_out"]["medians"], report["leave_one_project_out"]["history_medians"]
    console.print(f"in-sample best setting: median ARI {report['in_sample_best']['medians'][0]:.2f}, MoJoFM "
                  f"{report['in_sample_best']['medians'][1]:.0f} %")
    console.print(f"leave one project out (held out): median ARI {lopo[0]:.2f}, MoJoFM {lopo[1]:.0f} %; on the "
                  f"history cases {lopo_history[0]:.2f} / {lopo_history[1]:.0f} %")
    history_figure = report["merged_to_history"]["history_medians"]
    console.print(f"tuned on the merged cases, scored on the history cases: median ARI {history_figure[0]:.2f}, "
                  f"MoJoFM {history_figure[1]:.0f} %")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
