"""keep_module_name: `before -> after`, and pickles made after a split load where the module used to be."""

from __future__ import annotations

import pickle
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from refactor_tool.transforms.keep_module_name import keep_module_name

SUBMODULE = '''\
"""Widgets."""
import functools
import logging

log = logging.getLogger(__name__)


class Widget:
    def __init__(self, size):
        self.size = size

    def __eq__(self, other):
        return type(other).__name__ == "Widget" and other.size == self.size


@functools.lru_cache
def cached(x):
    return x


def where():
    return __name__
'''

EXPECTED = (
    SUBMODULE.replace("getLogger(__name__)", 'getLogger("kmpkg.core")')
    + """

# Moved here from kmpkg.core by refactor-tool (--keep-module-name): report the old module,
# so pickles, reprs and registries keyed by __module__ see the same names as before the split.
Widget.__module__ = "kmpkg.core"
where.__module__ = "kmpkg.core"
for _moved in (cached,):
    try:
        _moved.__module__ = "kmpkg.core"
    except (AttributeError, TypeError):  # a decorator returned an object that refuses it
        pass
del _moved
"""
)


def test_before_after() -> None:
    result = keep_module_name(SUBMODULE, "kmpkg.core")
    assert result.code == EXPECTED
    assert result.renamed == ("Widget", "where", "cached")
    assert result.loggers == (5,)
    assert any("line 17: cached is decorated" in note for note in result.notes)
    assert any("line 22: reads __name__" in note for note in result.notes)


def test_running_twice_changes_nothing_more() -> None:
    once = keep_module_name(SUBMODULE, "kmpkg.core").code
    again = keep_module_name(once, "kmpkg.core")
    assert again.code == once
    assert again.renamed == ()


def test_names_limit_what_is_renamed() -> None:
    result = keep_module_name(SUBMODULE, "kmpkg.core", names=["Widget"])
    assert result.renamed == ("Widget",)
    assert "where.__module__" not in result.code


def test_main_check_is_not_reported() -> None:
    source = 'def f():\n    pass\n\n\nif __name__ == "__main__":\n    f()\n'
    assert keep_module_name(source, "a.b").notes == ()


UNSPLIT = SUBMODULE  # kmpkg/core.py before the split
INIT = "from kmpkg.core._widgets import Widget, cached, log, where\n"


def _write(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def trees(tmp_path: Path) -> dict[str, Path]:
    return {
        "unsplit": _write(
            tmp_path / "unsplit", {"kmpkg/__init__.py": "", "kmpkg/core.py": UNSPLIT}
        ),
        "kept": _write(
            tmp_path / "kept",
            {
                "kmpkg/__init__.py": "",
                "kmpkg/core/__init__.py": INIT,
                "kmpkg/core/_widgets.py": keep_module_name(SUBMODULE, "kmpkg.core").code,
            },
        ),
        "plain": _write(
            tmp_path / "plain",
            {
                "kmpkg/__init__.py": "",
                "kmpkg/core/__init__.py": INIT,
                "kmpkg/core/_widgets.py": SUBMODULE,
            },
        ),
    }


@pytest.fixture
def use_tree(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], Any]]:
    """Import `kmpkg.core` afresh from one of the trees, as if that were the installed version."""
    base = list(sys.path)

    def use(root: Path) -> Any:
        for name in [m for m in sys.modules if m == "kmpkg" or m.startswith("kmpkg.")]:
            monkeypatch.delitem(sys.modules, name)
        monkeypatch.setattr(sys, "path", [str(root), *base])
        import kmpkg.core

        return kmpkg.core

    yield use
    for name in [m for m in sys.modules if m == "kmpkg" or m.startswith("kmpkg.")]:
        del sys.modules[name]


def test_pickles_made_after_the_split_load_against_the_original_module(
    trees: dict[str, Path], use_tree: Callable[[Path], Any]
) -> None:
    core = use_tree(trees["kept"])
    blob = pickle.dumps(core.Widget(3), protocol=2)
    assert repr(core.Widget) == "<class 'kmpkg.core.Widget'>"
    assert (core.log.name, core.where.__module__) == ("kmpkg.core", "kmpkg.core")
    assert b"_widgets" not in blob

    original = use_tree(trees["unsplit"])
    loaded = pickle.loads(blob)
    assert type(loaded) is original.Widget and loaded.size == 3


def test_without_it_new_pickles_name_the_submodule_and_break_against_the_original(
    trees, use_tree
) -> None:
    core = use_tree(trees["plain"])
    blob = pickle.dumps(core.Widget(3), protocol=2)
    assert b"kmpkg.core._widgets" in blob
    use_tree(trees["unsplit"])
    with pytest.raises(ModuleNotFoundError):
        pickle.loads(blob)


def test_old_pickles_load_after_the_split(
    trees: dict[str, Path], use_tree: Callable[[Path], Any]
) -> None:
    blob = pickle.dumps(use_tree(trees["unsplit"]).Widget(5), protocol=2)
    core = use_tree(trees["kept"])
    assert pickle.loads(blob) == core.Widget(5)
