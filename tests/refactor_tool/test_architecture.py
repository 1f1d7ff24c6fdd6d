"""The architecture holds: import-linter's contracts pass on the tree, and each planted violation breaks one.

The contracts live in pyproject.toml (`[tool.importlinter]`); docs/architecture.md says why. Printing is
not an import, so the rule that only the shell prints is checked here directly.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "refactor_tool"
SHELL = {"cli", "render"}


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` over the packages found first on the path in `root` (a copy, or the repository)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    code = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", code, "--no-cache"], cwd=root, env=env, capture_output=True,
                          text=True, check=False, stdin=subprocess.DEVNULL)


def test_the_repository_keeps_every_contract() -> None:
    done = _lint_imports(REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BROKEN" not in done.stdout


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("tree")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "data")
    for package in ("refactor_tool", "bit_ttt"):
        shutil.copytree(REPO / package, root / package, ignore=ignore)
    shutil.copyfile(REPO / "pyproject.toml", root / "pyproject.toml")
    return root


PLANTED = [
    ("split/plan/units.py", "import rich", "only render/ and cli/ use rich"),
    ("syntax/dotted.py", "from rich.console import Console", "only render/ and cli/ use rich"),
    ("render/split.py", "import click", "only cli/ uses click"),
    ("io/gate.py", "import click", "only cli/ uses click"),
    ("errors.py", "import refactor_tool.api.diff", "cli -> render -> features -> syntax, io -> errors"),
    ("syntax/modnames.py", "import refactor_tool.split.model", "cli -> render -> features -> syntax, io -> errors"),
    ("split/use_case.py", "import refactor_tool.render", "cli -> render -> features -> syntax, io -> errors"),
    ("split/model.py", "from refactor_tool.split.plan import plan_modules", "inside split: use_case -> generation -> emit -> plan -> model"),
    ("split/plan/units.py", "import refactor_tool.split.emit.blocks", "inside split: use_case -> generation -> emit -> plan -> model"),
    ("split/emit/blocks.py", "import refactor_tool.merging.core", "features are independent, except through the declared use cases"),
    ("api/diff.py", "import refactor_tool.check.findings", "features are independent, except through the declared use cases"),
]


# bit_ttt is the model package beside the tool: it must import without it, lazily or not.
PLANTED_IN_BIT_TTT = [
    ("model/llama.py", "import refactor_tool.errors", "bit_ttt stands on its own: it never imports refactor_tool"),
    ("train/cli.py", "def _planted() -> None:\n    from refactor_tool.cli import main",
     "bit_ttt stands on its own: it never imports refactor_tool"),
]
CASES = [("refactor_tool", *case) for case in PLANTED] + [("bit_ttt", *case) for case in PLANTED_IN_BIT_TTT]


@pytest.mark.parametrize(("package", "module", "line", "contract"), CASES,
                         ids=[f"{p}/{m}:{c}" for p, m, _, c in CASES])
def test_a_planted_violation_breaks_its_contract(pristine: Path, tmp_path: Path, package: str, module: str,
                                                 line: str, contract: str) -> None:
    root = tmp_path / "tree"
    shutil.copytree(pristine, root)
    target = root / package / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # planted\n", encoding="utf-8")
    done = _lint_imports(root)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"{contract} BROKEN" in " ".join(done.stdout.split()), done.stdout


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else "root"


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_shell_prints(path: Path) -> None:
    if _layer(path) in SHELL:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prints = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"
    ]
    assert not prints, f"{path.relative_to(PACKAGE)} prints at lines {prints}"
