"""split_large_classes, `before -> after`: what moves into mixins, what stays, and what is refused."""

from __future__ import annotations

import textwrap

import pytest

from refactor_tool.errors import InputError, PlanError
from refactor_tool.split.classes.split_class import KeepReason, split_large_classes

BEFORE = '''\
# header
from abc import ABCMeta


class Shape(Base, metaclass=ABCMeta):
    """A shape."""

    sides = 0

    def __init__(self, size):
        self.size = size

    # Area and perimeter.
    def area(self):
        return self._square() * 2

    def _square(self):
        return self.size ** 2

    def perimeter(self):
        return self.size * self.sides

    @property
    def label(self):
        return self._label

    @label.setter
    def label(self, value):
        self._label = value
    name = label

    def grow(self):
        return super().grow()
'''

AFTER = '''\
# header
from abc import ABCMeta


class _ShapePartLabel:
    """4 methods of `Shape`, moved out of its body to keep files small; it inherits them."""

    # Area and perimeter.
    def area(self):
        return self._square() * 2

    def _square(self):
        return self.size ** 2

    def perimeter(self):
        return self.size * self.sides

    @property
    def label(self):
        return self._label

    @label.setter
    def label(self, value):
        self._label = value
    name = label


class Shape(_ShapePartLabel, Base, metaclass=ABCMeta):
    """A shape."""

    sides = 0

    def __init__(self, size):
        self.size = size

    def grow(self):
        return super().grow()
'''


def test_before_after() -> None:
    result = split_large_classes(BEFORE, 24)
    assert result.code == AFTER
    [change] = result.mro_changes
    assert (change.class_name, change.line) == ("Shape", 5)
    assert change.old_bases == ("Base",)
    assert change.new_bases == ("_ShapePartLabel", "Base")
    [mixin] = change.mixins
    assert mixin.methods == ("area", "_square", "perimeter", "label", "name")
    assert mixin.line_count == 21  # the class statement in AFTER spans lines 5-25
    assert (change.old_line_count, change.new_line_count) == (29, 10)
    assert {(k.name, k.reason) for k in change.kept} == {
        ("__init__", KeepReason.CONSTRUCTOR),
        ("grow", KeepReason.SUPER),
    }
    assert change.new_mro(("Shape", "Base", "object")) == (
        "Shape",
        "_ShapePartLabel",
        "Base",
        "object",
    )


def test_class_without_bases_gets_parentheses_and_only_what_is_needed_moves() -> None:
    methods = "".join(f"    def m{i}(self):\n        return {i}\n\n" for i in range(10))
    before = f"class Plain:\n{methods}"
    result = split_large_classes(before, 20)
    [change] = result.mro_changes
    assert f"class Plain({', '.join(m.name for m in change.mixins)}):" in result.code
    assert change.old_bases == ()
    assert change.new_line_count <= 20
    assert all(m.line_count <= 20 for m in change.mixins)
    moved = [name for m in change.mixins for name in m.methods]
    assert sorted(moved + [f"m{i}" for i in range(10) if f"m{i}" not in moved]) == sorted(
        f"m{i}" for i in range(10)
    )
    assert len(moved) < 10  # the class keeps what fits


def test_small_classes_and_unselected_classes_are_untouched() -> None:
    assert split_large_classes(BEFORE, 100).code == BEFORE
    assert split_large_classes(BEFORE, 100).mro_changes == ()
    assert split_large_classes(BEFORE, 24, class_names=[]).code == BEFORE
    two = BEFORE + "\n\n" + BEFORE.split("\n\n\n", 1)[1].replace("class Shape", "class Other")
    result = split_large_classes(two, 24, class_names=["Other"])
    assert [c.class_name for c in result.mro_changes] == ["Other"]
    assert result.code.startswith(BEFORE)


def test_unknown_class_name_is_a_plan_error() -> None:
    with pytest.raises(PlanError, match="Missing"):
        split_large_classes(BEFORE, 24, class_names=["Missing"])


def _class(body: str, header: str = "class Big:") -> str:
    return f"{header}\n{textwrap.indent(textwrap.dedent(body), '    ')}"


def _padding(count: int, prefix: str = "pad") -> str:
    return "".join(f"def {prefix}{i}(self):\n    return {i}\n\n" for i in range(count))


def _moved(source: str, max_lines: int = 20) -> set[str]:
    result = split_large_classes(source, max_lines, strict=False)
    return {name for change in result.mro_changes for m in change.mixins for name in m.methods}


@pytest.mark.parametrize(
    ("body", "stays", "reason"),
    [
        (
            "def helper(self):\n    return 1\nalias = property(helper)\n",
            "helper",
            KeepReason.DEFINITION_TIME,
        ),
        (
            "def deco(f):\n    return f\n@deco\ndef used(self):\n    return 1\n",
            "used",
            KeepReason.USES_CLASS_BODY,
        ),
        ("LIMIT = 3\ndef f(self, n=LIMIT):\n    return n\n", "f", KeepReason.USES_CLASS_BODY),
        ("def f(self):\n    return self.__secret\n", "f", KeepReason.MANGLED),
        ("def __helper(self):\n    return 1\n", "__helper", KeepReason.MANGLED),
        ("def f(self):\n    return __class__\n", "f", KeepReason.SUPER),
        (
            "def f(self):\n    return super().g()\ndef g(self):\n    return 2\n",
            "g",
            KeepReason.SUPER_TARGET,
        ),
        ("@abc.abstractmethod\ndef f(self):\n    ...\n", "f", KeepReason.ABSTRACT),
        ("def __init_subclass__(cls):\n    pass\n", "__init_subclass__", KeepReason.CLASS_HOOK),
        ("def __eq__(self, other):\n    return True\n", "__eq__", KeepReason.CLASS_HOOK),
        (
            "@classmethod\ndef _missing_(cls, value):\n    return None\n",
            "_missing_",
            KeepReason.SPECIAL_NAME,
        ),
    ],
)
def test_what_must_stay(body: str, stays: str, reason: KeepReason) -> None:
    source = _class(body + _padding(12))
    result = split_large_classes(source, 20, strict=False)
    [change] = result.mro_changes
    assert stays not in {name for m in change.mixins for name in m.methods}
    assert (stays, reason) in {(k.name, k.reason) for k in change.kept}


def test_special_methods_stay_while_ordinary_ones_are_enough() -> None:
    source = _class("def __len__(self):\n    return 3\n" + _padding(12))
    assert "__len__" not in _moved(source)


def test_special_methods_move_when_the_class_cannot_fit_otherwise() -> None:
    source = _class(_padding(12, prefix="__op").replace("(self)", "__(self)"))
    assert _moved(source) & {f"__op{i}__" for i in range(12)}


def test_dataclass_fields_and_special_methods_stay() -> None:
    body = "x: int = 0\ny: int = 1\ndef __repr__(self):\n    return 'r'\n" + _padding(12)
    source = _class(body, header="@dataclass\nclass Big:")
    result = split_large_classes(source, 20, strict=False)
    moved = _moved(source)
    assert "__repr__" not in moved
    assert moved
    assert "    x: int = 0\n    y: int = 1\n" in result.code.split("class Big(")[1]


def test_enum_special_methods_stay() -> None:
    body = "A = 1\ndef __str__(self):\n    return 's'\n" + _padding(12)
    source = _class(body, header="class Big(enum.Enum):")
    assert "__str__" not in _moved(source)


def test_named_tuple_is_refused_with_class_and_line() -> None:
    source = "import typing\n\n" + _class(_padding(12), header="class Big(typing.NamedTuple):")
    with pytest.raises(PlanError) as caught:
        split_large_classes(source, 20)
    assert caught.value.line == 3
    assert "class Big (line 3)" in caught.value.message
    assert "NamedTuple" in caught.value.message


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ("class Big(typing.Protocol):", "Protocol"),
        ("class Big(TypedDict, total=False):", "TypedDict"),
        ("class Big(metaclass=EnumType):", "metaclass EnumType"),
        ("class Big(Base, metaclass=registry.Meta):", "metaclass registry.Meta"),
    ],
)
def test_classes_that_take_no_mixins_are_refused(header: str, named: str) -> None:
    with pytest.raises(PlanError, match=named):
        split_large_classes(_class(_padding(12), header=header), 20, strict=False)


@pytest.mark.parametrize(
    "header", ["class Big(metaclass=abc.ABCMeta):", "class Big(metaclass=type):"]
)
def test_abcmeta_and_type_metaclasses_are_fine(header: str) -> None:
    assert _moved(_class(_padding(12), header=header))


def test_refusal_names_what_holds_the_class_back() -> None:
    body = "".join(f"def f{i}(self):\n    return super().f{i}()\n\n" for i in range(12))
    source = "\n" + _class(body)
    with pytest.raises(PlanError) as caught:
        split_large_classes(source, 20)
    message = caught.value.message
    assert caught.value.line == 2
    assert "class Big (line 2)" in message
    assert "super()" in message
    assert "f0 (line 3" in message


def test_a_method_longer_than_any_mixin_is_refused_in_strict_mode() -> None:
    long_body = "".join(f"    x{i} = {i}\n" for i in range(30))
    source = _class(f"def long(self):\n{long_body}    return 0\n" + _padding(3))
    with pytest.raises(PlanError, match="method long"):
        split_large_classes(source, 20)
    relaxed = split_large_classes(source, 20, strict=False)
    assert relaxed.mro_changes[0].mixins[0].line_count > 20


def test_names_do_not_clash_with_module_names() -> None:
    source = "_BigPartPad = 1\n\n\n" + _class(_padding(12))
    result = split_large_classes(source, 20)
    names = [m.name for c in result.mro_changes for m in c.mixins]
    assert "_BigPartPad" not in names
    assert len(set(names)) == len(names)


def test_syntax_error_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        split_large_classes("class A:\n    def f(:\n", 10)
    assert caught.value.line == 2
