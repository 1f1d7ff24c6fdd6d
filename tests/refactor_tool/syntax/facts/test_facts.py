"""Analysis: what each top-level statement binds and reads, and when (import time vs call time)."""

from __future__ import annotations

import textwrap

import pytest

from refactor_tool.errors import InputError
from refactor_tool.syntax.facts import StatementKind, analyze_module


def _analyse(source: str):
    return analyze_module(textwrap.dedent(source), "m.py")


def _by_name(analysis, name):
    return next(s for s in analysis.statements if name in s.defines)


def test_base_classes_decorators_and_defaults_are_import_time_uses_bodies_are_call_time() -> None:
    analysis = _analyse("""
        def deco(f): return f
        class Base: pass
        DEFAULT = 1
        def helper(): return 2
        @deco
        class C(Base):
            def m(self, x=DEFAULT):
                return helper()
    """)
    c = _by_name(analysis, "C")
    assert {"deco", "Base", "DEFAULT"} <= c.uses_import
    assert "helper" in c.uses_call and "helper" not in c.uses_import


def test_class_body_reading_a_global_it_also_assigns_is_a_use() -> None:
    analysis = _analyse("""
        X = "template"
        class C:
            X = X
    """)
    assert "X" in _by_name(analysis, "C").uses_import


def test_local_names_shadowing_globals_are_not_uses() -> None:
    analysis = _analyse("""
        value = 1
        def f():
            value = 2
            return [value for value in range(3)]
    """)
    assert "value" not in _by_name(analysis, "f").uses


def test_global_rebinding_is_recorded() -> None:
    analysis = _analyse("""
        counter = 0
        def bump():
            global counter
            counter += 1
    """)
    assert _by_name(analysis, "bump").rebinds == {"counter"}


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ('"""doc"""\n', StatementKind.DOCSTRING),
        ("from __future__ import annotations\n", StatementKind.FUTURE),
        ("import os, sys\n", StatementKind.IMPORT),
        ("from os.path import *\n", StatementKind.STAR_IMPORT),
        ("if TYPE_CHECKING:\n    import os\n", StatementKind.TYPE_CHECKING),
        ("if typing.TYPE_CHECKING:\n    import os\n", StatementKind.TYPE_CHECKING),
        ('if __name__ == "__main__":\n    main()\n', StatementKind.MAIN_GUARD),
        ("try:\n    import json\nexcept ImportError:\n    json = None\n", StatementKind.CODE),
        ("if TYPE_CHECKING:\n    X = 1\nelse:\n    X = 2\n", StatementKind.CODE),
    ],
)
def test_statement_kinds(source: str, kind: StatementKind) -> None:
    assert analyze_module(source, "m.py").statements[0].kind is kind


def test_semicolon_joined_statements_form_one_entry() -> None:
    analysis = _analyse("a = 1; b = a\nc = b\n")
    assert [s.defines for s in analysis.statements] == [("a", "b"), ("c",)]


def test_mutations_and_deletions_name_their_targets() -> None:
    analysis = _analyse("""
        class C: pass
        C.size = 4
        registry = []
        registry.append(C)
        tmp = 1
        del tmp
    """)
    mutating = [s.mutates for s in analysis.statements if not s.defines]
    assert ("C",) in mutating and ("registry",) in mutating
    assert analysis.statements[-1].deletes == ("tmp",)
    assert "tmp" not in analysis.final_names()


def test_future_annotations_move_annotation_uses_out_of_import_time() -> None:
    analysis = _analyse("""
        from __future__ import annotations
        class T: pass
        def f(x: T) -> T:
            return x
        class K:
            def m(self, y: T) -> None: ...
    """)
    assert analysis.future_annotations
    f = _by_name(analysis, "f")
    assert "T" in f.uses_annotation and "T" not in f.uses_import
    assert "T" in _by_name(analysis, "K").uses


def test_reads_of_file_name_and_globals_are_flagged() -> None:
    analysis = _analyse("""
        import os
        HERE = os.path.dirname(__file__)
        def log(): return __name__
        def names(): return globals()
    """)
    assert _by_name(analysis, "HERE").reads_file
    assert _by_name(analysis, "log").reads_name
    assert _by_name(analysis, "names").reads_globals


def test_all_is_read_literally() -> None:
    assert _analyse("__all__ = ['a', 'b']\n").all_names == ("a", "b")


def test_syntax_error_names_file_and_line() -> None:
    with pytest.raises(InputError) as caught:
        analyze_module("x = 1\ndef (:\n", "bad.py")
    assert caught.value.one_line().startswith("bad.py:2:")


def test_reading_one_name_through_globals_is_a_read_of_that_name_not_of_the_namespace() -> None:
    analysis = _analyse("""
        if globals().get("__spec__") is not None:
            __spec__.submodule_search_locations = []
        flag = globals()["DEBUG"]
        names = sorted(globals())
    """)
    spec, flag, names = analysis.statements
    assert not spec.introspects and "__spec__" in spec.uses_import
    assert not flag.introspects and "DEBUG" in flag.uses_import
    assert names.introspects


def test_setattr_and_loop_bodies_mutate_the_object_they_reach() -> None:
    analysis = _analyse("""
        class Moves: pass
        items = []
        for item in items:
            setattr(Moves, item.name, item)
        if items:
            registry.append(items)
    """)
    loop, branch = analysis.statements[2:]
    assert "Moves" in loop.mutates
    assert "registry" in branch.mutates


def test_a_global_bound_by_an_import_inside_a_function_is_rebound() -> None:
    """dateutil's rrule: `global easter` then `from dateutil import easter` rebinds the module's
    `easter`, which `_iterinfo` reads: the two must share the module that holds `easter`."""
    analysis = _analyse("""
        easter = None
        class Rule:
            def __init__(self):
                global easter
                if not easter:
                    from dateutil import easter
        class Info:
            def rebuild(self, year):
                return easter.easter(year)
    """)
    assert "easter" in _by_name(analysis, "Rule").rebinds
    assert "easter" in _by_name(analysis, "Info").uses_call
