"""Issue 9's failure classes, one fixture each: a module with the hazard and its own test, which passes
before and after a split with the default options.

Each case under `fixtures/split/hazards/<case>/` holds `mod.py` (or the file named in `SPLIT`) and
`test_mod.py`; the module is padded over the line limit with unrelated functions at its `# FILLER`
line, so the code on either side lands in different new modules. `OPTIONS` may add split options
(`--no-rewrite-tests`); nothing else differs from `refactor-tool split MODULE`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import main

HAZARDS = Path(__file__).resolve().parents[1] / "fixtures" / "split" / "hazards"
CASES = sorted(p.name for p in HAZARDS.iterdir() if p.is_dir())

FILLER = '''

def _filler_{n}(value):
    """Unrelated code so the module is over the line limit ({n})."""
    total = value
    for step in range({n}):
        total += step
    return total
'''


def prepared(case: str, root: Path) -> tuple[Path, Path]:
    """A copy of the case, its module padded past 400 lines; (work folder, module to split)."""
    work = root / case
    shutil.copytree(HAZARDS / case, work, ignore=shutil.ignore_patterns("__pycache__", "SPLIT", "OPTIONS"))
    split_file = HAZARDS / case / "SPLIT"
    target = work / (split_file.read_text().strip() if split_file.exists() else "mod.py")
    text = target.read_text()
    filler = "".join(FILLER.format(n=n) for n in range(60)) + "\n"
    target.write_text(text.replace("# FILLER\n", filler, 1) if "# FILLER\n" in text else text + filler)
    return work, target


def run_tests(work: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(work),
               "-c", os.devnull, "test_mod.py"]
    return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=120, check=False)


def split(case: str, target: Path) -> str:
    options = HAZARDS / case / "OPTIONS"
    extra = options.read_text().split() if options.exists() else []
    result = CliRunner().invoke(main, ["split", str(target), *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("case", CASES)
def test_the_modules_own_test_passes_after_a_default_split(tmp_path: Path, case: str) -> None:
    work, target = prepared(case, tmp_path)
    before = run_tests(work)
    assert before.returncode == 0, before.stdout + before.stderr
    output = split(case, target)
    new = [p for p in work.rglob("*.py") if p.name not in ("test_mod.py",) and p != target]
    assert len(new) >= 2, "the split did not make several modules"
    after = run_tests(work)
    assert after.returncode == 0, output + after.stdout[-3000:] + after.stderr[-2000:]
