"""Small repositories for the audit and run tests: files written from a dict, git, a fake command runner."""

from __future__ import annotations

import subprocess
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

from refactor_tool.io.gate import GateOutcome

PYPROJECT = """[project]
name = "shop"
version = "0"
dependencies = []

[tool.refactor_tool]
packages = ["shop"]
roadmap = "ROADMAP.md"
"""


def write(root: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def commit(root: Path, message: str = "base") -> None:
    if not (root / ".git").exists():
        git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", message)


def one_phase(tasks: str, *, goal: str = "split `shop_core.py`", extra: str = "") -> str:
    """A roadmap of one phase holding `tasks` (markdown task-list lines)."""
    return f"# Shop roadmap\n\n## Phase 1: Split (MVP)\n\n**Goal**: {goal}\n\n### Tasks\n\n{tasks.strip()}\n\n{extra}"


class FakeCommands:
    """The command runner port: every command passes unless `results` gives its exit status; 127 = not found.

    `on_run(command)` runs first (a test advances its clock there)."""

    def __init__(self, results: Mapping[str, int] | None = None,
                 on_run: Callable[[str], None] | None = None) -> None:
        self.results = dict(results or {})
        self.on_run = on_run
        self.ran: list[str] = []

    def __call__(self, command: str, cwd: Path) -> GateOutcome:
        self.ran.append(command)
        if self.on_run is not None:
            self.on_run(command)
        code = self.results.get(command, 0)
        if code == 127:
            return GateOutcome(command, 127, f"sh: 1: {command.split()[0]}: not found\n", started=False)
        return GateOutcome(command, code, "1 passed\n" if code == 0 else "1 failed\n", seconds=0.1)
