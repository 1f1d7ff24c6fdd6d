"""bit_ttt as it was before this repository's ROADMAP.md, rebuilt in a folder with `refactor-tool merge`.

Phase 1's monolith: every module of `bit_ttt/layers` and `bit_ttt/model` merged into `bit_ttt/core_engine.py`
(the packages gone; what imported them imports the monolith). Phase 2's: `train/args.py`, `checkpoint.py`,
`state.py` and `loop.py` merged into `bit_ttt/train/trainer.py`. Phase 3's debt: an unused `bit_ttt/legacy/` package
and a deprecated export `bit_ttt.build_model`. The roadmap is copied with every box open, and a small
gate (a few of bit_ttt's tests) so a run takes a minute, not ten. The repository keeps no second copy of
the code: this builds it from today's `bit_ttt/`. Used by the end-to-end test and `real_run.py`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from click.testing import CliRunner

from refactor_tool.cli import main

REPO = Path(__file__).resolve().parents[3]
#: the tests that travel with the copy: phase 1's gate, phase 2's `pytest tests/bit_ttt/train`
TESTS = ("conftest.py", "layers/test_rms_norm.py", "layers/test_swiglu.py", "model/test_block.py",
         "train/test_args.py", "train/test_checkpoint.py", "train/test_schedule.py")
#: every module of the two packages phase 1 makes (read from today's tree, so a new module travels too)
ENGINE = tuple(sorted(f"{folder}/{path.name}" for folder in ("layers", "model")
                      for path in (REPO / "bit_ttt" / folder).glob("*.py") if path.name != "__init__.py"))
#: phase 2's parts and the loop's state (which imports the checkpoint the loop imports it with: one module then)
TRAINER = ("train/args.py", "train/checkpoint.py", "train/state.py", "train/loop.py")
SMOKE = ("python -m bit_ttt.train --output-dir runs/smoke --dim 16 --layers 1 --context-len 16 --batch-size 2 "
         "--steps 3 --warmup-steps 1 --eval-interval 3 --log-interval 1 --device cpu")
DEPRECATED = '''

def build_model(config: BitLlamaConfig) -> BitLlama:
    """Deprecated: construct `BitLlama(config)` directly."""
    warnings.warn("build_model is deprecated; use BitLlama(config)", DeprecationWarning, stacklevel=2)
    return BitLlama(config)
'''


def _invoke(*args: str) -> None:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


def _redirect(root: Path, pattern: str, into: str) -> None:
    """`from bit_ttt.layers.x import ...` -> `from bit_ttt.core_engine import ...` in the code and tests left."""
    lines = re.compile(rf"^(\s*)from {pattern} import", re.MULTILINE)
    for path in sorted([*root.glob("bit_ttt/**/*.py"), *root.glob("tests/**/*.py")]):
        text = path.read_text(encoding="utf-8")
        changed = lines.sub(rf"\1from {into} import", text)
        if changed != text:
            path.write_text(changed, encoding="utf-8")


def _pyproject() -> str:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # bit_ttt's CLI reports errors through refactor_tool's; its tests need pytest
    dependencies = [*project["dependencies"], *project["optional-dependencies"]["model"], "refactor-tool"]
    return f"""[project]
name = "bit-ttt-before-the-roadmap"
version = "0"
requires-python = ">=3.11"
dependencies = {json.dumps(dependencies)}

[project.optional-dependencies]
dev = ["pytest>=8.0"]

[tool.pytest.ini_options]
testpaths = ["tests"]
pythonpath = ["."]
addopts = "-q -p no:cacheprovider"
markers = ["slow: long", "cuda: needs a CUDA GPU"]

[tool.refactor_tool]
packages = ["bit_ttt"]
roadmap = "ROADMAP.md"
gate = "python -m pytest tests/bit_ttt"
smoke-test = "{SMOKE}"
# the timebox report and its event log are what the run writes about itself, not the refactoring's files
exclude = ["reports/*", "runs/*"]

[[tool.refactor_tool.allow]]
kind = "api-break"
path = "bit_ttt/__init__.py"
reason = "phase 3 removes the deprecated build_model and the unused bit_ttt.legacy, as the roadmap asks"
"""


def open_boxes(text: str) -> str:
    return re.sub(r"^(\s*[-*+]\s+)\[[xX]\]", r"\1[ ]", text, flags=re.MULTILINE)


def build_monolith(root: Path) -> Path:
    """The repository before the roadmap, in `root` (a git repository with one commit); returns its roadmap."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "bit_ttt", root / "bit_ttt", ignore=ignore)
    for test in TESTS:
        (root / "tests" / "bit_ttt" / test).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / "tests" / "bit_ttt" / test, root / "tests" / "bit_ttt" / test)
    (root / "pyproject.toml").write_text(_pyproject(), encoding="utf-8")
    (root / ".gitignore").write_text("runs/\n.refactor_tool_cache/\n__pycache__/\n", encoding="utf-8")
    package = root / "bit_ttt"
    _invoke("merge", *(str(package / m) for m in ENGINE), "--into", str(package / "core_engine.py"),
            "--delete-sources")
    for folder in ("layers", "model"):
        shutil.rmtree(package / folder)
    _redirect(root, r"bit_ttt\.(?:layers|model)(?:\.\w+)?", "bit_ttt.core_engine")
    # one import path for the errors the trainer's parts share (merge reads two paths as two meanings)
    _redirect(root, r"bit_ttt\.train\.errors", "bit_ttt.errors")
    _invoke("merge", *(str(package / m) for m in TRAINER), "--into", str(package / "train" / "trainer.py"),
            "--delete-sources")
    _redirect(root, r"bit_ttt\.train\.(?:args|checkpoint|state|loop)", "bit_ttt.train.trainer")
    (package / "legacy").mkdir()
    (package / "legacy" / "__init__.py").write_text('"""Samplers of the first prototype; nothing uses them."""\n',
                                                     encoding="utf-8")
    (package / "legacy" / "sampler.py").write_text(
        '"""The prototype\'s greedy sampler."""\n\n\ndef greedy(logits: list[float]) -> int:\n'
        '    return max(range(len(logits)), key=logits.__getitem__)\n', encoding="utf-8")
    init = package / "__init__.py"
    text = init.read_text(encoding="utf-8")
    text = text.replace("from __future__ import annotations\n", "from __future__ import annotations\n\nimport warnings\n", 1)
    text = text.replace('    "activation_quant",\n', '    "activation_quant",\n    "build_model",\n', 1)
    init.write_text(text + DEPRECATED, encoding="utf-8")
    roadmap = root / "ROADMAP.md"
    roadmap.write_text(open_boxes((REPO / "ROADMAP.md").read_text(encoding="utf-8")), encoding="utf-8")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-qm", "before the roadmap")
    return roadmap


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def tool_environment() -> dict[str, str]:
    """PATH with this interpreter's folder first, so `python` and `pytest` in commands are ours."""
    return {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}


def run_tool(root: Path, *args: str) -> tuple[int, dict]:
    """`refactor-tool ARGS --format json` in a process of its own in `root`: its exit code and its JSON."""
    done = subprocess.run([sys.executable, "-c", "from refactor_tool.cli import main; main()", *args,
                           "--format", "json"], cwd=root, env=tool_environment(), capture_output=True, text=True,
                          check=False)
    try:
        return done.returncode, json.loads(done.stdout)
    except json.JSONDecodeError:
        return done.returncode, {"error": (done.stdout + done.stderr).strip()[-2000:]}
