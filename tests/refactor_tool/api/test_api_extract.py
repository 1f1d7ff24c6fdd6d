"""Static extraction: which paths are public, what each resolves to, and what a signature records."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_trees import surface_of

from refactor_tool.api import EntryKind, ParamKind


def test_reexport_is_a_public_path_resolved_to_its_target(tmp_path: Path) -> None:
    surface = surface_of(tmp_path, {
        "mypkg/__init__.py": "from ._impl import Widget\nfrom ._impl import helper as helper\n",
        "mypkg/_impl.py": "class Widget:\n    def grow(self, by): ...\n\ndef helper(): ...\n\ndef hidden(): ...\n",
    })
    paths = surface.by_path()
    assert paths["mypkg.Widget"].target == "mypkg._impl.Widget"
    assert paths["mypkg.Widget.grow"].kind is EntryKind.METHOD
    assert paths["mypkg.helper"].kind is EntryKind.FUNCTION
    assert not any(p.startswith("mypkg._impl") for p in paths)  # private module, reached only via re-exports
    assert "mypkg.hidden" not in paths


def test_sibling_module_imports_are_plumbing_not_surface(tmp_path: Path) -> None:
    """asyncio's `from . import events` inside `base_events` does not make `asyncio.base_events.events`."""
    surface = surface_of(tmp_path, {
        "mypkg/__init__.py": "from . import events\n",
        "mypkg/events.py": "def emit(): ...\n",
        "mypkg/loop.py": "from . import events\nfrom .events import emit\nfrom . import events as events_again\n",
    })
    paths = surface.by_path()
    assert "mypkg.loop.events" not in paths and "mypkg.loop.events_again" not in paths
    assert paths["mypkg.loop.emit"].target == "mypkg.events.emit"
    assert paths["mypkg.events"].kind is EntryKind.MODULE and "mypkg.events.emit" in paths


def test_external_imports_are_public_only_when_declared(tmp_path: Path) -> None:
    surface = surface_of(tmp_path, {
        "mypkg/__init__.py": (
            "import os\nfrom typing import Any\nfrom json import dumps as dumps\nfrom json import loads\n"
            "__all__ = ['loads']\n"
        ),
    })
    paths = surface.by_path()
    assert "mypkg.os" not in paths and "mypkg.Any" not in paths
    assert paths["mypkg.dumps"].kind is EntryKind.EXTERNAL and paths["mypkg.dumps"].target == "json.dumps"
    assert paths["mypkg.loads"].kind is EntryKind.EXTERNAL
    assert paths["mypkg"].exports == ("loads",)


def test_star_imports_and_all_of_submodules(tmp_path: Path) -> None:
    """asyncio's shape: `from .a import *` and `__all__ = a.__all__ + b.__all__`."""
    surface = surface_of(tmp_path, {
        "mypkg/__init__.py": "from .a import *\nfrom .b import *\nfrom . import a, b\n__all__ = a.__all__ + b.__all__\n",
        "mypkg/a.py": "__all__ = ('one',)\ndef one(): ...\ndef not_exported(): ...\n",
        "mypkg/b.py": "def two(): ...\ndef _three(): ...\n",
    })
    paths = surface.by_path()
    assert paths["mypkg.one"].target == "mypkg.a.one"
    assert paths["mypkg.two"].target == "mypkg.b.two"
    assert "mypkg.not_exported" not in paths and "mypkg._three" not in paths
    assert paths["mypkg"].exports == ("one",)  # b has no __all__, so b.__all__ adds nothing statically


def test_module_getattr_names_are_dynamic(tmp_path: Path) -> None:
    surface = surface_of(tmp_path, {
        "mypkg/__init__.py": (
            "_MOVED = {'Old': 'new'}\n"
            "def __getattr__(name):\n"
            "    if name == 'Legacy' or name in ('Older', 'Oldest'):\n        return 1\n"
            "    return _MOVED[name]\n"
        ),
    })
    dynamic = {e.path for e in surface.entries if e.kind is EntryKind.DYNAMIC}
    assert dynamic == {"mypkg.Legacy", "mypkg.Older", "mypkg.Oldest", "mypkg.Old"}
    assert surface.dynamic_modules == ("mypkg",)


def test_signatures_record_kinds_defaults_annotations(tmp_path: Path) -> None:
    surface = surface_of(tmp_path, {
        "mypkg/__init__.py": (
            "async def f(a, /, b: int = 1, *args, c, d='x', **kw) -> str: ...\n"
            "class C:\n"
            "    @property\n    def p(self) -> int: ...\n"
            "    @p.setter\n    def p(self, value): ...\n"
            "    @staticmethod\n    def s(x): ...\n"
            "    @classmethod\n    def k(cls, y): ...\n"
        ),
    })
    paths = surface.by_path()
    f = paths["mypkg.f"].signature
    assert f is not None and f.is_async and f.returns == "str"
    assert [(p.name, p.kind, p.default, p.annotation) for p in f.parameters] == [
        ("a", ParamKind.POSITIONAL_ONLY, None, None),
        ("b", ParamKind.POSITIONAL_OR_KEYWORD, "1", "int"),
        ("args", ParamKind.VAR_POSITIONAL, None, None),
        ("c", ParamKind.KEYWORD_ONLY, None, None),
        ("d", ParamKind.KEYWORD_ONLY, "'x'", None),
        ("kw", ParamKind.VAR_KEYWORD, None, None),
    ]
    assert f.render() == "async (a, /, b: int = 1, *args, c, d='x', **kw) -> str"
    assert paths["mypkg.C.p"].kind is EntryKind.PROPERTY
    assert [p.name for p in paths["mypkg.C.s"].signature.parameters] == ["x"]  # type: ignore[union-attr]
    assert [p.name for p in paths["mypkg.C.k"].signature.parameters] == ["y"]  # type: ignore[union-attr]


def test_dataclass_init_and_inherited_constructor(tmp_path: Path) -> None:
    surface = surface_of(tmp_path, {
        "mypkg/__init__.py": (
            "from dataclasses import dataclass, field\nfrom typing import ClassVar\n"
            "@dataclass(frozen=True)\nclass Base:\n    a: int\n    b: int = 2\n    n: ClassVar[int] = 0\n"
            "@dataclass\nclass Child(Base):\n    c: list = field(default_factory=list)\n"
            "class Plain(Base):\n    def extra(self): ...\n"
        ),
    })
    paths = surface.by_path()
    child = paths["mypkg.Child"].signature
    assert child is not None and [(p.name, p.default) for p in child.parameters] == [
        ("a", None), ("b", "2"), ("c", "list()"),
    ]
    assert paths["mypkg.Plain"].signature == paths["mypkg.Base"].signature
    assert paths["mypkg.Plain"].bases == ("mypkg.Base",)
    assert "mypkg.Plain.extra" in paths


def test_namedtuple_constructor_comes_from_its_fields(tmp_path: Path) -> None:
    surface = surface_of(tmp_path, {
        "mypkg/__init__.py": "import typing\nclass Point(typing.NamedTuple):\n    x: int\n    y: int = 0\n",
    })
    point = surface.by_path()["mypkg.Point"].signature
    assert point is not None and [(p.name, p.default) for p in point.parameters] == [("x", None), ("y", "0")]


def test_assigned_aliases_resolve_to_what_they_name(tmp_path: Path) -> None:
    """`make = _make_impl` is the function, so turning `def make` into such an alias changes nothing."""
    surface = surface_of(tmp_path, {
        "mypkg/__init__.py": (
            "from ._impl import _make\nmake = _make\nloop_a = loop_b\nloop_b = loop_a\nimport os\nsep = os.sep\n"
        ),
        "mypkg/_impl.py": "def _make(size=2): ...\n",
    })
    paths = surface.by_path()
    assert paths["mypkg.make"].kind is EntryKind.FUNCTION and paths["mypkg.make"].target == "mypkg._impl._make"
    assert paths["mypkg.loop_a"].kind is EntryKind.ATTRIBUTE  # a cycle ends as a plain attribute
    assert paths["mypkg.sep"].kind is EntryKind.ATTRIBUTE


def test_constants_keep_simple_literal_values(tmp_path: Path) -> None:
    surface = surface_of(tmp_path, {"mypkg/__init__.py": "LIMIT = 400\nNAMES = ('a', 'b')\nNOW = compute()\n"})
    paths = surface.by_path()
    assert (paths["mypkg.LIMIT"].kind, paths["mypkg.LIMIT"].value_kind, paths["mypkg.LIMIT"].value) == (
        EntryKind.CONSTANT, "int", "400",
    )
    assert paths["mypkg.NAMES"].value == "('a', 'b')"
    assert paths["mypkg.NOW"].kind is EntryKind.ATTRIBUTE and paths["mypkg.NOW"].value is None


def test_type_checking_imports_are_not_surface(tmp_path: Path) -> None:
    surface = surface_of(tmp_path, {
        "mypkg/__init__.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import One\nelse:\n    from .a import Two\n",
        "mypkg/a.py": "class One: ...\nclass Two: ...\n",
    })
    paths = surface.by_path()
    assert "mypkg.One" not in paths and "mypkg.Two" in paths


def test_script_only_blocks_are_not_surface(tmp_path: Path) -> None:
    """rich's modules import demo helpers under `if __name__ == "__main__":`; they never import."""
    surface = surface_of(tmp_path, {
        "mypkg/__init__.py": (
            "import sys\ndef kept(): ...\n"
            "if __name__ == '__main__':\n    from .a import Demo\n"
            "if sys.platform != 'win32' and __name__ == '__main__':\n    DEMO = 1\n"
        ),
        "mypkg/a.py": "class Demo: ...\n",
    })
    paths = surface.by_path()
    assert "mypkg.kept" in paths and "mypkg.Demo" not in paths and "mypkg.DEMO" not in paths


def test_syntax_error_is_reported_and_the_rest_is_still_computed(tmp_path: Path) -> None:
    surface = surface_of(tmp_path, {
        "mypkg/__init__.py": "from .good import ok\n",
        "mypkg/good.py": "def ok(): ...\n",
        "mypkg/bad.py": "def fine(): ...\n\ndef broken(:\n    pass\n",
    })
    (problem,) = surface.problems
    assert problem.file == "mypkg/bad.py" and problem.line == 3
    assert problem.one_line().startswith("mypkg/bad.py:3: syntax error")
    paths = surface.by_path()
    assert "mypkg.ok" in paths and "mypkg.good.ok" in paths
    assert surface.is_unknown("mypkg.bad.fine")


def test_import_cycles_terminate(tmp_path: Path) -> None:
    surface = surface_of(tmp_path, {
        "mypkg/__init__.py": "from .a import *\n",
        "mypkg/a.py": "from .b import *\nfrom .b import loop\ndef in_a(): ...\n",
        "mypkg/b.py": "from .a import *\nfrom .a import loop\ndef in_b(): ...\n",
    })
    paths = surface.by_path()
    assert {"mypkg.in_a", "mypkg.in_b", "mypkg.a.in_b", "mypkg.b.in_a"} <= set(paths)
    assert "mypkg.a.loop" not in paths  # a name that resolves nowhere is not invented


@pytest.mark.parametrize("companion", ["_big", "_big_parts"])
def test_module_with_a_companion_package_is_read_through(tmp_path: Path, companion: str) -> None:
    """The shim layout: `big.py` re-exports from `_big/` (or `_big_parts/` when `_big` is taken), read too."""
    from api_trees import write_tree

    from refactor_tool.api import load

    write_tree(tmp_path, {
        "big.py": f"from {companion}.w import Widget\n__all__ = ['Widget']\n",
        f"{companion}/__init__.py": "",
        f"{companion}/w.py": "class Widget:\n    def grow(self, by): ...\n",
    })
    paths = load(str(tmp_path / "big.py"), cwd=tmp_path).surface.by_path()
    assert paths["big.Widget"].kind is EntryKind.CLASS and paths["big.Widget"].target == f"{companion}.w.Widget"
    assert "big.Widget.grow" in paths
    assert not any(path.startswith("_big") for path in paths)


def test_computed_all_is_unknown_not_empty(tmp_path: Path) -> None:
    """`__all__ = [n for n in dir() ...]` cannot be read statically; it must not look like an empty `__all__`."""
    surface = surface_of(tmp_path, {"mypkg/__init__.py": "def one(): ...\n__all__ = [n for n in dir() if not n.startswith('_')]\n"})
    assert surface.by_path()["mypkg"].exports is None
    assert "mypkg.one" in surface.by_path()
