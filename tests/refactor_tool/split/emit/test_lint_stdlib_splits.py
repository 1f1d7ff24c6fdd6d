"""A split gives linters nothing new to say: `ruff check --select F,E9` finds, on every file a default
split of a CPython module writes, no finding of a kind more often than on the original module.

The modules are those where it used to: `__all__` moved with code that extends it (F822), imports only
other new modules read (F401), `import sys` or `import builtins` again in a helper (F811: inspect imports
builtins), unmarked re-exports (F401).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor_tool.cli import main as refactor_tool

STDLIB = Path(sysconfig.get_paths()["stdlib"])
MODULES = ["smtplib", "shutil", "ftplib", "imaplib", "inspect"]


def _findings(paths: list[Path], cwd: Path) -> Counter[str]:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--select", "F,E9",
                           "--output-format", "json", *map(str, paths)], cwd=cwd, capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return Counter(finding["code"] for finding in json.loads(done.stdout))


@pytest.mark.parametrize("module", MODULES)
def test_a_default_split_adds_no_ruff_finding(tmp_path: Path, module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copyfile(STDLIB / f"{module}.py", tmp_path / f"{module}.py")
    before = _findings([tmp_path / f"{module}.py"], tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(refactor_tool, ["split", f"{module}.py", "--format", "json"])
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["written"], result.output
    written = [tmp_path / f["path"] for f in report["files"] if f["action"] != "delete"]
    assert len(written) >= 3
    after = _findings(written, tmp_path)
    assert after - before == Counter(), f"new findings: {after - before}"
