"""One row per package (or standard-library module): the same columns in Markdown, JSON and the terminal."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from rich.console import Console
from rich.table import Table

COLUMNS = ("package", "modules split", "new files", "files >= 400 lines", "baseline", "split",
           "identical?", "why not")


@dataclass(frozen=True, slots=True)
class ProofRow:
    """What one proof found: the splits made, the files they wrote, both suite results, and the verdict."""

    name: str
    modules_split: int
    modules_tried: int
    new_files: int
    over_limit: dict[str, int]
    baseline: str
    after: str
    identical: bool
    why_not: str = ""
    error_class: str = ""
    details: dict[str, object] = field(default_factory=dict)

    def cells(self) -> tuple[str, ...]:
        over = ", ".join(f"{Path(p).name} ({n})" for p, n in sorted(self.over_limit.items(), key=lambda i: -i[1]))
        return (self.name, f"{self.modules_split} of {self.modules_tried}", str(self.new_files),
                f"{len(self.over_limit)}" + (f": {over}" if over else ""), self.baseline, self.after,
                "yes" if self.identical else "**no**", self.why_not)

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "modules_split": self.modules_split, "modules_tried": self.modules_tried,
                "new_files": self.new_files, "over_limit": self.over_limit, "baseline": self.baseline,
                "split": self.after, "identical": self.identical, "why_not": self.why_not,
                "error_class": self.error_class, "details": self.details}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> ProofRow:
        return cls(str(data["name"]), int(data["modules_split"]), int(data["modules_tried"]),  # type: ignore[arg-type]
                   int(data["new_files"]), dict(data["over_limit"]), str(data["baseline"]),  # type: ignore[arg-type]
                   str(data["split"]), bool(data["identical"]), str(data["why_not"]),
                   str(data.get("error_class", "")), dict(data.get("details", {})))  # type: ignore[arg-type]


#: Work-folder prefixes (`.../proof/.work/six-1.16.0/src/`, `/tmp/proof-argparse-x1/lib/`) in messages.
_WORK_PREFIX = re.compile(r"/\S*?/(?:\.work/[^/\s]+/src|proof-[^/\s]+/lib)/")


def in_sdist(text: str) -> str:
    """`.../proof/.work/attrs-24.2.0/src/src/attr/_make.py` -> `src/attr/_make.py`: paths in messages
    as they are in the package's sdist (the work folder's own `src/` holds the sdist)."""
    return _WORK_PREFIX.sub("", text)


def _escape(cell: str) -> str:
    return in_sdist(cell).replace("|", "\\|").replace("\n", " ")


def markdown(rows: list[ProofRow], title: str, preamble: str, context: dict[str, object]) -> str:
    identical = sum(row.identical for row in rows)
    over = sum(len(row.over_limit) for row in rows)
    lines = [f"# {title}", "", preamble, "", *(f"- {key}: `{value}`" for key, value in context.items()), "",
             f"**{identical} of {len(rows)} identical**; {over} new files at or over 400 lines.", "",
             "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(_escape(cell) for cell in row.cells()) + " |" for row in rows]
    classes: dict[str, int] = {}
    for row in rows:
        if not row.identical:
            classes[row.error_class or "unclassified"] = classes.get(row.error_class or "unclassified", 0) + 1
    if classes:
        lines += ["", "## Why not, by class (first error of each row)", ""]
        lines += [f"- {label}: {count}" for label, count in sorted(classes.items(), key=lambda i: -i[1])]
    return "\n".join(lines) + "\n"


def merge_rows(previous: Path, rows: list[ProofRow], classify: Callable[[str], str]) -> list[ProofRow]:
    """Rows of an earlier report updated with this run's rows (a run with `--only` refreshes its own).

    An earlier row's guessed class is guessed again from its message, so better patterns apply to it.
    """
    known: dict[str, ProofRow] = {}
    if previous.exists():
        for data in json.loads(previous.read_text(encoding="utf-8")).get("rows", []):
            row = ProofRow.from_dict(data)
            if row.why_not and (row.error_class.startswith("guess:") or row.error_class == "unclassified"):
                row = replace(row, error_class=classify(row.why_not.split("; ")[0]))
            known[row.name] = row
    for row in rows:
        known[row.name] = row
    return list(known.values())


def write_reports(directory: Path, stem: str, rows: list[ProofRow], title: str, preamble: str,
                  context: dict[str, object], order: list[str], classify: Callable[[str], str]) -> None:
    """`<stem>.md` and `<stem>.json` in `directory`, rows in corpus order."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = merge_rows(directory / f"{stem}.json", rows, classify)
    rank = {name: index for index, name in enumerate(order)}
    rows = sorted((row for row in rows if row.name in rank), key=lambda row: rank[row.name])
    (directory / f"{stem}.md").write_text(markdown(rows, title, preamble, context), encoding="utf-8")
    payload = {**context, "identical": sum(r.identical for r in rows), "total": len(rows),
               "rows": [row.as_dict() for row in rows]}
    (directory / f"{stem}.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def print_table(rows: list[ProofRow], console: Console, title: str) -> None:
    table = Table(title=title, show_lines=False)
    for column in COLUMNS:
        table.add_column(column, overflow="fold")
    for row in rows:
        cells = list(row.cells())
        cells[6] = "[green]yes[/]" if row.identical else "[red]no[/]"
        table.add_row(*cells)
    console.print(table)


def finish(rows: list[ProofRow], output_format: str) -> None:
    """Print this run's rows (JSON on stdout, or a rich table) and exit 1 unless every row is identical."""
    identical = sum(row.identical for row in rows)
    if output_format == "json":
        print(json.dumps({"identical": identical, "total": len(rows), "rows": [r.as_dict() for r in rows]},
                         indent=2))
    else:
        print_table(rows, Console(), f"{identical} of {len(rows)} identical")
    sys.exit(0 if identical == len(rows) else 1)
