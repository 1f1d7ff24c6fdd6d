"""Run a package's own pytest suite in its venv and read the result from JUnit XML.

A tiny plugin (written next to the work folder, the only thing added to `PYTHONPATH`) records the file
each split module was imported from, so a suite can never pass by testing some other copy.
"""

from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SUITE_TIMEOUT_S = 1200

_PLUGIN = '''"""Written by proof/_pytest_run.py: records where the modules under proof were imported from."""
import json, os, sys


def pytest_unconfigure(config):
    names = [n for n in os.environ.get("PROOF_IMPORTS_MODULES", "").split(",") if n]
    seen = {n: getattr(sys.modules.get(n), "__file__", None) for n in names}
    with open(os.environ["PROOF_IMPORTS_OUT"], "w", encoding="utf-8") as out:
        json.dump(seen, out)
'''


@dataclass(frozen=True, slots=True)
class SuiteResult:
    """Counts of one run, every test's outcome, the first failures' text and where modules came from."""

    counts: dict[str, int]
    outcomes: dict[str, str] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    exit_code: int = 0
    tail: str = ""
    imported: dict[str, str | None] = field(default_factory=dict)

    def counts_text(self) -> str:
        c = self.counts
        if not c:
            return f"no result (pytest exit {self.exit_code})"
        return f"{c['passed']} passed, {c['failed']} failed, {c['errors']} errors, {c['skipped']} skipped"

    def as_dict(self) -> dict[str, object]:
        return {"counts": self.counts, "exit_code": self.exit_code, "imported": self.imported,
                "not_passed": {k: v for k, v in self.outcomes.items() if v != "passed"},
                "tail": self.tail[-3000:]}


def _outcome(case: ElementTree.Element) -> tuple[str, str]:
    for tag, name in (("error", "error"), ("failure", "failed"), ("skipped", "skipped")):
        child = case.find(tag)
        if child is not None:
            text = (child.get("message") or "") + "\n" + (child.text or "")
            return name, text
    return "passed", ""


def parse_junit(path: Path) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:
    """`{passed, failed, errors, skipped, total}`, `{test id: outcome}`, `{test id: failure text}`."""
    root = ElementTree.parse(path).getroot()
    counts: Counter[str] = Counter()
    outcomes: dict[str, str] = {}
    messages: dict[str, str] = {}
    for case in root.iter("testcase"):
        test_id = f"{case.get('classname', '')}::{case.get('name', '')}"
        outcome, text = _outcome(case)
        key = {"failed": "failed", "error": "errors", "skipped": "skipped"}.get(outcome, "passed")
        counts[key] += 1
        while test_id in outcomes:
            test_id += "'"
        outcomes[test_id] = outcome
        if outcome in ("failed", "error"):
            messages[test_id] = text
    result = {key: counts[key] for key in ("passed", "failed", "errors", "skipped")}
    result["total"] = sum(result.values())
    return result, outcomes, messages


def has_pytest_config(tree: Path) -> bool:
    """Whether pytest finds its configuration in the tree itself (else it would search the folders above)."""
    markers = {"pytest.ini": "", ".pytest.ini": "", "pyproject.toml": "[tool.pytest.ini_options]",
               "tox.ini": "[pytest]", "setup.cfg": "[tool:pytest]"}
    for name, section in markers.items():
        path = tree / name
        if path.is_file() and section in path.read_text(encoding="utf-8", errors="replace"):
            return True
    return False


def run_suite(python: Path, cwd: Path, work: Path, args: list[str], modules: list[str], label: str,
              extra_env: dict[str, str] | None = None, timeout: int = SUITE_TIMEOUT_S) -> SuiteResult:
    """`python -m pytest ARGS --junit-xml=...` in `cwd`; a run that writes no XML has empty counts."""
    plugin_dir = work / "plugin"
    plugin_dir.mkdir(parents=True, exist_ok=True)
    (plugin_dir / "proof_imports_plugin.py").write_text(_PLUGIN, encoding="utf-8")
    junit = work / f"{label}.xml"
    imports = work / f"{label}.imports.json"
    for stale in (junit, imports):
        stale.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS")}
    env.update({"PYTHONPATH": str(plugin_dir), "PYTHONDONTWRITEBYTECODE": "1",
                "PROOF_IMPORTS_OUT": str(imports), "PROOF_IMPORTS_MODULES": ",".join(modules),
                "PATH": f"{python.parent}{os.pathsep}{env.get('PATH', '')}", **(extra_env or {})})
    isolation: list[str] = []
    if not has_pytest_config(cwd):
        # No config of its own: pytest would take the one of a repository above the work folder.
        empty = work / "no-config-pytest.ini"
        empty.write_text("[pytest]\n", encoding="utf-8")
        isolation = ["-c", str(empty), f"--rootdir={cwd}"]
    command = [str(python), "-m", "pytest", "-p", "proof_imports_plugin", "-p", "no:cacheprovider",
               f"--junit-xml={junit}", "-q", *isolation, *args]
    try:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=timeout, check=False)
        exit_code, tail = done.returncode, (done.stdout + done.stderr)[-6000:]
    except subprocess.TimeoutExpired as expired:
        exit_code, tail = 124, f"suite did not finish in {timeout} s\n{expired.stdout or ''}"[-6000:]
    if not junit.exists():
        return SuiteResult({}, exit_code=exit_code, tail=tail)
    counts, outcomes, messages = parse_junit(junit)
    imported = json.loads(imports.read_text(encoding="utf-8")) if imports.exists() else {}
    return SuiteResult(counts, outcomes, messages, exit_code, tail, imported)


def first_difference(before: SuiteResult, after: SuiteResult) -> tuple[str, str]:
    """The first test whose outcome changed, and the split run's text for it (or what vanished)."""
    for test_id, outcome in after.outcomes.items():
        if before.outcomes.get(test_id, "passed") != outcome and outcome in ("failed", "error"):
            return test_id, after.messages.get(test_id, "")
    for test_id, outcome in after.outcomes.items():
        if before.outcomes.get(test_id) not in (None, outcome):
            return test_id, f"outcome {before.outcomes[test_id]} -> {outcome}"
    missing = [test_id for test_id in before.outcomes if test_id not in after.outcomes]
    if missing:
        return missing[0], f"{len(missing)} tests no longer collected (first: {missing[0]})"
    new = [test_id for test_id in after.outcomes if test_id not in before.outcomes]
    if new:
        return new[0], f"{len(new)} tests appeared (first: {new[0]})"
    return "", after.tail[-400:] if after.exit_code != before.exit_code else ""
