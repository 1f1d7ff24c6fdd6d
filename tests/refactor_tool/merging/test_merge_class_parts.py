"""Merging a split back puts a class split by body together again: its part modules' methods, verbatim,
where the class body imported them; the parts keep only their imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from refactor_tool.cli import main

METHODS = "".join(
    f"    def m{i}(self):\n        \"\"\"Method {i}.\"\"\"\n" + "".join(f"        x{k} = {k}\n" for k in range(6))
    + f"        return self.base + {i}\n\n"
    for i in range(16)
)
SOURCE = f'"""A class too long for one file."""\n\n\nclass Big:\n    base = 10\n\n{METHODS}'


def test_a_split_class_merges_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.py"
    path.write_text(SOURCE)
    split = CliRunner().invoke(main, ["split", str(path), "--max-lines", "60", "--allow-dirty"])
    assert split.exit_code == 0, split.output
    pieces = sorted(str(p) for p in (tmp_path / "big").glob("*.py"))
    assert any("def __getattr__(name):" in Path(p).read_text() for p in pieces)
    merged = CliRunner().invoke(main, ["merge", *pieces, "--into", str(path), "--delete-sources"])
    assert merged.exit_code == 0, merged.output
    text = path.read_text()
    assert text.count("class Big") == 1 and "__getattr__" not in text and "from ._big" not in text
    assert all(f"    def m{i}(self):" in text for i in range(16))
    probe = "import big; b = big.Big(); print([b.m0(), b.m15()], big.Big.m3.__qualname__)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["[10,", "25]", "Big.m3"]
