"""The split reads clean to linters: `__all__` stays in the facade even where code of a new module appends
to it (that module imports the facade's list), so no module lists names it does not define (F822) and the
facade's re-exports are used by its `__all__` (F401)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from refactor_tool.split.model import SplitOptions
from refactor_tool.split.use_case import apply_split

PADDING = "".join(f"    step{i} = {i}  # padding\n" for i in range(20))
SOURCE = (
    '"""Shapes."""\n\nimport sys\n\n__all__ = ["area", "Square"]\n\n\n'
    f"def area(side):\n{PADDING}    return side * side\n\n\n"
    f"class Square:\n    def __init__(self, side):\n{PADDING.replace('    ', '        ')}"
    "        self.side = side\n\n\n"
    f"if sys.platform:\n    class Circle:\n        pass\n\n    __all__.append('Circle')\n"
)


def test_reexports_are_not_unused_when_all_is_not_defined_in_the_facade(tmp_path: Path) -> None:
    (tmp_path / "shapes.py").write_text(SOURCE)
    result = apply_split(tmp_path / "shapes.py", SplitOptions(max_lines=40, allow_dirty=True))
    assert result.ok and result.written, result.verification
    facade = (tmp_path / "shapes" / "__init__.py").read_text()
    assert '__all__ = ["area", "Square"]' in facade and "__all__ as __all__" not in facade, facade
    appending = [p for p in (tmp_path / "shapes").glob("_*.py") if "__all__.append" in p.read_text()]
    assert len(appending) == 1 and "from . import __all__" in appending[0].read_text()
    lint = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F401,F811,F821,F822,E9", "--no-cache", "--isolated",
                           "shapes"], cwd=tmp_path, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    probe = "from shapes import *; import shapes; print(area(2), Square(3).side, shapes.__all__)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["4", "3", "['area',", "'Square',", "'Circle']"]
