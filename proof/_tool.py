"""Run `refactor-tool split MODULE` as a user would (the CLI, default options) and measure what it wrote.

Only the executable and its `--format json` output are used, never `refactor_tool` internals, so the proof
keeps working however the package is laid out inside.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

#: The roadmap's limit: a file of 400 lines or more is over it.
LINE_LIMIT = 400
SPLIT_TIMEOUT_S = 900


@dataclass(frozen=True, slots=True)
class SplitOutcome:
    """One `split` call: its exit code, its one-line message, the files it created and their sizes."""

    module: str
    exit_code: int
    message: str
    created: tuple[str, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)
    tests_rewritten: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    differences: tuple[str, ...] = ()
    #: Limits the split wrote its files without meeting (exit 1, verified): `too-many-new-files: ...`.
    limits: tuple[str, ...] = ()

    @property
    def split(self) -> bool:
        """Files written and verified: exit 0, or exit 1 for a limit it could not meet (the files stay)."""
        return bool(self.created) and (self.exit_code == 0 or (self.exit_code == 1 and bool(self.limits)
                                                               and not self.differences))

    @property
    def over_limit(self) -> dict[str, int]:
        return {path: count for path, count in self.lines.items() if count >= LINE_LIMIT}

    def as_dict(self) -> dict[str, object]:
        return {"module": self.module, "exit_code": self.exit_code, "message": self.message,
                "created": list(self.created), "lines": self.lines, "over_limit": self.over_limit,
                "tests_rewritten": list(self.tests_rewritten), "warnings": list(self.warnings),
                "verification_differences": list(self.differences), "limits": list(self.limits)}


def find_tool(given: str | None) -> Path:
    """`--tool`, else the `refactor-tool` next to the running interpreter, else the one on PATH."""
    if given:
        return Path(given)
    beside = Path(sys.executable).parent / "refactor-tool"
    if beside.exists():
        return beside
    found = shutil.which("refactor-tool")
    if found is None:
        raise SystemExit("error: no refactor-tool executable found; pass --tool PATH")
    return Path(found)


def tool_commit(tool: Path) -> str:
    """The last git commit of the tool's own source (where its interpreter imports it from), for the report."""
    try:
        python = tool.read_text(encoding="utf-8", errors="replace").splitlines()[0].removeprefix("#!").strip()
        where = subprocess.run([python, "-c", "import refactor_tool, os; print(os.path.dirname(refactor_tool.__file__))"],
                               capture_output=True, text=True, timeout=60, check=True).stdout.strip()
        commit = subprocess.run(["git", "log", "-1", "--format=%h %cs", "--", "."], cwd=where,
                                capture_output=True, text=True, timeout=60, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "."], cwd=where,
                               capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    except (OSError, IndexError, subprocess.SubprocessError):
        return "unknown"
    return f"{commit}{' + uncommitted changes' if dirty else ''}" if commit else "unknown"


def line_count(path: Path) -> int:
    """What `wc -l` says: the number of newline characters."""
    return path.read_bytes().count(b"\n")


def _message(stdout: str, stderr: str, exit_code: int) -> tuple[str, dict[str, object]]:
    """The split's one-line verdict: its error, else the first difference its self-verification found."""
    try:
        data = json.loads(stdout) if stdout.strip() else {}
    except json.JSONDecodeError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    verification = data.get("verification") if isinstance(data.get("verification"), dict) else {}
    differences = verification.get("differences") or []
    if exit_code == 0:
        return "ok", data
    limits = [f for f in data.get("limits") or () if isinstance(f, dict)]
    if limits and not differences:
        text = f"{len(limits)} limit(s) not met, first: {limits[0].get('kind')} {limits[0].get('path')}: {limits[0].get('message')}"
    elif differences and isinstance(differences[0], dict):
        first = differences[0]
        text = (f"verification failed ({len(differences)} differences), first: {first.get('name')}: "
                f"{first.get('what')}: {first.get('after')}")
    else:
        text = str(data.get("message") or "") or (stderr.strip().splitlines() or ["no message"])[-1]
    where = data.get("path")
    return (f"{where}: {text}" if where and str(where) not in text else text)[:400], data


def run_split(tool: Path, module: Path, cwd: Path, env: dict[str, str] | None = None) -> SplitOutcome:
    """`refactor-tool split --format json MODULE` in `cwd` (`--format` changes only how it reports)."""
    relative = module.relative_to(cwd)
    try:
        done = subprocess.run([str(tool), "split", "--format", "json", str(relative)], cwd=cwd,
                              capture_output=True, text=True, timeout=SPLIT_TIMEOUT_S, env=env, check=False)
    except subprocess.TimeoutExpired:
        return SplitOutcome(str(relative), 124, f"split did not finish in {SPLIT_TIMEOUT_S} s")
    message, data = _message(done.stdout, done.stderr, done.returncode)
    files = data.get("files") if isinstance(data.get("files"), list) else []
    created = tuple(str(item["path"]) for item in files
                    if isinstance(item, dict) and item.get("action") in ("create", "modify", "update"))
    created = tuple(path for path in created if (cwd / path).is_file())
    lines = {path: line_count(cwd / path) for path in created}
    tests = data.get("tests") if isinstance(data.get("tests"), dict) else {}
    rewritten = tuple(str(path) for path in tests.get("rewritten_files", ()))
    warnings = tuple(str(item)[:300] for item in data.get("warnings", ()) or ())
    verification = data.get("verification") if isinstance(data.get("verification"), dict) else {}
    differences = tuple(f"{d.get('kind')}: {d.get('name')}: {d.get('before')} -> {d.get('after')}"[:300]
                        for d in (verification.get("differences") or [])[:10] if isinstance(d, dict))
    limits = tuple(f"{item.get('kind')}: {item.get('message')}"[:300] for item in data.get("limits") or ()
                   if isinstance(item, dict))
    if done.returncode == 1 and limits and not differences:
        message = f"written, limits not met: {'; '.join(limits)}"[:400]
    return SplitOutcome(str(relative), done.returncode, message, created, lines, rewritten, warnings,
                        differences, limits)


def discover_modules(root: Path, entries: list[str], exclude: list[str]) -> list[Path]:
    """Every `.py` file of `entries` (files or folders under `root`) with 400 lines or more, tests excluded."""
    found: list[Path] = []
    for entry in entries:
        base = root / entry
        candidates = [base] if base.is_file() else sorted(base.rglob("*.py"))
        for path in candidates:
            parts = path.relative_to(root).parts
            if any(part in ("test", "tests", "testing") for part in parts[:-1]):
                continue
            if path.name.startswith("test_") or path.name == "conftest.py":
                continue
            if str(path.relative_to(root)) in exclude:
                continue
            if line_count(path) >= LINE_LIMIT:
                found.append(path)
    return found


def dotted_name(path: Path, import_root: Path) -> str:
    """`src/dateutil/tz/tz.py` under `src` -> `dateutil.tz.tz`; a package `__init__.py` -> the package."""
    parts = list(path.relative_to(import_root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)
