"""The roadmap's limits on standard-library splits: files written, the largest, the exit code, ruff's findings.

For each module of `proof/stdlib.toml`: copy it (a dotted name copies its top-level package) into a
temporary folder, `refactor-tool split` it with the default options, count the lines of every file it
wrote (`wc -l`), and run `ruff check --select F,E9` on the original and on the split. No suite runs
(`proof/stdlib.py` does that): this measures issue 10's limits only, fast enough for the whole list.
Writes `reports/split_limits_stdlib.md` and `.json`. Exit 1 when a split exits 0 with a file at or over
the limit, exits 1 without saying why (a limit finding or a verification difference), or exits otherwise
than 0, 1 or a refusal (2 with its reason, nothing written).

    python proof/limits.py [--only argparse] [--format json]
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _tool import LINE_LIMIT, SPLIT_TIMEOUT_S, find_tool, line_count, tool_commit
from stdlib import source_of

HERE = Path(__file__).resolve().parent
REPORT = "split_limits_stdlib"


@dataclass(frozen=True, slots=True)
class LimitsRow:
    """One module's split: what it wrote, the largest file, the exit code and why, ruff before -> after."""

    module: str
    lines: int
    exit_code: int
    files: int
    largest: int
    over: tuple[str, ...]
    findings: tuple[str, ...]
    ruff_before: int
    ruff_after: int
    honest: bool
    #: The tool commit this row was measured at (rows kept from an earlier run keep theirs).
    commit: str = ""


def _ruff(paths: list[Path], cwd: Path) -> int:
    """How many `ruff check --select F,E9` findings (no configuration of ours: `--isolated`)."""
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F,E9",
                           "--output-format", "json", *map(str, paths)], cwd=cwd, capture_output=True,
                          text=True, timeout=300, check=False)
    try:
        return len(json.loads(done.stdout or "[]"))
    except json.JSONDecodeError:
        return -1


def measure(module: str, tool: Path) -> LimitsRow:
    copy_from, target = source_of(module)
    scratch = Path(tempfile.mkdtemp(prefix=f"limits-{module}-"))
    try:
        if copy_from.is_dir():
            shutil.copytree(copy_from, scratch / copy_from.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(copy_from, scratch / copy_from.name)
        original = scratch / target
        lines = line_count(original)
        before = _ruff([original], scratch)
        try:
            done = subprocess.run([str(tool), "split", "--format", "json", str(target)], cwd=scratch,
                                  capture_output=True, text=True, timeout=SPLIT_TIMEOUT_S, check=False)
            data = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {}
            code = done.returncode
        except subprocess.TimeoutExpired:
            data, code = {}, 124
        written = [scratch / f["path"] for f in data.get("files", ()) if f.get("action") != "delete"
                   and (scratch / f["path"]).is_file()] if data.get("written") else []
        counts = {str(p.relative_to(scratch)): line_count(p) for p in written}
        over = tuple(f"{p} ({n})" for p, n in sorted(counts.items(), key=lambda i: -i[1]) if n >= LINE_LIMIT)
        findings = tuple(f"{f['kind']}: {f['message']}" for f in data.get("limits", ()))
        differences = (data.get("verification") or {}).get("differences") or []
        if code == 1 and differences and not findings:
            findings = (f"verification: {len(differences)} differences, first: {differences[0].get('name')}: "
                        f"{differences[0].get('what')}",)
        if code not in (0, 1) and not findings:
            findings = (str(data.get("message") or done.stderr.strip().splitlines()[-1:])[:300],)
        after = _ruff(written, scratch) if written else before
        # A refusal (exit 2: nothing written, the reason given, as logging's frames told by their file) is
        # honest too: it claims no split.
        refused = code == 2 and not written and bool(data.get("message"))
        honest = (code == 0 and not over) or (code == 1 and bool(findings)) or refused
        return LimitsRow(module, lines, code, len(counts), max(counts.values(), default=lines), over, findings,
                         before, after, honest)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _markdown(rows: list[LimitsRow], commit: str) -> str:
    fit = sum(1 for r in rows if r.exit_code == 0 and not r.over)
    earlier = sorted({r.commit for r in rows if r.commit != commit})
    kept = f" (rows kept from runs at {', '.join(f'`{c}`' for c in earlier)} say so in their last column)" \
        if earlier else ""
    head = ["# Split limits on standard-library modules (default options)\n",
            "Each module of `proof/stdlib.toml` copied to a temporary folder and split there with "
            "`refactor-tool split MODULE --format json` (no options: under 400 lines a file, at most 15 new "
            "files); every written file counted with `wc -l`; `ruff check --isolated --select F,E9` on the "
            "original and on the split. Regenerate with `python proof/limits.py`.\n",
            f"- tool commit: `{commit}`{kept}", f"- python: `{sys.version.split()[0]}`\n",
            f"**{fit} of {len(rows)}** split with every file under {LINE_LIMIT} lines (exit 0); "
            f"{sum(1 for r in rows if r.exit_code == 1)} exit 1, each with the finding below; "
            f"{sum(1 for r in rows if r.exit_code == 2 and r.honest)} refused (exit 2, nothing written, the reason "
            f"below); {sum(1 for r in rows if not r.honest)} dishonest (exit 0 with a file over, exit 1 "
            "unexplained, or another exit).\n",
            "| module | lines | exit | files | largest | files >= 400 | ruff F,E9 before -> after | findings |",
            "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        found = "; ".join(f.replace("|", "\\|") for f in r.findings)[:600]
        found += f" (measured at `{r.commit}`)" if r.commit != commit else ""
        head.append(f"| {r.module} | {r.lines} | {r.exit_code} | {r.files} | {r.largest} | "
                    f"{', '.join(r.over) or '0'} | {r.ruff_before} -> {r.ruff_after} | {found} |")
    return "\n".join(head) + "\n"


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--corpus", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              default=HERE / "stdlib.toml", show_default=True, help="TOML list of [[module]] entries.")
@click.option("--only", multiple=True, help="Measure only these modules (by import name); repeatable.")
@click.option("--tool", default=None, help="The refactor-tool executable (default: next to this Python).")
@click.option("--reports", "reports_dir", type=click.Path(path_type=Path), default=HERE.parent / "reports",
              show_default=True, help="Where split_limits_stdlib.md and .json go (rows of other modules kept).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people (rich), json for machines (stdout only).")
def main(corpus: Path, only: tuple[str, ...], tool: str | None, reports_dir: Path, output_format: str) -> None:
    try:
        entries = [str(item["module"]) for item in tomllib.loads(corpus.read_text(encoding="utf-8"))["module"]]
    except (KeyError, tomllib.TOMLDecodeError) as error:
        raise click.UsageError(f"{corpus}: {error}") from error
    unknown = sorted(set(only) - set(entries))
    if unknown:
        raise click.UsageError(f"{corpus}: no module named {', '.join(unknown)}")
    executable = find_tool(tool)
    console = Console(stderr=True)
    measured = {}
    for module in [m for m in entries if not only or m in only]:
        console.print(f"splitting {module}")
        measured[module] = measure(module, executable)
    stored = reports_dir / f"{REPORT}.json"
    commit = tool_commit(executable)
    data = json.loads(stored.read_text()) if stored.is_file() else {"rows": []}
    kept = {r["module"]: {"commit": data.get("tool_commit", ""), **r} for r in data["rows"]}
    kept.update({m: {**asdict(r), "commit": commit} for m, r in measured.items()})
    rows = [LimitsRow(**{**kept[m], "over": tuple(kept[m]["over"]), "findings": tuple(kept[m]["findings"])})
            for m in entries if m in kept]
    reports_dir.mkdir(parents=True, exist_ok=True)
    stored.write_text(json.dumps({"tool_commit": commit, "rows": [asdict(r) for r in rows]}, indent=1) + "\n")
    (reports_dir / f"{REPORT}.md").write_text(_markdown(rows, commit))
    if output_format == "json":
        click.echo(json.dumps([asdict(r) for r in measured.values()], indent=1))
    else:
        table = Table("module", "exit", "files", "largest", "over", "ruff", "findings")
        for r in measured.values():
            table.add_row(r.module, str(r.exit_code), str(r.files), str(r.largest), str(len(r.over)),
                          f"{r.ruff_before} -> {r.ruff_after}", "; ".join(r.findings)[:120])
        Console().print(table)
    sys.exit(0 if all(r.honest for r in measured.values()) else 1)


if __name__ == "__main__":
    main()
