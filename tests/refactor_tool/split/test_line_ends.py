"""A module with Windows (CRLF) or old Mac (lone CR) line ends splits like any other: each definition in
its module, every new file in the module's own line ends, and the package imports the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tool.split.model import SplitOptions
from refactor_tool.split.use_case import apply_split


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_split_keeps_the_module_line_ends_and_each_definition_in_its_module(tmp_path: Path, newline: str) -> None:
    source = "".join(f'def f{i}():{newline}    """F{i}."""{newline}    return {i}{newline}{newline}{newline}'
                     for i in range(5))
    (tmp_path / "gen.py").write_bytes(source.encode())
    result = apply_split(tmp_path / "gen.py", SplitOptions(max_lines=12, allow_dirty=True))
    assert result.ok and result.written, result.verification
    files = sorted((tmp_path / "gen").glob("*.py"))
    assert len(files) > 2
    for file in files:
        data = file.read_bytes().decode()
        other = {"\r\n": ("\r\n", ""), "\r": ("\r", "")}[newline]
        assert "\n" not in data.replace(*other), f"{file.name} mixes line ends"
    defined = {file.stem: [line for line in file.read_bytes().decode().split(newline) if line.startswith("def ")]
               for file in files if file.stem != "__init__"}
    assert sorted(len(found) for found in defined.values()) == [1] * len(defined)  # one definition each
    values = subprocess.run([sys.executable, "-c", "import gen; print([getattr(gen, f'f{i}')() for i in range(5)])"],
                            cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert values.strip() == "[0, 1, 2, 3, 4]"
