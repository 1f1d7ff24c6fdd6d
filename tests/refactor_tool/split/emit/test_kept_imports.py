"""The original's imports stay in the facade (they were attributes of the module); those only moved code
used say `# noqa: F401` on their first line, where linters look, whatever way the original wrapped them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tool.split.model import SplitOptions
from refactor_tool.split.use_case import apply_split

PADDING = "".join(f"    path = path + ''  # padding {i}\n" for i in range(20))
WRAPPINGS = {
    "names after the parenthesis": "from os.path import (join, split,\n                     basename)\n",
    "names on lines of their own": "from os.path import (\n    join, split,\n    basename,\n)\n",
    "one line": "from os.path import join, split, basename\n",
}


@pytest.mark.parametrize("imports", WRAPPINGS.values(), ids=WRAPPINGS.keys())
def test_imports_only_moved_code_used_read_as_kept_on_purpose(tmp_path: Path, imports: str) -> None:
    functions = "".join(f"\n\ndef step_{i}(path):\n{PADDING}    return {name}(path)\n"
                        for i, name in enumerate(["join", "split", "basename"] * 2))
    (tmp_path / "paths.py").write_text('"""Paths."""\n\n' + imports + functions)
    result = apply_split(tmp_path / "paths.py", SplitOptions(max_lines=60, allow_dirty=True))
    assert result.ok and result.written, result.verification
    facade = (tmp_path / "paths" / "__init__.py").read_text()
    assert imports.splitlines()[0] in facade.replace("  # noqa: F401", ""), facade
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F,E9", "--no-cache", "--isolated",
                           "paths"], cwd=tmp_path, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + facade
    probe = "import paths; print(paths.join('a', 'b'), paths.step_2('/x/y'))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["a/b", "y"]
