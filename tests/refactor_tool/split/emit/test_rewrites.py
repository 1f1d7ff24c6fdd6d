"""Rewrites the split makes to moved code: relative imports at the new depth, classes split into mixins."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactor_tool.split.model import ClassSplitMode, Layout, SplitOptions
from refactor_tool.split.use_case import apply_split, plan_split


def _package(root: Path, core: str) -> Path:
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text("")
    (root / "pkg" / "helpers.py").write_text("def one():\n    return 1\n")
    (root / "pkg" / "core.py").write_text(core)
    return root / "pkg" / "core.py"


def test_relative_imports_inside_functions_and_try_blocks_are_shifted(tmp_path: Path, run_python) -> None:
    pad = "    # pad\n" * 30
    core = (
        "try:\n    from .helpers import one\nexcept ImportError:\n    one = None\n\n\n"
        f"def lazy():\n    from . import helpers\n{pad}    return helpers.one() + one()\n\n\n"
        f"def other():\n{pad}    return 2\n"
    )
    path = _package(tmp_path, core)
    result = apply_split(path, SplitOptions(max_lines=45))
    texts = "".join(Path(m.path).read_text() for m in result.planned.plan.modules)
    assert "from ..helpers import one" in texts and "from .. import helpers" in texts
    run = run_python(tmp_path, "import pkg.core as c; print(c.lazy(), c.other())")
    assert run.stdout.split() == ["2", "2"], run.stderr


def test_split_classes_turns_a_huge_class_into_mixins_and_reports_the_mro(tmp_path: Path, run_python) -> None:
    methods = "".join(f"    def m{i}(self):\n" + "        x = 1\n" * 8 + f"        return {i}\n\n" for i in range(30))
    path = _package(tmp_path, f"class Big:\n    '''Many methods.'''\n\n{methods}\n\ndef use():\n    return Big().m29()\n")
    without = plan_split(path, SplitOptions(max_lines=120, layout=Layout.SHIM, split_classes=ClassSplitMode.NONE))
    assert any("Big" in w.message and "cannot get under" in w.message for w in without.plan.warnings)
    result = apply_split(path, SplitOptions(max_lines=120, split_classes=ClassSplitMode.MIXINS, layout=Layout.SHIM))
    assert [change.name for change in result.planned.changed_classes] == ["Big"]
    assert [change.split(" ", 1)[0] for change in result.planned.mro_changes] == ["Big"]
    assert all(m.lines < 120 for m in result.planned.plan.modules)
    run = run_python(tmp_path, "import pkg.core as c; print(c.use(), c.Big().m0(), len(c.Big.__mro__) > 2)")
    assert run.stdout.split() == ["29", "0", "True"], run.stderr


def test_a_late_star_import_still_overrides_what_precedes_it(tmp_path: Path, run_python) -> None:
    pad = "    # pad\n" * 25
    (tmp_path / "_fastmath.py").write_text("def double(x):\n    return ('fast', 2 * x)\n")
    (tmp_path / "slowmath.py").write_text(
        f"def double(x):\n{pad}    return ('slow', 2 * x)\n\n\n"
        f"def triple(x):\n{pad}    return 3 * x\n\n\n"
        "try:\n    from _fastmath import *\nexcept ImportError:\n    pass\n\n"
        "twice = double\n"
    )
    probe = "import slowmath as m; print(m.double(1)[0], m.twice(1)[0], m.twice is m.double)"
    expected = run_python(tmp_path, probe).stdout
    for layout in (Layout.PACKAGE, Layout.SHIM):
        work = tmp_path / layout.value
        work.mkdir()
        for name in ("_fastmath.py", "slowmath.py"):
            (work / name).write_text((tmp_path / name).read_text())
        apply_split(work / "slowmath.py", SplitOptions(max_lines=40, layout=layout))
        assert run_python(work, probe).stdout == expected == "fast fast True\n"


def test_module_code_that_mutates_or_deletes_keeps_its_order(tmp_path: Path, run_python) -> None:
    pad = "    # pad\n" * 20
    (tmp_path / "_fastclock.py").write_text("class Zone:\n    fast = True\n")
    source = (
        f"class Zone:\n{pad}    fast = False\n\n\n"
        "UTC = Zone.utc = Zone()\n\n"
        f"def _make(kind):\n{pad}    return (kind, Zone.utc is UTC)\n\n\n"
        "I = _make\nTABLE = [I('a'), I('b')]\ndel I\n\n\n"
        f"def later():\n{pad}    return TABLE\n\n\n"
        "try:\n    from _fastclock import *\nexcept ImportError:\n    pass\nelse:\n    del _make\n"
    )
    (tmp_path / "clock.py").write_text(source)
    probe = ("import clock as c; print(c.Zone.fast, c.later(), hasattr(c, '_make'), hasattr(c, 'I'), "
             "c.UTC is not None)")
    expected = run_python(tmp_path, probe).stdout
    assert expected.startswith("True [('a', True), ('b', True)] False False True")
    for layout in (Layout.PACKAGE, Layout.SHIM):
        work = tmp_path / layout.value
        work.mkdir()
        for name in ("_fastclock.py", "clock.py"):
            (work / name).write_text((tmp_path / name).read_text())
        result = apply_split(work / "clock.py", SplitOptions(max_lines=40, layout=layout))
        assert len(result.planned.plan.modules) >= 2
        run = run_python(work, probe)
        assert run.stdout == expected, run.stderr


@pytest.mark.parametrize("layout", [Layout.PACKAGE, Layout.SHIM])
def test_classes_using_each_other_only_when_called_are_split_and_bound_late(tmp_path: Path, layout: Layout,
                                                                           run_python) -> None:
    pad = "".join(f"    x{i} = {i}\n" for i in range(40))
    source = (f"class Context:\n    def command(self):\n        return Command()\n{pad}\n\n"
              f"class Command:\n    def context(self):\n        return Context()\n{pad}\n\n"
              "def make():\n    return Context().command().context()\n\n\n"
              'if __name__ == "__main__":\n    print(type(make()).__name__)\n')
    (tmp_path / "engine.py").write_text(source)
    probe = "import engine as e; print(type(e.make()).__name__, sorted(n for n in dir(e) if not n.startswith('__')))"
    expected = run_python(tmp_path, probe).stdout
    work = tmp_path / "after"
    work.mkdir()
    (work / "engine.py").write_text(source)
    result = apply_split(work / "engine.py", SplitOptions(max_lines=60, layout=layout))
    homes = {old: new.rpartition(".")[0] for old, new in result.planned.plan.moves}
    assert homes["engine.Context"] != homes["engine.Command"]
    run = run_python(work, probe)
    assert run.stdout == expected and expected.startswith("Context "), run.stderr
    assert run_python(work, module="engine").stdout == "Context\n"


def test_module_code_reading_dir_sees_every_name_after_the_split(tmp_path: Path, run_python) -> None:
    pad = "".join(f"    x{i} = {i}\n" for i in range(25))
    source = ('__all__ = ["Reader"]\n\ntry:\n    from json import JSONDecoder\n    __all__.append("JSONDecoder")\n'
              "    HAVE_JSON = True\nexcept ImportError:\n    HAVE_JSON = False\n\n"
              + "".join(f"OP_{i} = {i}\n" for i in range(5))
              + f"\n\nclass Reader:\n    def ok(self):\n        return HAVE_JSON\n{pad}\n\n"
              + f"class Writer:\n    def ops(self):\n        return OP_1\n{pad}\n\n"
              + '__all__.extend([x for x in dir() if x.startswith("OP_")])\n')
    (tmp_path / "codec.py").write_text(source)
    probe = "import codec; print(sorted(codec.__all__), codec.Reader().ok())"
    expected = run_python(tmp_path, probe).stdout
    assert "OP_4" in expected
    for layout in (Layout.PACKAGE, Layout.SHIM):
        work = tmp_path / layout.value
        work.mkdir()
        (work / "codec.py").write_text(source)
        apply_split(work / "codec.py", SplitOptions(max_lines=45, layout=layout))
        run = run_python(work, probe)
        assert run.stdout == expected, run.stderr


@pytest.mark.parametrize("layout", [Layout.PACKAGE, Layout.SHIM])
def test_patches_in_the_projects_tests_still_reach_moved_code(tmp_path: Path, layout: Layout, run_python) -> None:
    """The split finds what the project's tests set on the module and forwards exactly those names."""
    pad = "    # pad\n" * 30
    source = (f"LIMIT = 10\nSTEP = 2\n\n\ndef over(n):\n{pad}    return n > LIMIT\n\n\n"
              f"def read(path):\n{pad}    with open(path) as stream:\n        return stream.read()\n")
    test = ("import sys, unittest.mock as m; import lim\n"
            "before = lim.over(5); lim.LIMIT = 1; after = lim.over(5); del lim.LIMIT\n"
            "with m.patch('lim.open', create=True, return_value=m.mock_open(read_data='fake')()):\n"
            "    patched = lim.read('nowhere')\n"
            "print(before, after, patched, hasattr(lim, 'LIMIT'))\n")
    (tmp_path / "lim.py").write_text(source)
    (tmp_path / "test_lim.py").write_text(test)
    expected = run_python(tmp_path, test).stdout
    assert expected == "False True fake False\n"
    work = tmp_path / "after"
    work.mkdir()
    (work / "lim.py").write_text(source)
    (work / "test_lim.py").write_text(test)
    result = apply_split(work / "lim.py", SplitOptions(max_lines=40, layout=layout))
    assert len(result.planned.plan.modules) >= 2
    assert set(dict(result.planned.plan.forwarded)) == {"LIMIT", "open"}  # not STEP: nothing sets it
    facade = (work / ("lim/__init__.py" if layout is Layout.PACKAGE else "lim.py")).read_text()
    assert "LIMIT (test_lim.py:2), open (test_lim.py:3)" in facade
    run = run_python(work, test)
    assert run.stdout == expected, run.stderr


def test_names_written_through_globals_reach_moved_readers(tmp_path: Path, run_python) -> None:
    pad = "    # pad\n" * 30
    source = ("FLAGS = {1: 'A', 2: 'B'}\n\nmod_dict = globals()\nfor k, v in FLAGS.items():\n"
              "    mod_dict['CO_' + v] = k\ndel k, v, mod_dict\n\n\n"
              f"def first():\n{pad}    return CO_A\n\n\ndef second():\n{pad}    return CO_B\n")
    (tmp_path / "flags.py").write_text(source)
    probe = "import flags; print(flags.first(), flags.second(), flags.CO_A, hasattr(flags, 'mod_dict'))"
    expected = run_python(tmp_path, probe).stdout
    assert expected == "1 2 1 False\n"
    for layout in (Layout.PACKAGE, Layout.SHIM):
        work = tmp_path / layout.value
        work.mkdir()
        (work / "flags.py").write_text(source)
        apply_split(work / "flags.py", SplitOptions(max_lines=45, layout=layout))
        run = run_python(work, probe)
        assert run.stdout == expected, run.stderr


@pytest.mark.parametrize("layout", [Layout.PACKAGE, Layout.SHIM])
def test_names_set_by_code_outside_the_project_still_reach_moved_code(tmp_path: Path, layout: Layout,
                                                                     run_python) -> None:
    """`logging.raiseExceptions = False`, `mock.patch("inspect.getabsfile")` from a user's code the split
    never sees: the facade sets the name in the modules holding it, and a patch undone is undone there."""
    pad = "    # pad\n" * 60  # the facade's helper must fit under the limit too
    source = (f"VERBOSE = False\n\n\ndef helper(x):\n{pad}    return x + 1\n\n\n"
              f"def report(x):\n{pad}    return ('loud' if VERBOSE else 'quiet', helper(x))\n")
    probe = ("import unittest.mock as m; import knobs\n"
             "before = knobs.report(1); knobs.VERBOSE = True; loud = knobs.report(1)\n"
             "with m.patch('knobs.helper', lambda x: -x):\n    patched = knobs.report(1)\n"
             "print(before, loud, patched, knobs.report(1))\n")
    (tmp_path / "knobs.py").write_text(source)
    expected = run_python(tmp_path, probe).stdout
    assert expected == "('quiet', 2) ('loud', 2) ('loud', -1) ('loud', 2)\n"
    work = tmp_path / "after"
    work.mkdir()
    (work / "knobs.py").write_text(source)
    result = apply_split(work / "knobs.py", SplitOptions(max_lines=90, layout=layout, layout_given=True))
    assert len(result.planned.plan.modules) >= 2 and not dict(result.planned.plan.forwarded)


def test_a_global_rebound_in_moved_code_is_served_beside_the_module_own_getattr_and_dir(
        tmp_path: Path, run_python) -> None:
    """The facade's `__getattr__` chains to the module's own, and its own `__dir__` stays in charge."""
    pad = "    # pad\n" * 30
    source = ("__all__ = ['state', 'set_state', 'other']\nstate = 0\n\n\ndef __getattr__(name):\n    return f'lazy {name}'\n\n\n"
              "def __dir__():\n    return ['state', 'set_state', 'extra']\n\n\n"
              f"def set_state(v):\n{pad}    global state\n    state = v\n\n\n"
              f"def other():\n{pad}    return state\n")
    (tmp_path / "mod.py").write_text(source)
    probe = "import mod; mod.set_state(5); print(mod.state, mod.missing, dir(mod))"
    expected = run_python(tmp_path, probe).stdout
    assert expected.startswith("5 lazy missing ['extra', 'set_state', 'state']")
    work = tmp_path / "split"
    work.mkdir()
    (work / "mod.py").write_text(source)
    result = apply_split(work / "mod.py", SplitOptions(max_lines=45))
    assert result.written, result.verification
    run = run_python(work, probe)
    assert run.stdout == expected, run.stderr


SENTINELS = '''import sys


def make_sentinel(name):
    class Sentinel:
        def __repr__(self):
            return name

    Sentinel.__module__ = sys._getframe(1).f_globals["__name__"]
    return Sentinel()
'''


def test_values_named_from_their_callers_frame_keep_the_module_name_in_a_module_of_data(
        tmp_path: Path, run_python) -> None:
    """boltons.socketutils' `_UNSET = make_sentinel(var_name='_UNSET')` and `namedtuple` name the module
    their caller runs in (`sys._getframe(1).f_globals`): moved into a module without definitions, that
    module still sets `__name__`, so they name the old module."""
    pad = "    # pad\n" * 30
    path = _package(tmp_path, (
        "from collections import namedtuple\n\nfrom .sentinels import make_sentinel\n\n"
        "_UNSET = make_sentinel('_UNSET')\nPoint = namedtuple('Point', 'x y')\n\n\n"
        f"def first(value=_UNSET):\n{pad}    return value is _UNSET\n\n\n"
        f"def second():\n{pad}    return Point(1, 2)\n"))
    (tmp_path / "pkg" / "sentinels.py").write_text(SENTINELS)
    plan = tmp_path / "plan.toml"
    plan.write_text('[modules]\n"_sentinels.py" = ["_UNSET"]\n"_points.py" = ["Point"]\n"_code.py" = ["first", "second"]\n')
    result = apply_split(path, SplitOptions(plan_path=plan))
    assert result.written, result.verification
    assert all("__name__ = " in (tmp_path / "pkg" / "core" / name).read_text() for name in ("_sentinels.py", "_points.py"))
    run = run_python(tmp_path, "import pkg.core as c; print(type(c._UNSET).__module__, c.Point.__module__, c.first())")
    assert run.stdout.split() == ["pkg.core", "pkg.core", "True"], run.stderr
