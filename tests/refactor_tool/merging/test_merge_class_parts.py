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


def test_a_class_kept_in_a_shims_facade_merges_back_whole(tmp_path: Path) -> None:
    """A shim's facade imports its class's parts by their real name (`from _big.big_m import ...`), as
    pickle's `_Pickler` does: the merge finds those imports too."""
    reads_module = "    def names(self):\n        return sorted(n for n in globals() if n[0] != '_')\n\n"
    path = tmp_path / "big.py"
    path.write_text(SOURCE.replace("    base = 10\n", "    base = 10\n\n" + reads_module))
    split = CliRunner().invoke(main, ["split", str(path), "--max-lines", "60", "--allow-dirty", "--layout", "shim"])
    assert split.exit_code == 0, split.output
    assert "class Big" in path.read_text() and "from _big" in path.read_text()
    pieces = [str(path), *sorted(str(p) for p in (tmp_path / "_big").glob("*.py"))]
    merged = CliRunner().invoke(main, ["merge", *pieces, "--into", str(path), "--delete-sources"])
    assert merged.exit_code == 0, merged.output
    text = path.read_text()
    assert text.count("class Big") == 1 and "__getattr__" not in text and "_big" not in text
    probe = "import big; b = big.Big(); print([b.m0(), b.m15()], big.Big.m3.__qualname__, b.names())"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["[10,", "25]", "Big.m3", "['Big']"]
