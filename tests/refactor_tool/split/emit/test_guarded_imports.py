"""Imports guarded by `try: ... except ImportError` only for names their module may not bind.

datetime defines pure-Python helpers for sure, then `try: from _datetime import * ... else: del (...)`
removes them where the C module loaded. The helpers are in their new module either way; only the
facade's `del`, which runs after the re-exports, decides. Guarding each re-export (4 lines a name)
made datetime's facade 469 lines, over the limit; imported plainly it is 383 and the split exits 0.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tool.split.model import Layout, SplitOptions
from refactor_tool.split.use_case import apply_split

_HELPERS = "".join(
    f'\n\ndef _helper_{n}(value):\n    """Pure-Python stand-in {n}."""\n    total = value\n'
    f"    for step in range({n}):\n        total += step\n    return total\n" for n in range(12))

#: `STAR` is a module that exists (`math`: the helpers are deleted) or not (they stay).
MODULE = '''"""Helpers with a C accelerator."""
{helpers}

def public(value):
    return _helper_3(value) + _helper_11(value)


try:
    from {star} import *
except ImportError:
    pass
else:
    del ({names})
'''

_PROBE = ("import mod; print(sorted(n for n in dir(mod) if not n.startswith('__')), "
          "hasattr(mod, '_helper_3') and mod.public(2))")


def _module(star: str) -> str:
    names = ", ".join(f"_helper_{n}" for n in range(12))
    return MODULE.format(helpers=_HELPERS, star=star, names=names)


def _probe(folder: Path) -> str:
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=folder, capture_output=True, text=True,
                          check=True)
    return done.stdout


@pytest.mark.parametrize("star", ["math", "_no_such_accelerator"])
def test_names_a_later_statement_deletes_are_reexported_without_guards(tmp_path: Path, star: str) -> None:
    (tmp_path / "mod.py").write_text(_module(star))
    before = _probe(tmp_path)
    options = SplitOptions(max_lines=60, allow_dirty=True, layout=Layout.PACKAGE, layout_given=True)
    result = apply_split(tmp_path / "mod.py", options)
    assert result.ok, result.planned.plan.limits
    facade = (tmp_path / "mod" / "__init__.py").read_text()
    assert facade.count("except ImportError") == 1, facade  # the original's own `try`, nothing more
    assert "from ._" in facade and "_helper_0" in facade
    assert _probe(tmp_path) == before  # the helpers deleted (math) or kept (no accelerator) as before


def test_a_name_its_module_binds_on_some_paths_only_stays_guarded(tmp_path: Path) -> None:
    """`try: from json import loads as fast_loads / except ImportError: pass` in the moved code: the
    new module may lack it, so the facade imports it where it exists."""
    text = _module("math").replace('\n\ndef public', '\n\ntry:\n    from json import loads as fast_loads\n'
                                   'except ImportError:\n    pass\n\n\ndef public', 1)
    (tmp_path / "mod.py").write_text(text)
    options = SplitOptions(max_lines=60, allow_dirty=True, layout=Layout.PACKAGE, layout_given=True)
    assert apply_split(tmp_path / "mod.py", options).ok
    facade = (tmp_path / "mod" / "__init__.py").read_text()
    guarded = [b for b in facade.split("try:")[1:] if "fast_loads" in b.split("except")[0]]
    assert guarded, facade
    assert "fast_loads" in _probe(tmp_path)
