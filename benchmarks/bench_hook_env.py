"""The `refactor-check` pre-commit hook's environment: its install's size and time, as a user gets it.

    python benchmarks/bench_hook_env.py      (also `python benchmarks/bench_check.py --hook-env`)

pre-commit installs the hook published by this repository at HEAD (its `.pre-commit-hooks.yaml`) into a
temporary store, then runs it once on a small project; the environment's size is `du -sh` of it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


HOOK_PROJECT = {
    "pyproject.toml": '[project]\nname = "demo"\nversion = "0"\ndependencies = []\n\n[tool.refactor_tool]\n'
                      'packages = ["pkg"]\n',
    "pkg/__init__.py": '"""Demo."""\n',
}


def hook_environment(folder: Path) -> list[str]:
    """Install the published `refactor-check` hook (this repository at HEAD, its .pre-commit-hooks.yaml) as a
    user's pre-commit does, into a temporary store: the environment's size and the install's time."""
    pre_commit = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")
    if pre_commit is None:
        return ['hook environment: MISSING, pre-commit is not installed (pip install -e ".[dev]")']
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
    repo, home = folder / "hook-project", folder / "pre-commit-home"
    for path, text in {**HOOK_PROJECT, ".pre-commit-config.yaml":
                       f"repos:\n  - repo: {REPO}\n    rev: {head.stdout.strip()}\n    hooks:\n"
                       f"      - id: refactor-check\n"}.items():
        (repo / path).parent.mkdir(parents=True, exist_ok=True)
        (repo / path).write_text(text, encoding="utf-8")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.email=b@e", "-c", "user.name=bench", "commit", "-qm", "demo"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    env = dict(os.environ, PRE_COMMIT_HOME=str(home))
    env.pop("PYTHONPATH", None)
    lines = []
    for step in (["install-hooks"], ["run", "--all-files"]):
        started = time.perf_counter()
        done = subprocess.run([pre_commit, *step], cwd=repo, env=env, capture_output=True, text=True, check=False)
        lines.append(f"hook environment: `pre-commit {' '.join(step)}` took {time.perf_counter() - started:.1f} s "
                     f"(exit {done.returncode})")
        if done.returncode:
            return [*lines, (done.stdout + done.stderr)[-2000:]]
    (environment,) = [path for path in home.rglob("py_env-*") if path.is_dir()]
    sizes = [subprocess.run(["du", "-sh", str(path)], capture_output=True, text=True, check=True).stdout.split()[0]
             for path in (environment, home)]
    packages = sorted(path.name.rpartition("-")[0].split("-")[0] for path in environment.rglob("site-packages/*.dist-info"))
    return [*lines, f"hook environment: {sizes[0]} (du -sh; the whole store with the repository's clone: "
                    f"{sizes[1]}), {len(packages)} distributions: {', '.join(packages)}"]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-hook-env-") as folder:
        for line in hook_environment(Path(folder)):
            print(line)


if __name__ == "__main__":
    main()
