"""bit_ttt stands alone: it never imports the refactoring tool, and without torch `bit-ttt` says what to install."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import bit_ttt
from bit_ttt.errors import MODEL_EXTRA_INSTALL

PACKAGE = Path(bit_ttt.__file__).resolve().parent
ROOT = PACKAGE.parent


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter that sees this checkout first, from another working directory."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          env=env, cwd=PACKAGE.parent.parent, check=False)


def _without(*modules: str) -> str:
    """Code that makes ``modules`` unimportable (``None`` in ``sys.modules`` stops an import)."""
    return "import sys\n" + "".join(f"sys.modules[{m!r}] = None\n" for m in modules)


def test_no_module_of_bit_ttt_imports_refactor_tool() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "refactor_tool"]
    assert offenders == []


def test_every_module_imports_where_refactor_tool_cannot() -> None:
    code = _without("refactor_tool") + """
import importlib, pkgutil, bit_ttt, bit_ttt.train.cli
names = [m.name for m in pkgutil.walk_packages(bit_ttt.__path__, "bit_ttt.") if not m.name.endswith("__main__")]
for name in names:
    importlib.import_module(name)
assert not any(k.startswith("refactor_tool") and sys.modules[k] is not None for k in sys.modules)
print(len(names))
"""
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 25  # every module was imported, not an empty walk


def test_without_torch_the_package_and_the_cli_still_import() -> None:
    done = _python(_without("torch") + "import bit_ttt, bit_ttt.train.cli\nprint(bit_ttt.BitLlamaConfig(256, 64, 2))")
    assert done.returncode == 0, done.stderr
    assert "hidden_dim=64" in done.stdout


def _bit_ttt_without(module: str, *argv: str) -> subprocess.CompletedProcess[str]:
    code = _without(module) + "from bit_ttt.train.cli import main\nmain(sys.argv[1:], prog_name='bit-ttt')"
    return _python(code, *argv)


def test_bit_ttt_without_torch_says_in_one_line_what_to_install(tmp_path: Path) -> None:
    for argv in (["train", "--output-dir", str(tmp_path / "run"), "--steps", "2"],
                 ["generate", "--checkpoint", str(tmp_path)], ["presets"]):
        done = _bit_ttt_without("torch", *argv)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "torch" in lines[0] and MODEL_EXTRA_INSTALL in lines[0], done.stderr
    assert not (tmp_path / "run").exists()


def test_bit_ttt_without_numpy_names_numpy_and_json_output_stays_json(tmp_path: Path) -> None:
    done = _bit_ttt_without("numpy", "train", "--output-dir", str(tmp_path / "run"), "--format", "json")
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"] == "MissingDependency"
    ours = [line for line in done.stderr.splitlines() if line.startswith("error:")]  # torch warns on its own too
    assert len(ours) == 1 and "numpy" in ours[0] and MODEL_EXTRA_INSTALL in ours[0], done.stderr


def test_help_works_without_torch() -> None:
    done = _bit_ttt_without("torch", "train", "--help")
    assert done.returncode == 0 and "--preset" in done.stdout and "--num-heads" in done.stdout
