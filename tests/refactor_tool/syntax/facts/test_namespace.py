"""Module code that hands its own namespace to other code while the module loads."""

from __future__ import annotations

import pytest

from refactor_tool.syntax.facts import analyze_module

HANDS_OUT = [
    ("import enum\nclass E(enum.IntEnum):\n    A = 1\nE._convert_('E2', __name__, lambda n: n.startswith('X'))\n", True),
    ("def install(ns): ns['x'] = 1\ninstall(globals())\n", True),
    ("import sys\nsetattr(sys.modules[__name__], 'x', 1)\n", True),
    ("globals().update({'x': 1})\n", True),
    ("import sys\ndef later():\n    return sys.modules[__name__]\n", False),
    ("import logging\nlogger = logging.getLogger(__name__)\n", False),
    ("def f(ns=None):\n    return globals()\n", False),
]


@pytest.mark.parametrize(("source", "expected"), HANDS_OUT)
def test_statements_handing_out_their_module_while_it_loads(source: str, expected: bool) -> None:
    analysis = analyze_module(source, "m.py")
    assert analysis.statements[-1].hands_out_module is expected


BINDS_LAMBDA = [
    ("double = lambda x: 2 * x\n", ("double",)),
    ("table = {}\ntable['negate'] = _negate = lambda x: -x\n", ("_negate",)),
    ("import sys\nif sys:\n    frame = lambda: sys._getframe(1)\n", ("frame",)),
    ("import sys\nif sys:\n    str = str\n    loads = lambda s: s\n    call = lambda x: x\nelse:\n"
     "    loads = None\n", ("loads", "call")),
    ("table = {}\ntable['negate'] = lambda x: -x\n", ()),  # data of the module's own code
    ("signatures = dict(abs=[lambda x: None])\n", ()),
    ("CellType = type((lambda x: lambda y: x)(0).__closure__[0])\n", ()),
    ("def key(x):\n    return sorted(x, key=lambda y: -y)\n", ()),
    ("class A:\n    f = lambda self: 1\n", ()),
]


@pytest.mark.parametrize(("source", "expected"), BINDS_LAMBDA)
def test_statements_binding_a_module_global_to_a_lambda(source: str, expected: tuple[str, ...]) -> None:
    assert analyze_module(source, "m.py").statements[-1].lambdas == expected


REGISTERS = [
    ("@register(TypeType)\ndef save_type(p, obj): pass\n", {"register(TypeType)"}),
    ("TypeType = type\n@register(TypeType)\ndef save_type(p, obj): pass\n", {"register(type)"}),
    ("A = type\nB = A\n@Pickler.register(B)\nclass C: pass\n", {"Pickler.register(type)"}),
    ("import copyreg\ncopyreg.pickle(complex, reduce)\n", {"copyreg.pickle(complex)"}),
    ("K = int\nK = str\n@register(K)\ndef f(): pass\n", {"register(K)"}),  # bound twice: no alias
    ("@functools.lru_cache(maxsize=None)\ndef f(): pass\n", set()),
]


@pytest.mark.parametrize(("source", "expected"), REGISTERS)
def test_registrations_are_keyed_by_the_object_they_register(source: str, expected: set[str]) -> None:
    assert analyze_module(source, "m.py").statements[-1].registers == expected


READS_BY_KEY = [
    ("class A:\n    def origin(self):\n        return globals()[self._name]\n", ("origin",), False),
    ("def find(name):\n    return globals().get(name)\n", ("find",), False),
    ("def f():\n    return globals()['__builtins__']\n", ("f",), False),  # dill's _create_function
    ("def names():\n    return sorted(globals())\n", (), True),  # the whole namespace: stays
    ("def put(k, v):\n    globals()[k] = v\n", (), True),  # writes
    ("def f(k):\n    return globals()[k], vars()\n", (), True),  # vars() in a function: its locals
    ("class A:\n    table = globals()['B']\n", (), True),  # runs while loading: stays
]


@pytest.mark.parametrize(("source", "readers", "whole"), READS_BY_KEY)
def test_functions_reading_their_modules_names_by_a_key_when_called(source: str, readers: tuple[str, ...],
                                                                     whole: bool) -> None:
    """typing's `_GenericAlias.__reduce__` reads `globals()[self._name]`: moved, it reads the facade's
    namespace (`split.emit.source.read_facade`); any other use of the namespace keeps the statement there."""
    statement = analyze_module("B = 1\n" + source, "m.py").statements[-1]
    assert statement.namespace_readers == readers
    assert statement.reads_globals is whole
