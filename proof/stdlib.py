"""Proof on CPython's own suites: split standard-library modules with the default options and rerun them.

For each module of `proof/stdlib.toml`: copy it (a dotted name copies its whole top-level package) into a
temporary folder outside any git repository, `refactor-tool split` it there with no options, put that
folder first on `PYTHONPATH`, and compare `python -S -m test TEST` (its `Total tests:` and `Result:` lines)
with the run on the untouched standard library; a fresh interpreter with the same environment must
import the split copy. Writes `reports/proof_stdlib.md` and `.json`. Exit 1 when any is not identical.

    python proof/stdlib.py [--only argparse] [--jobs 2] [--keep] [--format json]
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _classify import classify, first_line
from _report import ProofRow, finish, write_reports
from _tool import find_tool, run_split, tool_commit

HERE = Path(__file__).resolve().parent
STDLIB = Path(sysconfig.get_paths()["stdlib"])
SUITE_TIMEOUT_S = 1500
PREAMBLE = (
    "Each module copied to a temporary folder, split there with `refactor-tool split MODULE` (default "
    "options), and CPython's own suite run with `python -S -m test TEST`, that folder first on `PYTHONPATH`; "
    "compared with the same run on the untouched standard library. *identical* means the same `Total tests:` "
    "counts and `Result:`, with the split copy imported. Regenerate with `python proof/stdlib.py`."
)


@dataclass(frozen=True, slots=True)
class Suite:
    """What `python -m test` said: the `Total tests:` counts, the result word, and the output."""

    counts: dict[str, int]
    result: str
    output: str

    def text(self) -> str:
        if not self.counts:
            return f"no result ({self.result})"
        return f"{self.result}: " + " ".join(f"{k}={v}" for k, v in self.counts.items())


def source_of(module: str) -> tuple[Path, Path]:
    """(what to copy, the file to split inside that copy, relative to its parent)."""
    parts = module.split(".")
    top = STDLIB / parts[0]
    relative = Path(*parts)
    target = relative / "__init__.py" if (STDLIB / relative).is_dir() else relative.with_suffix(".py")
    if not (STDLIB / target).is_file():
        raise click.UsageError(f"{module}: no source file {STDLIB / target}")
    return (top if top.is_dir() else top.with_suffix(".py")), target


def environment(root: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if root is not None:
        env["PYTHONPATH"] = str(root)
    return env


_TOTAL = re.compile(r"^Total tests: (.*)$", re.MULTILINE)
_RESULT = re.compile(r"^Result: (\w+)", re.MULTILINE)


def run_suite(test: str, root: Path | None, cwd: Path) -> Suite:
    """`python -S -m test -v TEST` (-S: no site, so no `.pth` file imports a module before the suite does;
    -v: unittest prints every failure, which regrtest alone does not when there are several)."""
    try:
        done = subprocess.run([sys.executable, "-S", "-m", "test", "-v", test], cwd=cwd, env=environment(root),
                              capture_output=True, text=True, timeout=SUITE_TIMEOUT_S, check=False)
        output = done.stdout + done.stderr
    except subprocess.TimeoutExpired as expired:
        return Suite({}, f"TIMEOUT after {SUITE_TIMEOUT_S} s", str(expired.stdout or "")[-4000:])
    total, result = _TOTAL.search(output), _RESULT.search(output)
    counts: dict[str, int] = {}
    for item in (total.group(1).split() if total else ()):
        key, _, value = item.partition("=")
        counts[key] = int(value.replace(",", ""))
    return Suite(counts, result.group(1) if result else f"exit {done.returncode}", output)


def imported_from(module: str, root: Path, cwd: Path) -> str:
    """The file a fresh interpreter with the suite's environment imports `module` from (or its error)."""
    program = f"import importlib; print(importlib.import_module({module!r}).__file__)"
    done = subprocess.run([sys.executable, "-S", "-c", program], cwd=cwd, env=environment(root),
                          capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        return "import failed: " + first_line(done.stderr)
    return done.stdout.strip()


def failures(output: str, limit: int = 10) -> list[str]:
    """unittest's `FAIL:`/`ERROR:` headers, each with the last error line of its traceback."""
    found = []
    for match in re.finditer(r"^(FAIL|ERROR): (.*)$", output, re.MULTILINE):
        block = output[match.end():].split("\n=====", 1)[0].split("\n-----", 2)
        body = block[1] if len(block) > 1 else block[0]
        found.append(f"{match.group(1)} {match.group(2)}: {first_line(body)}")
        if len(found) == limit:
            break
    return found


def first_failure(output: str) -> str:
    """The first unittest failure with its error line, else regrtest's own complaint."""
    found = failures(output, 1)
    return found[0] if found else first_line(output[-3000:])


def prove(entry: dict[str, str], tool: Path, baselines: dict[str, Suite], keep: bool) -> ProofRow:
    module, test = entry["module"], entry["test"]
    copy_from, target = source_of(module)
    scratch = Path(tempfile.mkdtemp(prefix=f"proof-{module}-"))
    root, cwd = scratch / "lib", scratch / "cwd"
    root.mkdir()
    cwd.mkdir()
    if copy_from.is_dir():
        shutil.copytree(copy_from, root / copy_from.name, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        shutil.copyfile(copy_from, root / copy_from.name)
    outcome = run_split(tool, root / target, root)
    seen = imported_from(module, root, cwd)
    after = run_suite(test, root, cwd)
    before = baselines[test]
    copied = seen.startswith(str(root))
    identical = (outcome.split and copied and bool(before.counts) and before.counts == after.counts
                 and before.result == after.result)
    reasons: list[tuple[str, str]] = []
    if not copied:
        reasons.append((f"{module} not imported from the split copy: {seen}", classify(seen)))
    if not identical and (before.counts != after.counts or before.result != after.result):
        text = first_failure(after.output)
        ran, ran_before = after.counts.get("run", 0), before.counts.get("run", 0)
        if after.result == before.result == "SUCCESS" and ran < ran_before:
            text = f"{ran_before - ran} fewer tests ran ({ran_before} -> {ran}), none failed"
        reasons.append((f"{after.text()}: {text}", classify(text)))
    if not outcome.split:
        message = outcome.message if outcome.exit_code else "split wrote nothing"
        reasons.append((f"split exited {outcome.exit_code}: {message}", classify(message)))
    if not keep:
        shutil.rmtree(scratch, ignore_errors=True)
    details = {"test": test, "why_chosen": entry.get("why", ""), "split": outcome.as_dict(),
               "imported_from": seen, "baseline_output": before.output[-2000:],
               "split_output": after.output[-3000:],
               "failures": failures(after.output), "work": str(scratch) if keep else ""}
    return ProofRow(module, int(outcome.split), 1, len(outcome.created), outcome.over_limit, before.text(),
                    after.text(), identical, "; ".join(r for r, _ in reasons[:3]),
                    reasons[0][1] if reasons else "", details)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--corpus", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=HERE / "stdlib.toml", show_default=True, help="TOML list of [[module]] entries.")
@click.option("--only", multiple=True, help="Prove only these modules (by import name); repeatable.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Suites at once.")
@click.option("--keep", is_flag=True, help="Keep each split copy in its temporary folder.")
@click.option("--tool", default=None, help="The refactor-tool executable (default: next to this Python).")
@click.option("--reports", "reports_dir", type=click.Path(path_type=Path), default=HERE.parent / "reports",
              show_default=True, help="Where proof_stdlib.md and .json go (rows of other modules are kept).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people (rich), json for machines (stdout only).")
def main(corpus: Path, only: tuple[str, ...], jobs: int, keep: bool, tool: str | None, reports_dir: Path,
         output_format: str) -> None:
    try:
        entries = [dict(item) for item in tomllib.loads(corpus.read_text(encoding="utf-8"))["module"]]
    except (KeyError, tomllib.TOMLDecodeError) as error:
        raise click.UsageError(f"{corpus}: {error}") from error
    unknown = sorted(set(only) - {e["module"] for e in entries})
    if unknown:
        raise click.UsageError(f"{corpus}: no module named {', '.join(unknown)}")
    chosen = [e for e in entries if not only or e["module"] in only]
    executable = find_tool(tool)
    console = Console(stderr=True)
    neutral = Path(tempfile.mkdtemp(prefix="proof-baseline-"))
    rows: list[ProofRow] = []
    with Progress(console=console, transient=True, disable=output_format == "json") as progress, \
            ThreadPoolExecutor(max_workers=jobs) as pool:
        task = progress.add_task("baselines", total=len(chosen))
        baselines: dict[str, Suite] = {}
        for entry, suite in zip(chosen, pool.map(lambda e: run_suite(e["test"], None, neutral), chosen),
                                strict=True):
            baselines[entry["test"]] = suite
            progress.advance(task)
        task = progress.add_task("splits", total=len(chosen))
        for row in pool.map(lambda e: prove(e, executable, baselines, keep), chosen):
            rows.append(row)
            progress.advance(task)
            progress.console.print(f"{row.name}: {'identical' if row.identical else row.why_not[:150]}")
    shutil.rmtree(neutral, ignore_errors=True)
    write_reports(reports_dir, "proof_stdlib", rows, "Proof on CPython's own suites (split stdlib modules)",
                  PREAMBLE, {"tool commit": tool_commit(executable), "python": sys.version.split()[0]},
                  [e["module"] for e in entries], classify)
    finish(rows, output_format)


if __name__ == "__main__":
    main()
