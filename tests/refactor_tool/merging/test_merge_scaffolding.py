"""Merging a split back removes the facade's wiring, which only makes sense for separate modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from refactor_tool.merging import SourceModule, merge_modules, module_name
from refactor_tool.merging.scaffolding import generated

FACADE = '''\
"""Geometry."""
from ._shapes import Square, area
_ORIGIN_FILE = __import__("os").path.normpath(__import__("os").path.join(__file__, "..", "..", "geo.py"))
_SPLIT_LATE = {'geo._shapes': {'area': 'geo._shapes'}}
for _split_module, _split_names in _SPLIT_LATE.items():
    for _split_name, _split_home in _split_names.items():
        pass
del _split_module, _split_names, _split_name, _split_home
__annotations__ = {
    **__import__("sys").modules['geo._shapes'].__annotations__,
}
_SPLIT_MODULES = ('geo._shapes',)


class _SplitModule(__import__("types").ModuleType):
    pass


if __spec__ is not None and __import__("sys").modules.get(__spec__.name) is not None:
    __import__("sys").modules[__spec__.name].__class__ = _SplitModule
_SPLIT_HIDDEN = ['_SPLIT_LATE', '__dir__', '_shapes']


def __dir__():
    return sorted({*globals()} - {*_SPLIT_HIDDEN, "_SPLIT_HIDDEN"})
'''
SHAPES = """\
_ORIGIN_FILE = __import__("os").path.normpath(__import__("os").path.join(__file__, "..", "..", "geo.py"))
UNIT: int = 1


def area(side):
    return side * side * UNIT


class Square:
    def __init__(self, side):
        self.area = area(side)
        self.home = _ORIGIN_FILE
"""


def test_the_wiring_goes_and_origin_file_is_file_again(tmp_path: Path) -> None:
    package = tmp_path / "geo"
    package.mkdir()
    (package / "__init__.py").write_text(FACADE)
    (package / "_shapes.py").write_text(SHAPES)
    sources = [SourceModule(p, module_name(p), p.read_text()) for p in sorted(package.glob("*.py"))]
    into = tmp_path / "geo.py"
    result = merge_modules(sources, into=into, into_name="geo")
    assert not [
        n
        for n in ("_SPLIT", "_split_", "_SplitModule", "_ORIGIN_FILE", "__dir__")
        if n in result.code
    ]
    assert "__annotations__ =" not in result.code
    for path in package.glob("*.py"):
        path.unlink()
    package.rmdir()
    into.write_text(result.code)
    program = (
        "import geo; s = geo.Square(3); print(s.area, s.home == geo.__file__, geo.__annotations__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "9 True {'UNIT': <class 'int'>}"


def test_generated_names_are_the_ones_split_lists() -> None:
    assert all(generated(n) for n in ("_SPLIT_LATE", "_SplitModule", "_split_home", "_LIVE_GLOBALS"))
    assert not any(generated(n) for n in ("_split", "SPLIT", "_Splitter", "split_home", "_private"))
