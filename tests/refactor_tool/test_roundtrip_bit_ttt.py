"""Round trip on bit_ttt: merge its layers and model into one `core_engine.py`, split it back by the roadmap.

In a temporary copy of the repository: `refactor-tool merge` folds every module of `bit_ttt/layers` and
`bit_ttt/model` into `bit_ttt/core_engine.py`, and the two packages are deleted, so the tree is the one the
roadmap starts from (one monolith, no `layers/` or `model/`; the repository keeps no second copy of it):
what imported from them imports from the monolith. Then `refactor-tool split --plan` (shim layout, its
verification on) recreates the roadmap's phase-1 modules, and the packages' hand-written re-export
`__init__` files (the roadmap's "create `bit_ttt/layers/`") are put back. The public surface must be
identical and bit_ttt's test suite must pass on the result.

Keeping `layers/__init__.py` importing from the monolith while the split moves code into `layers/` is a
circular import (the shim imports `layers.rms_norm`, whose package imports the shim): the verification
refuses that split and restores every file, which the second test checks.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import main

REPO = Path(__file__).resolve().parents[2]
LEAF_PACKAGES = ("layers", "model")

SURFACE = """
import importlib, inspect, json, sys, types
surface = {}
for name in sys.argv[1:]:
    module = importlib.import_module(name)
    names = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
    entries = {"__all__": getattr(module, "__all__", None)}
    for attr in sorted(names):
        value = getattr(module, attr)
        if isinstance(value, types.ModuleType) or not getattr(value, "__module__", "bit_ttt").startswith("bit_ttt"):
            continue
        entry = {"type": type(value).__name__, "module": getattr(value, "__module__", None)}
        if callable(value):
            try:
                entry["signature"] = str(inspect.signature(value))
            except (TypeError, ValueError):
                entry["signature"] = None
        if inspect.isclass(value):
            entry["members"] = {m: str(inspect.signature(f)) for m, f in vars(value).items()
                                if not m.startswith("_") and inspect.isfunction(f)}
        elif not callable(value):
            entry["value"] = repr(value)
        entries[attr] = entry
    surface[name] = entries
print(json.dumps(surface, sort_keys=True))
"""


def _copy_repository(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")
    shutil.copytree(REPO / "bit_ttt", target / "bit_ttt", ignore=ignore)
    shutil.copytree(REPO / "tests" / "bit_ttt", target / "tests" / "bit_ttt", ignore=ignore)
    for name in ("pyproject.toml", "ROADMAP.md"):
        shutil.copyfile(REPO / name, target / name)


def _leaf_modules(root: Path) -> list[Path]:
    return sorted(
        p
        for package in LEAF_PACKAGES
        for p in (root / "bit_ttt" / package).glob("*.py")
        if p.name != "__init__.py"
    )


def _defined_names(path: Path) -> list[str]:
    """Top-level names a module defines itself: what the split must put back into it."""
    names: list[str] = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [t.id for t in targets if isinstance(t, ast.Name) and t.id != "__all__"]
    return names


def _kept_reexports(path: Path) -> list[str]:
    """Imports the module keeps unused so that an old path still works (`# noqa: F401`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith("from ") and "noqa: F401" in line]


def _roadmap_phase_1(root: Path) -> dict[str, str]:
    """`bit_ttt/layers/rms_norm.py` extract (RMSNorm) lines of phase 1, as {path: symbol}."""
    text = (root / "ROADMAP.md").read_text(encoding="utf-8")
    phase = text.split("## Phase 1", 1)[1].split("## Phase 2", 1)[0]
    return dict(re.findall(r"`bit_ttt/([\w/]+\.py)` extract \((\w+)\)", phase))


def _surface(root: Path, modules: list[str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", SURFACE, *modules],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _redirect_imports(root: Path) -> None:
    """`from bit_ttt.layers[.rms_norm] import X` -> `from bit_ttt.core_engine import X` in what remains."""
    packages = "|".join(LEAF_PACKAGES)
    pattern = re.compile(rf"^(\s*)from bit_ttt\.(?:{packages})(?:\.\w+)? import", re.MULTILINE)
    for path in (root / "bit_ttt").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if pattern.search(text):
            path.write_text(
                pattern.sub(r"\1from bit_ttt.core_engine import", text), encoding="utf-8"
            )


def _without_modules(entries: object) -> object:
    """The surface minus `__module__`, which a merge changes by design (and a split by plan restores)."""
    assert isinstance(entries, dict)
    return {
        k: {f: v for f, v in e.items() if f != "module"} if isinstance(e, dict) else e
        for k, e in entries.items()
    }


def _invoke(*args: str, exit_code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == exit_code, result.output
    return result.output


def _tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".refactor_tool" not in p.parts
    }


def _merge_into_the_monolith(tmp_path: Path, *, keep_packages: bool) -> tuple[Path, Path, Path]:
    """Copies of the repository (`repo` merged, `original` untouched) and the phase-1 plan file.

    Checks on the way that the plan is the roadmap's and that the merged package shows the same names.
    """
    root = tmp_path / "repo"
    _copy_repository(root)
    _copy_repository(tmp_path / "original")
    leaves = _leaf_modules(root)
    before = _surface(root, ["bit_ttt"])
    plan = {str(p.relative_to(root / "bit_ttt")): _defined_names(p) for p in leaves}
    roadmap = _roadmap_phase_1(root)
    # RMSNorm, BitLinear, SwiGLU, TTTLayer, BitLlamaBlock, BitLlama
    assert len(roadmap) == 6, roadmap
    for path, symbol in roadmap.items():
        assert symbol in plan.get(path, ()), f"plan does not match the roadmap for {path}"

    engine = root / "bit_ttt" / "core_engine.py"
    _invoke("merge", *map(str, leaves), "--into", str(engine), "--delete-sources")
    assert not any(p.exists() for p in leaves)
    # Before phase 1 there is no `layers/` or `model/` ("create `bit_ttt/layers/`").
    if not keep_packages:
        for package in LEAF_PACKAGES:
            shutil.rmtree(root / "bit_ttt" / package)
    _redirect_imports(root)
    merged = _surface(root, ["bit_ttt"])
    assert _without_modules(merged["bit_ttt"]) == _without_modules(before["bit_ttt"])

    toml = '[split]\nlayout = "shim"\n\n[modules]\n' + "".join(
        f'"{path}" = {json.dumps(names)}\n' for path, names in plan.items()
    )
    (tmp_path / "plan.toml").write_text(toml, encoding="utf-8")
    return root, engine, tmp_path / "plan.toml"


@pytest.mark.slow
def test_merge_then_split_by_the_roadmap_gives_back_bit_ttt(tmp_path: Path) -> None:
    root, engine, plan_file = _merge_into_the_monolith(tmp_path, keep_packages=False)
    leaves = _leaf_modules(tmp_path / "original")
    module_names = ["bit_ttt", *(f"bit_ttt.{p}" for p in LEAF_PACKAGES)]
    module_names += [f"bit_ttt.{p.parent.name}.{p.stem}" for p in leaves]
    before = _surface(tmp_path / "original", module_names)

    # --new-module-names: the recreated modules own their code again (`__module__` as before the merge).
    output = _invoke(
        "split", str(engine), "--plan", str(plan_file), "--layout", "shim", "--new-module-names"
    )
    assert "verified" in output
    assert all((root / p.relative_to(tmp_path / "original")).exists() for p in leaves)
    moved = {name for p in leaves for name in _defined_names(p)}
    assert not moved & set(_defined_names(engine)), "core_engine.py still defines model code"
    # The roadmap's hand-written re-export files of the two new packages, and the imports a module keeps
    # only so that an old import path works (a plan of definitions cannot say them).
    for package in LEAF_PACKAGES:
        init = Path("bit_ttt", package, "__init__.py")
        shutil.copyfile(tmp_path / "original" / init, root / init)
    for leaf in leaves:
        kept = _kept_reexports(leaf)
        if kept:
            recreated = root / leaf.relative_to(tmp_path / "original")
            with recreated.open("a", encoding="utf-8") as out:
                out.write("\n" + "\n".join(kept) + "\n")
    too_long = [
        p for p in (root / "bit_ttt").rglob("*.py") if len(p.read_text().splitlines()) >= 400
    ]
    assert not too_long

    assert _surface(root, module_names) == before
    _invoke("api", "diff", str(tmp_path / "original" / "bit_ttt"), str(root / "bit_ttt"))

    tests = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/bit_ttt",
            "--ignore=tests/bit_ttt/train",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)},
    )
    assert tests.returncode == 0, tests.stdout[-4000:]
    assert (
        re.search(r"\d+ passed", tests.stdout)
        and "failed" not in tests.stdout
        and "error" not in tests.stdout
    )


@pytest.mark.slow
def test_a_split_that_makes_the_packages_circular_is_refused_and_restored(tmp_path: Path) -> None:
    """`layers/__init__.py` still imports the monolith the split turns into a shim of `layers/*`."""
    root, engine, plan_file = _merge_into_the_monolith(tmp_path, keep_packages=True)
    files = _tree_bytes(root)

    output = _invoke(
        "split", str(engine), "--plan", str(plan_file), "--layout", "shim", exit_code=1
    )
    assert "verification failed" in output and "circular import" in output
    assert "every file restored" in output
    assert _tree_bytes(root) == files
