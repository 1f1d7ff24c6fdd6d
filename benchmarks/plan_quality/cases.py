"""Benchmark cases with the humans' layout: real monolith -> package histories, and merged packages.

A `history` case plans an old release's monolith and compares with where the maintainers put each of
its top-level names in a later release. A `merged` case joins a well-structured package with
`refactor-tool merge`, shuffles the result (see `shuffle`), and compares with the original modules.
Releases are pinned and fetched once with `pip download` into the cache folder.
"""

from __future__ import annotations

import ast
import math
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from plan_quality.shuffle import shuffled

from refactor_tool.syntax.facts import analyze_module
from refactor_tool.syntax.facts.execution import imported_names

#: The limit is "just above" the humans' largest module: this much above it.
LINE_MARGIN = 1.05
#: Each case folder's `pyproject.toml`: the case is planned as a project of its own.
PROJECT_MARKER = "# A benchmark case of benchmarks/bench_plan_quality.py: a project of its own.\n"


@dataclass(frozen=True, slots=True)
class CaseSpec:
    """One `[[case]]` of `plan_cases.toml`."""

    name: str
    kind: str  # "history" or "merged"
    project: str
    source: str  # a pinned requirement, or "stdlib"
    module: str = ""  # history: the monolith's path inside the old sdist
    new: str = ""  # history: the later release
    package: str = ""  # package folder: inside the new sdist (history) or under `root` (merged)
    root: str = ""  # merged: the import root inside the sdist ("" for stdlib or the sdist's top)
    modules: tuple[str, ...] = ()  # merged: the package's modules to join, without `.py`


@dataclass(frozen=True, slots=True)
class Case:
    """A monolith ready to plan, and the humans' layout of its top-level names."""

    spec: CaseSpec
    path: Path
    truth: dict[str, str]  # name -> human module
    max_lines: int
    max_new_files: int

    @property
    def versions(self) -> str:
        if self.spec.kind == "history":
            return f"{self.spec.source.split('==')[1]} -> {self.spec.new.split('==')[1]}"
        if self.spec.source == "stdlib":
            return f"Python {sys.version_info.major}.{sys.version_info.minor}"
        return self.spec.source.split("==")[1]


def load_specs(path: Path) -> list[CaseSpec]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [CaseSpec(**{**entry, "modules": tuple(entry.get("modules", ()))}) for entry in data["case"]]


def tool(*arguments: str) -> subprocess.CompletedProcess[str]:
    """`refactor-tool ARGS`, the installed command (the CLI is the benchmark's only way in)."""
    script = Path(sys.executable).with_name("refactor-tool")
    command = str(script) if script.exists() else (shutil.which("refactor-tool") or "refactor-tool")
    return subprocess.run([command, *arguments], capture_output=True, text=True, check=False)


def fetch(requirement: str, cache: Path) -> Path:
    """The unpacked sdist of a pinned `name==version`, downloaded once."""
    folder = cache / "src" / requirement.replace("==", "-")
    if folder.is_dir():
        return folder
    archives = cache / "sdists" / requirement.replace("==", "-")
    if not archives.is_dir() or not any(archives.iterdir()):
        archives.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
                        "--quiet", "--dest", str(archives), requirement], check=True)
    archive = next(iter(sorted(archives.iterdir())))
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(staging)
    else:
        with tarfile.open(archive) as bundle:
            bundle.extractall(staging, filter="data")
    (top,) = staging.iterdir()
    top.rename(folder)
    staging.rmdir()
    return folder


def defined_names(source: str, path: str) -> dict[str, bool]:
    """Top-level names bound by code (not imports; no dunders) -> whether a def/class binds it."""
    found: dict[str, bool] = {}
    imported = imported_names(ast.parse(source))
    for statement in analyze_module(source, path).statements:
        if statement.kind.name != "CODE":
            continue
        for name in statement.defines:
            if not (name.startswith("__") and name.endswith("__")) and name not in imported:
                found[name] = found.get(name, False) or bool(statement.definition)
    return found


def _module_names(package: Path) -> dict[str, Path]:
    return {".".join(f.relative_to(package).with_suffix("").parts): f for f in sorted(package.rglob("*.py"))}


def _layout(files: dict[str, Path]) -> tuple[dict[str, str], dict[str, int]]:
    """Where each name is defined among `files`; names defined in several (a def beating an
    assignment, a submodule beating `__init__`) that stay ambiguous are left out."""
    homes: dict[str, list[tuple[str, bool]]] = {}
    lines: dict[str, int] = {}
    for module, file in files.items():
        text = file.read_text(encoding="utf-8")
        lines[module] = len(text.splitlines())
        try:
            names = defined_names(text, str(file))
        except Exception:  # a file that is not valid Python 3 holds nothing we can compare
            continue
        for name, is_definition in names.items():
            homes.setdefault(name, []).append((module, is_definition))
    layout = {}
    for name, places in homes.items():
        best = [m for m, d in places if d] or [m for m, _ in places]
        if len(set(best)) > 1:
            best = [m for m in best if m.rsplit(".", 1)[-1] != "__init__"]
        if len(set(best)) == 1:
            layout[name] = best[0]
    return layout, lines


def _finish(spec: CaseSpec, path: Path, layout: dict[str, str], lines: dict[str, int]) -> Case:
    names = defined_names(path.read_text(encoding="utf-8"), str(path))
    truth = {name: module for name, module in layout.items() if name in names}
    used = set(truth.values())
    largest = max(lines[m] for m in used)
    return Case(spec=spec, path=path, truth=truth, max_lines=math.ceil(largest * LINE_MARGIN),
                max_new_files=len(used))


def _history(spec: CaseSpec, cache: Path, work: Path) -> Case:
    old = fetch(spec.source, cache) / spec.module
    new = fetch(spec.new, cache) / spec.package
    stem = old.parent.name if old.name == "__init__.py" else old.stem
    path = work / f"{stem}.py"
    shutil.copyfile(old, path)
    layout, lines = _layout(_module_names(new))
    return _finish(spec, path, layout, lines)


def _merged(spec: CaseSpec, cache: Path, work: Path, seed: int) -> Case:
    if spec.source == "stdlib":
        root = Path(sysconfig.get_paths()["stdlib"])
    else:
        root = fetch(spec.source, cache) / spec.root
    top = spec.package.split("/")[0]
    tree = work / "tree"
    shutil.copytree(root / top, tree / top, ignore=shutil.ignore_patterns("__pycache__", "test*"))
    package = tree / spec.package
    files = {m: package / f"{m.replace('.', '/')}.py" for m in spec.modules}
    layout, lines = _layout(files)  # before the merge, which leaves shims in their place
    merged = work / "merged.py"
    result = tool("merge", *(str(f) for f in files.values()), "--into", str(merged), "--format", "json")
    if result.returncode != 0:
        raise RuntimeError(f"merge of {spec.name} failed: {result.stdout or result.stderr}")
    path = work / f"{spec.name.replace('.', '_').replace('-', '_')}.py"
    path.write_text(shuffled(merged.read_text(encoding="utf-8"), str(merged), seed), encoding="utf-8")
    return _finish(spec, path, layout, lines)


def build(spec: CaseSpec, cache: Path, seed: int) -> Case:
    """The case's monolith in a fresh folder of the cache, and its ground truth."""
    work = cache / "cases" / spec.name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    case = _history(spec, cache, work) if spec.kind == "history" else _merged(spec, cache, work, seed)
    # Planned as a project of its own: else the checkout holding the cache is the case's project, and
    # what our own files do (a test fixture reading some module's `__package__`) chooses its layout.
    (work / "pyproject.toml").write_text(PROJECT_MARKER, encoding="utf-8")
    return case
