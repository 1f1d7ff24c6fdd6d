"""Which methods run while a module loads (they stay in the class statement when its body splits)."""

from __future__ import annotations

import ast

import pytest

from refactor_tool.split.classes.import_time import (
    methods_run_at_import,
    names_read,
    run_while_loading,
)

SOURCE = '''
class Gen:
    def __init__(self):
        self.seed(1)

    def seed(self, x):
        self.x = x

    def choice(self, seq):
        return seq[self.x]

    def shuffle(self, seq):
        seq.reverse()

    @property
    def state(self):
        return self.x


_inst = Gen()
choice = _inst.choice
state = _inst.state
order = _inst.shuffle([1, 2])
'''


def test_binding_a_method_runs_nothing_calling_it_or_reading_a_property_does() -> None:
    """random.py's `choice = _inst.choice` binds; `_inst.shuffle(...)` runs; a property's getter runs."""
    hot = methods_run_at_import(ast.parse(SOURCE), {"Gen"}, set())["Gen"]
    assert hot == {"__init__", "seed", "shuffle", "state"}


def test_setting_a_property_built_with_property_runs_its_setter() -> None:
    """bottle's `status = property(_get_status, _set_status)`: `self.status = ...` in `__init__` runs
    `_set_status` while `response = LocalResponse()` runs at import."""
    source = '''
class Response:
    def __init__(self):
        self.status = 200

    def _get_status(self):
        return self._status

    def _set_status(self, value):
        self._status = LINES[value]

    def _unused(self):
        return 0

    status = property(_get_status, _set_status)
    copy = _get_status


response = Response()
current = response.copy
'''
    tree = ast.parse(source)
    hot = methods_run_at_import(tree, {"Response"}, set())
    assert {"__init__", "status"} <= hot["Response"] and "_unused" not in hot["Response"]
    assert "LINES" in names_read(tree, hot)["Response"]


PARSER = '''
class Element:
    def __or__(self, other):
        return Either(self, other)

    def __neg__(self):
        return self

    def parse(self, text):
        return self.parse_impl(text)

    def parse_impl(self, text):
        return text

    def unused(self):
        return 0


class Either(Element):
    def __init__(self, *parts):
        self.parts = parts

    def parse_impl(self, text):
        return [p.parse(text) for p in self.parts]


class Word(Element):
    pass


def expand(text):
    return grammar.parse(text)


grammar = Word() | Word()
expanded = expand("abc")
'''


def test_operators_at_import_run_their_methods_and_overrides_of_what_runs_run_too() -> None:
    """pyparsing: `Regex(...) | Regex(...)` at import runs `__or__`; `srange(...)` at import calls
    `_reBracketExpr.parse_string` on a value of unknown type, whose `self.parseImpl` runs a subclass's."""
    hot = methods_run_at_import(ast.parse(PARSER), {"Element", "Either", "Word"}, {"expand"})
    assert {"__or__", "parse", "parse_impl"} <= hot["Element"]
    assert "parse_impl" in hot["Either"]
    assert "unused" not in hot["Element"] and "__neg__" not in hot["Element"]



GRAMMAR = '''
class Element:
    def __add__(self, other):
        return Sequence(self, other)

    def __xor__(self, other):
        return Longest(self, other)

    def __invert__(self):
        return self

    def named(self, name):
        self.name = name
        return self

    def unused(self):
        return 0


class Sequence(Element):
    def __init__(self, *parts):
        self.parts = parts


class Longest(Element):
    def __init__(self, *parts):
        self.parts = parts


class Word(Element):
    def __init__(self, chars):
        self.chars = chars
'''


@pytest.mark.parametrize(("top_level", "run"), [
    ('quoted = (Word("a") + \'"\').named("double") ^ (Word("b") + "\'").named("single")',
     {"__add__", "__xor__", "named"}),
    ('pair = Word("a") + Word("b")\nnamed = pair.named("pair")\neither = named ^ ~pair',
     {"__add__", "__xor__", "__invert__", "named"}),
])
def test_operators_on_what_operators_and_methods_of_the_module_return_run_their_methods(
        top_level: str, run: set[str]) -> None:
    """pyparsing's core: `(Regex(..) + '"').set_name(..) ^ (...)` at import runs `ParserElement.__xor__`
    on the `And` that `__add__` made and `set_name` returned; missed, the split did not import
    (`unsupported operand type(s) for ^: 'And' and 'And'`). Also through names bound to such values."""
    hot = methods_run_at_import(ast.parse(GRAMMAR + top_level), {"Element", "Sequence", "Longest", "Word"}, set())
    assert hot["Element"] == run
    assert hot["Sequence"] == hot["Longest"] == hot["Word"] == {"__init__"}


NUMBERS = '''
class Number:
    def __new__(cls, value):
        if isinstance(value, float):
            value = Number.from_float(value)
        self = object.__new__(cls)
        self.digits = value.exp
        return self

    @classmethod
    def from_float(cls, value):
        return cls(str(value))

    def __sub__(self, other):
        return self.adjusted()

    def adjusted(self):
        return 0

    def exp(self):
        return 1


def convert(value):
    return value.exp()


MODULUS = 2 ** 61 - 1
INVERSE = pow(10, MODULUS - 2, MODULUS)
ONE = Number(1)
converted = convert(3)
'''


def test_operators_and_calls_on_values_of_unknown_type_run_no_method_of_the_module() -> None:
    """_pydecimal: `pow(10, _PyHASH_MODULUS - 2, ...)` on ints runs no `Decimal.__sub__`, and a function
    run at import calling `.exp()` on its argument runs no `Decimal.exp`: counted, they kept most of
    Decimal in its class statement (a 1,905-line module). Nor does `value.exp` in `__new__` on a
    parameter that only one path rebinds to a `Decimal` (`value = Decimal.from_float(value)`)."""
    hot = methods_run_at_import(ast.parse(NUMBERS), {"Number"}, {"convert"})
    assert hot["Number"] == {"__new__", "from_float"}


INHERITED = '''
class _Base:
    def _make_mask(self, bits):
        return Address(bits)

    def unused(self):
        return Address(0)


class Network(_Base):
    def __init__(self, bits):
        self.mask = self._make_mask(bits)


class Address(_Base):
    def __init__(self, bits):
        self.bits = bits


class _Constants:
    local = Network(16)
'''


def test_a_method_reached_through_self_may_be_defined_in_a_base_class() -> None:
    """ipaddress: `_IPv4Constants` makes an `IPv4Network` while the module loads, whose `__init__` runs
    `self._make_netmask`, defined in `_BaseV4`, which needs `IPv4Address` then."""
    hot = methods_run_at_import(ast.parse(INHERITED), {"_Base", "Network", "Address"}, set())
    assert hot == {"_Base": {"_make_mask"}, "Network": {"__init__"}, "Address": {"__init__"}}


BUILDER = '''
class Builder:
    def __init__(self, cls):
        self.cls = cls

    def add_init(self):
        self.cls.__init__ = make_init(self.cls)
        return self

    def add_repr(self):
        return self

    def build(self):
        return self.cls


def make_init(cls):
    return script_for(cls)


def define(maybe_cls=None, *, slots=False):
    def wrap(cls):
        builder = Builder(cls)
        finished: Builder = builder.add_init()
        return finished.build()

    return wrap if maybe_cls is None else wrap(maybe_cls)


@define(slots=True)
class Point:
    x: int
'''


def test_methods_called_on_what_a_function_run_at_import_makes_run_too() -> None:
    """attrs' `_make.py`: `@attrs(slots=True, unsafe_hash=True)` at import runs `attrs`, whose `wrap` does
    `builder = _ClassBuilder(..)` then `builder.add_init()`, which calls `_make_init` and so
    `_attrs_to_init_script`; missed, that name was bound late and the split did not import
    (`NameError: name '_attrs_to_init_script' is not defined`)."""
    tree = ast.parse(BUILDER)
    hot = methods_run_at_import(tree, {"Builder", "Point"}, {"define"})
    assert hot["Builder"] == {"__init__", "add_init", "build"}
    assert "make_init" in names_read(tree, hot)["Builder"]


#: dateutil's `rrule.py`: `rrule.__init__` rebinds `easter` (`global easter; from dateutil import easter`),
#: which `_iterinfo` reads, so the plan's units tie `rrule`, `_iterinfo` and `_rrulestr` (the same with
#: `parser`) together; `rrulestr = _rrulestr()` runs at import, `rrule` is named only in a method of
#: `_rrulestr` nothing calls then.
RULES = '''
easter = None


class rrule:
    def __init__(self, freq):
        global easter
        self.freq = freq
        self._build()

    def _build(self):
        self.info = _iterinfo(self)


class _iterinfo:
    def __init__(self, rule):
        self.mask = easter


class _rrulestr:
    def _parse_rfc(self, text):
        return rrule(text)

    def __call__(self, text):
        return self._parse_rfc(text)


rrulestr = _rrulestr()
'''


def _statements(source: str):
    from refactor_tool.syntax.facts import analyze_module

    return analyze_module(source, "rules.py").statements


def test_a_class_named_only_in_methods_nothing_runs_at_import_is_not_reached() -> None:
    tree = ast.parse(RULES)
    hot = run_while_loading(tree, _statements(RULES))
    assert hot == {"_rrulestr": frozenset()}


def test_a_class_a_method_run_at_import_makes_is_reached_with_what_its_methods_run() -> None:
    source = RULES + "daily = rrulestr('DAILY')\n"
    tree = ast.parse(source)
    hot = run_while_loading(tree, _statements(source))
    assert hot["_rrulestr"] == {"__call__", "_parse_rfc"}
    assert hot["rrule"] == {"__init__", "_build"} and hot["_iterinfo"] == {"__init__"}


ALIASES = '''
class _Base:
    def __getitem__(self, params):
        return _Alias(self, params)


class _Special(_Base):
    pass


class _Alias(_Base):
    def __ror__(self, left):
        return (left, self)

    def __reduce__(self):
        return (self,)


Callable = _Special()


def dataclass_transform(field_specifiers: tuple[type | Callable[..., int], ...] = ()):
    return field_specifiers
'''


def test_an_operator_in_a_functions_annotation_runs_where_it_is_defined() -> None:
    """typing: `tuple[type[Any] | Callable[..., Any], ...]` in `dataclass_transform`'s signature runs
    `_GenericAlias.__ror__` on what `Callable[...]` (an instance of the module) returns."""
    hot = methods_run_at_import(ast.parse(ALIASES), {"_Base", "_Special", "_Alias"}, set())
    assert "__ror__" in hot["_Alias"] and "__reduce__" not in hot["_Alias"]
