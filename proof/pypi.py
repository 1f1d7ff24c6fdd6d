"""Proof on other people's code: split real PyPI packages with the default options and rerun their own tests.

For each package of `proof/corpus.toml`: download its pinned sdist, install it editable in its own venv,
run its pytest suite, split every module of 400 lines or more with `refactor-tool split MODULE` (no
options), rerun the suite and compare every test's outcome. Writes `reports/proof.md` and `.json`.
Exit 0 when every package is identical, 1 when any is not, 2 on bad input.

    python proof/pypi.py [--only six] [--jobs 2] [--keep] [--format json]
"""

from __future__ import annotations

import os
import shutil
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _classify import classify, first_line
from _pytest_run import SuiteResult, first_difference, run_suite
from _report import ProofRow, finish, in_sdist, write_reports
from _tool import SplitOutcome, discover_modules, dotted_name, find_tool, run_split, tool_commit
from _workspace import (
    Package,
    WorkspaceError,
    changed_files,
    commit_all,
    init_git,
    sdist,
    unpack,
    venv,
)

HERE = Path(__file__).resolve().parent
PREAMBLE = (
    "Each package's pinned sdist, installed editable in its own venv; its own pytest suite run before and "
    "after `refactor-tool split MODULE` (default options) on every module of 400 lines or more. "
    "Counts are passed, failed, errors, skipped from JUnit XML; *identical* means every test has the same "
    "outcome. Regenerate with `python proof/pypi.py`."
)


def load_corpus(path: Path) -> list[Package]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return [Package.from_toml(entry) for entry in data["package"]]
    except (OSError, KeyError, TypeError, tomllib.TOMLDecodeError) as error:
        raise click.UsageError(f"{path}: {error}") from error


def _import_problem(tree: Path, result: SuiteResult) -> str:
    """Why the suite did not test this tree's copy, or '' when every module it imported came from it."""
    for name, seen in result.imported.items():
        if seen is not None and not Path(seen).resolve().is_relative_to(tree.resolve()):
            return f"{name} imported from {seen}, not from the tree under proof"
    return ""


def _why_not(outcomes: list[SplitOutcome], baseline: SuiteResult, after: SuiteResult,
             import_problem: str) -> tuple[str, str]:
    """The reasons a package is not identical, most telling first, and the class of the first."""
    reasons: list[tuple[str, str]] = []
    if import_problem:
        reasons.append((import_problem, "proof: suite did not import the split copy"))
    elif not after.counts:
        reasons.append((f"no test result: {first_line(after.tail)}", classify(after.tail)))
    else:
        test_id, text = first_difference(baseline, after)
        if test_id or text:
            line = first_line(text) or text[:200]
            reasons.append((f"{test_id}: {line}" if test_id else line, classify(text)))
    for outcome in outcomes:
        if not outcome.split:
            message = outcome.message if outcome.exit_code else "split wrote nothing"
            reasons.append((f"split {outcome.module} exited {outcome.exit_code}: {message}", classify(message)))
    if not reasons:
        return "", ""
    return "; ".join(text for text, _ in reasons[:3]), reasons[0][1]


def activated(python: Path) -> dict[str, str]:
    """The environment of a shell where the package's venv is activated, as its developer would split it."""
    folder = python.parent.parent
    return {**os.environ, "VIRTUAL_ENV": str(folder), "PATH": f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def prove(package: Package, tool: Path, work_root: Path, keep: bool) -> ProofRow:
    """The whole proof of one package; any failure to set it up becomes the row's `why not`."""
    work = work_root / package.key
    tree = work / "src"
    try:
        unpack(sdist(package, work_root / "sdists"), tree)
        init_git(tree)
        python = venv(package, work / "venv", tree)
    except (WorkspaceError, OSError) as error:
        return ProofRow(f"{package.name} {package.version}", 0, 0, 0, {}, "setup failed", "-", False,
                        str(error)[:300], "setup")
    import_root = tree / package.import_root
    modules = [tree / m for m in package.modules] or discover_modules(tree, list(package.roots),
                                                                      list(package.exclude))
    names = [dotted_name(path, import_root) for path in modules]
    baseline = run_suite(python, tree, work, list(package.pytest_args), names, "baseline")
    commit_all(tree, "after the editable install and the baseline run")
    outcomes: list[SplitOutcome] = []
    leftovers: list[str] = []
    for path in modules:
        if not path.exists():
            outcomes.append(SplitOutcome(str(path.relative_to(tree)), -1, "module vanished (an earlier split)"))
            continue
        outcome = run_split(tool, path, tree, env=activated(python))
        outcomes.append(outcome)
        if not outcome.split and outcome.exit_code != 0 and changed_files(tree):
            leftovers.append(f"{outcome.module}: exit {outcome.exit_code} left {changed_files(tree)[:3]}")
        commit_all(tree, f"split {outcome.module}")
    after = run_suite(python, tree, work, list(package.pytest_args), names, "split")
    problem = _import_problem(tree, baseline) or _import_problem(tree, after)
    # A split module the suite never imported proves nothing about the split.
    unused = [name for name in (dotted_name(tree / o.module, import_root) for o in outcomes if o.split)
              if after.imported.get(name) is None]
    identical = (not problem and not unused and bool(baseline.counts) and baseline.counts == after.counts
                 and baseline.outcomes == after.outcomes and all(o.split for o in outcomes))
    why, error_class = ("", "") if identical else _why_not(outcomes, baseline, after, problem)
    why = in_sdist(why)
    if not identical and not why:
        why, error_class = f"the suite never imported the split {', '.join(unused)}", "proof: module not tested"
    over = {p: n for o in outcomes for p, n in o.over_limit.items()}
    details = {"version": package.version, "why_chosen": package.why,
               "splits": [o.as_dict() for o in outcomes], "partial_writes": leftovers,
               "baseline": baseline.as_dict(), "after": after.as_dict()}
    if not keep:
        shutil.rmtree(tree, ignore_errors=True)
    return ProofRow(f"{package.name} {package.version}", sum(o.split for o in outcomes), len(outcomes),
                    sum(len(o.created) for o in outcomes), over, baseline.counts_text(), after.counts_text(),
                    identical, why, error_class, details)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--corpus", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=HERE / "corpus.toml", show_default=True, help="TOML list of [[package]] entries.")
@click.option("--only", multiple=True, help="Prove only these packages (by name); repeatable.")
@click.option("--fast", is_flag=True, help="Only the packages marked fast = true.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Packages at once.")
@click.option("--keep", is_flag=True, help="Keep each package's split source tree under the work folder.")
@click.option("--tool", default=None, help="The refactor-tool executable (default: next to this Python).")
@click.option("--work", type=click.Path(path_type=Path), default=HERE / ".work", show_default=True,
              help="Cache of sdists, venvs and source trees.")
@click.option("--reports", "reports_dir", type=click.Path(path_type=Path), default=HERE.parent / "reports",
              show_default=True, help="Where proof.md and proof.json go (rows of other packages are kept).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people (rich), json for machines (stdout only).")
def main(corpus: Path, only: tuple[str, ...], fast: bool, jobs: int, keep: bool, tool: str | None,
         work: Path, reports_dir: Path, output_format: str) -> None:
    packages = load_corpus(corpus)
    unknown = sorted(set(only) - {p.name for p in packages})
    if unknown:
        raise click.UsageError(f"{corpus}: no package named {', '.join(unknown)}")
    chosen = [p for p in packages if (not only or p.name in only) and (not fast or p.fast)]
    executable = find_tool(tool)
    console = Console(stderr=True)
    rows: list[ProofRow] = []
    with Progress(console=console, transient=True, disable=output_format == "json") as progress:
        task = progress.add_task("proving", total=len(chosen))
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for row in pool.map(lambda p: prove(p, executable, work.resolve(), keep), chosen):
                rows.append(row)
                progress.advance(task)
                progress.console.print(f"{row.name}: {'identical' if row.identical else row.why_not[:150]}")
    write_reports(reports_dir, "proof", rows, "Proof on PyPI packages' own test suites", PREAMBLE,
                  {"tool commit": tool_commit(executable), "python": sys.version.split()[0]},
                  [f"{p.name} {p.version}" for p in packages], classify)
    finish(rows, output_format)


if __name__ == "__main__":
    main()
