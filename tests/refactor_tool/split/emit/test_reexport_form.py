"""The facade's re-exports are written for the project's type checkers: `from ._x import a as a` where
they take plain imports for private (a package shipping `py.typed`, mypy without implicit re-exports),
else plain imports packed as any import, with `# noqa: F401` on their first line; ruff is clean on both."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tool.split.model import SplitOptions
from refactor_tool.split.use_case import apply_split

PADDING = "".join(f"    side = side + 0  # padding {i}\n" for i in range(20))
SOURCE = (
    '"""Shapes."""\n\nimport sys\n\n\n'
    + "".join(f"def area_of_shape_number_{i}(side):\n    return side * {i}\n\n\n" for i in range(12))
    + f"class Square:\n    def __init__(self, side):\n{PADDING.replace('    ', '        ')}"
    "        self.side = side\n\n\n_unit = 1\n\n\nif sys.platform:\n    class Circle:\n        pass\n"
)
MYPY_STRICT = "[tool.mypy]\nstrict = true\n"

CASES = {
    "no type checker configured: plain, noqa": ({}, False),
    "py.typed in the package: `a as a`": ({"pkg/py.typed": ""}, True),
    "mypy strict in pyproject.toml: `a as a`": ({"pyproject.toml": MYPY_STRICT}, True),
    "mypy strict, implicit re-exports allowed: plain": ({"pyproject.toml": MYPY_STRICT + "implicit_reexport = true\n"},
                                                         False),
    "mypy.ini no_implicit_reexport: `a as a`": ({"mypy.ini": "[mypy]\nno_implicit_reexport = True\n"}, True),
    "setup.cfg without a [mypy] section: plain": ({"setup.cfg": "[metadata]\nname = pkg\n"}, False),
}


@pytest.mark.parametrize(("files", "explicit"), CASES.values(), ids=CASES.keys())
def test_reexports_take_the_form_the_projects_type_checkers_read(tmp_path: Path, files: dict[str, str],
                                                                   explicit: bool) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "shapes.py").write_text(SOURCE)
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result = apply_split(tmp_path / "pkg" / "shapes.py", SplitOptions(max_lines=60, allow_dirty=True))
    assert result.ok and result.written, result.verification
    facade = (tmp_path / "pkg" / "shapes" / "__init__.py").read_text()
    exports = facade[facade.index("from ._"):facade.index("# Importing them")]
    names = re.findall(r"\b(?:area_of_shape_number_\d+|Square|Circle|_unit)\b", exports)
    assert sorted(set(names)) == sorted({*(f"area_of_shape_number_{i}" for i in range(12)), "Square", "Circle", "_unit"})
    if explicit:
        assert all(f"{name} as {name}" in exports for name in set(names)) and "noqa" not in exports, exports
    else:
        assert " as " not in exports, exports
        statements = [s for s in re.split(r"\n(?=from |try:|if )", exports) if s.startswith("from ")]
        assert statements and all(s.splitlines()[0].endswith("  # noqa: F401") for s in statements), exports
        assert any(s.startswith("from ._") and s.count("\n") > 2 for s in statements), exports  # packed lines
    assert max(len(line) for line in facade.splitlines()) <= 88, facade
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F,E9", "--no-cache", "--isolated",
                           "pkg/shapes"], cwd=tmp_path, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    probe = "import pkg.shapes as s; print(s.area_of_shape_number_11(2), s.Square(3).side, s._unit, s.Circle)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split()[:3] == ["22", "3", "1"]
