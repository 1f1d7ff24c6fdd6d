"""The hooks of `.pre-commit-hooks.yaml` run by the real pre-commit framework (`pre-commit try-repo`) in a
temporary git repository: the budget hook installs refactor-tool without torch; the gate hook runs the
project's tests. The hook environment's size and install time are printed (see the -s output)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from check_support import git, make_repo, write

REPO = Path(__file__).resolve().parents[3]

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("pre-commit", path=str(Path(sys.executable).parent)) is None
                                 and shutil.which("pre-commit") is None, reason="pre-commit is not installed")]


def _pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("PYTHONPATH", None)
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or "pre-commit"
    return subprocess.run([pre_commit, *args, "--color", "never"], cwd=repo, env=env, capture_output=True,
                          text=True, check=False, timeout=900)


def _try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo` with this checkout (its uncommitted changes included) as the hook repository."""
    return _pre_commit(repo, home, "try-repo", str(REPO), hook, "--all-files")


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def test_the_budget_hook_fails_a_broken_budget(tmp_path: Path) -> None:
    """(Each try-repo installs the hook afresh; the clean case runs in the test below, on a kept store.)"""
    repo = make_repo(tmp_path)
    home = tmp_path / "pre-commit-home"
    write(repo, "pkg/big.py", "".join(f"X{i} = {i}\n" for i in range(400)))
    write(repo, "pkg/__init__.py", "from pkg.core import public_function\nfrom pkg import big\n")
    git(repo, "add", "-A")
    broken = _try_repo(repo, "refactor-check", home)
    assert broken.returncode == 1 and "pkg/big.py:400: file-too-large 400 lines" in broken.stdout


def test_the_gate_hook_runs_the_tests_in_the_projects_environment(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    home = tmp_path / "pre-commit-home"
    passed = _try_repo(repo, "refactor-check-gate", home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    write(repo, "tests/test_core.py", "def test_fails():\n    assert False\n")
    git(repo, "add", "-A")
    failed = _try_repo(repo, "refactor-check-gate", home)
    assert failed.returncode == 1 and "gate-failed" in failed.stdout


def test_the_hook_passes_a_clean_tree_and_its_environment_is_small_without_torch(tmp_path: Path) -> None:
    """try-repo deletes its store, so the environment is measured through a kept one: a `language: python`
    hook that pip-installs this checkout, as the published hook does."""
    repo = make_repo(tmp_path)
    write(repo, ".pre-commit-config.yaml",
          "repos:\n  - repo: local\n    hooks:\n      - id: refactor-check\n        name: refactor-check\n"
          "        entry: refactor-check --staged --no-gate\n        language: python\n"
          f"        additional_dependencies: ['{REPO}']\n        pass_filenames: false\n        always_run: true\n")
    git(repo, "add", "-A")
    home = tmp_path / "pre-commit-home"
    started = time.monotonic()
    done = _pre_commit(repo, home, "run", "--all-files")
    took = time.monotonic() - started
    assert done.returncode == 0, done.stdout + done.stderr
    (environment,) = [path for path in home.rglob("py_env-*") if path.is_dir()]
    size = _size(environment)
    packages = sorted(p.name.split("-")[0].lower() for p in environment.rglob("site-packages/*.dist-info"))
    print(f"\nrefactor-check hook environment: {size / 2**20:.0f} MiB, installed in {took:.0f} s: {', '.join(packages)}")
    assert "torch" not in packages and "numpy" not in packages
    assert size < 200 * 2**20
