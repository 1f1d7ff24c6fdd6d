"""A package's work folder: its pinned sdist, a fresh source tree in git, and one venv reused across runs.

Layout under `proof/.work/`: `sdists/NAME-VER.tar.gz`, and per package `NAME-VER/venv`, `NAME-VER/src`
(unpacked anew each run, at the same path, so the editable install stays valid).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

INSTALL_TIMEOUT_S = 900
#: One pytest for every package, of the same era as the corpus, so a rerun measures the same thing.
PYTEST = "pytest==8.3.3"


class WorkspaceError(Exception):
    """Download, unpack or install failed: the package cannot be proven this run."""


@dataclass(frozen=True, slots=True)
class Package:
    """One corpus entry (see proof/corpus.toml for what each field means)."""

    name: str
    version: str
    why: str
    modules: tuple[str, ...]
    roots: tuple[str, ...]
    exclude: tuple[str, ...]
    import_root: str
    test_requires: tuple[str, ...]
    pytest_args: tuple[str, ...]
    fast: bool

    @property
    def key(self) -> str:
        return f"{self.name}-{self.version}"

    @classmethod
    def from_toml(cls, data: dict[str, object]) -> Package:
        def strings(name: str) -> tuple[str, ...]:
            return tuple(str(item) for item in data.get(name, ()))  # type: ignore[union-attr]

        return cls(str(data["name"]), str(data["version"]), str(data.get("why", "")), strings("modules"),
                   strings("roots"), strings("exclude"), str(data.get("import_root", ".")),
                   strings("test_requires"), strings("pytest_args"), bool(data.get("fast", False)))


def _run(command: list[str], cwd: Path | None = None, timeout: int = INSTALL_TIMEOUT_S,
         env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False,
                          env=env)
    if done.returncode != 0:
        lines = (done.stdout + done.stderr).strip().splitlines()
        tail = [line for line in lines if not line.startswith("WARNING: Location")][-3:]
        raise WorkspaceError(f"{' '.join(command[:4])} ... exited {done.returncode}: {' / '.join(tail)}")
    return done.stdout


def sdist(package: Package, cache: Path) -> Path:
    """The pinned sdist, downloaded once (`pip download --no-binary :all: --no-deps NAME==VER`)."""
    cache.mkdir(parents=True, exist_ok=True)
    names = {package.name.lower(), package.name.lower().replace("-", "_"), package.name.lower().replace("_", "-")}
    stems = {f"{name}-{package.version}" for name in names}
    for path in cache.iterdir():
        if path.name.lower().replace(".tar.gz", "").replace(".zip", "") in stems:
            return path
    _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-binary", ":all:", "--no-deps",
          "--dest", str(cache), f"{package.name}=={package.version}"])
    for path in cache.iterdir():
        if path.name.lower().replace(".tar.gz", "").replace(".zip", "") in stems:
            return path
    raise WorkspaceError(f"pip download gave no sdist named {package.key}")


def unpack(archive: Path, target: Path) -> Path:
    """A fresh copy of the sdist at `target` (its single top folder becomes `target`)."""
    if target.exists():
        shutil.rmtree(target)
    staging = target.with_name(target.name + ".unpack")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(staging)
    else:
        with tarfile.open(archive) as bundle:
            bundle.extractall(staging, filter="data")
    tops = list(staging.iterdir())
    (tops[0] if len(tops) == 1 and tops[0].is_dir() else staging).rename(target)
    shutil.rmtree(staging, ignore_errors=True)
    return target


def commit_all(tree: Path, message: str) -> None:
    """Commit everything, as a user would before (and after) a split; the split refuses a dirty tree."""
    _run(["git", "add", "-A"], cwd=tree)
    _run(["git", "-c", "user.name=proof", "-c", "user.email=proof@localhost", "commit", "-q",
          "--allow-empty", "--no-verify", "-m", message], cwd=tree)


def init_git(tree: Path) -> None:
    _run(["git", "init", "-q"], cwd=tree)
    commit_all(tree, "sdist as published")


def changed_files(tree: Path) -> list[str]:
    out = _run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tree)
    return [line[3:] for line in out.splitlines() if line.strip()]


def venv(package: Package, folder: Path, source: Path) -> Path:
    """The package's venv with it installed editable plus pytest and its test requirements; built once."""
    python = folder / "bin" / "python"
    wanted = ["-e", str(source), PYTEST, *package.test_requires]
    stamp = hashlib.sha256(json.dumps([*wanted, "scm-version", package.version]).encode()).hexdigest()
    marker = folder / ".proof-installed"
    if python.exists() and marker.exists() and marker.read_text(encoding="utf-8") == stamp:
        return python
    if folder.exists():
        shutil.rmtree(folder)
    _run([sys.executable, "-m", "venv", str(folder)])
    # The tree is a git repository of our making: setuptools-scm / hatch-vcs must not version it from git.
    env = {**os.environ, "SETUPTOOLS_SCM_PRETEND_VERSION": package.version}
    _run([str(python), "-m", "pip", "install", "--quiet", *wanted], env=env)
    marker.write_text(stamp, encoding="utf-8")
    return python
