"""Methods that run while the module loads, moved out of their class: CPython's `enum.py`, in small.

`enum.py` makes its classes with its own metaclass, `EnumType`, whose methods all run while the
module loads (`class Enum(metaclass=EnumType)`), read placeholders bound again later (`Enum = Flag =
... = None`, then `class Enum`), and call `_proto_member.__set_name__`, which reads `Flag` too. Kept
whole, `EnumType` and everything it reads made one 1177-line module. `SHAPED` is that shape: the
metaclass's methods move to part modules, which read the placeholders, and the metaclass itself for
`super()`, in the module holding them, when called; `_member`, reached only through a moved method,
reads them there too.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tool.split.emit.class_parts import plan_class_splits
from refactor_tool.split.emit.source import ParsedModule
from refactor_tool.split.model import SplitOptions
from refactor_tool.split.use_case import apply_split
from refactor_tool.syntax.facts import analyze_module


def _steps(count: int) -> str:
    return "".join(f"        step{k} = {k}  # what step {k} does\n" for k in range(count))


SHAPED = f'''"""Enum-shaped: a metaclass whose methods run while the module makes classes with it."""

Base = Special = None  # placeholders, as enum's `Enum = Flag = ... = None`


class _member:
    """Made by `Meta.__new__` for each member; reads a placeholder when set on its class."""

    def __init__(self, value):
        self.value = value

    def __set_name__(self, owner, name):
        owner._special_ = Special is not None and issubclass(owner, Special)
        setattr(owner, name, self.value)


class Meta(type):
    """Makes classes whose upper-case names are members."""

    def __new__(metacls, name, bases, namespace):
{_steps(25)}        for key in [k for k in namespace if k.isupper()]:
            namespace[key] = _member(namespace[key])
        cls = super().__new__(metacls, name, bases, namespace)
        cls._based_ = Base is not None and issubclass(cls, Base)
        return cls

    def __call__(cls, value):
{_steps(20)}        return getattr(cls, value)

    def __len__(cls):
{_steps(10)}        return len([k for k in vars(cls) if k.isupper()])


class Base(metaclass=Meta):
    """The root of the classes `Meta` makes."""


class Special(Base):
    pass


class Colour(Special):
    RED = 1
    BLUE = 2


class Plain(Base):
    GREEN = 3
'''

PROBE = """
import json, shaped
C, P = shaped.Colour, shaped.Plain
print(json.dumps([C.RED, C("BLUE"), len(C), C._special_, C._based_, P._special_, P._based_,
                  shaped.Base._based_, type(C).__qualname__,
                  type(C).__new__.__qualname__]))
"""


def _probe(root: Path) -> list:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def shaped(tmp_path_factory: pytest.TempPathFactory, split_copy) -> tuple[list, list, dict[str, str]]:
    before, after, result = split_copy(tmp_path_factory.mktemp("shaped"), "shaped", SHAPED, max_lines=70)
    assert result.planned.plan.within_limits, result.planned.plan.limits
    texts = {p.name: p.read_text() for p in (after / "shaped").glob("*.py")}
    return _probe(before), _probe(after), texts


def _holding(texts: dict[str, str], line: str) -> str:
    return next(text for text in texts.values() if line in text)


def test_the_classes_a_moved_metaclass_makes_are_the_ones_the_original_made(shaped) -> None:
    before, after, _ = shaped
    assert after == before
    assert before[:8] == [1, 2, 2, True, True, False, True, False]


def test_the_metaclass_methods_move_and_read_what_they_need_where_it_lives(shaped) -> None:
    _, _, texts = shaped
    kept = _holding(texts, "class Meta(type):")
    assert "def __new__(" not in kept and "from ._meta_new import __new__" in kept
    part = _holding(texts, "    def __new__(metacls, name, bases, namespace):")
    # `super()` names the class, which the part reads where it is, as it reads the placeholder `Base`.
    assert "super(" in part and ".Meta, metacls).__new__(metacls, name, bases, namespace)" in part
    assert "().Base is not None and issubclass(cls, " in part
    assert 'return modules["shaped.' in part


def test_a_class_only_a_moved_method_runs_reads_placeholders_where_they_live(shaped) -> None:
    _, _, texts = shaped
    member = _holding(texts, "class _member:")
    assert "    def __set_name__(self, owner, name):" in member
    assert "().Special is not None and issubclass(owner, " in member


def _plan(source: str, max_lines: int):
    """Each class's plan; a limit far under the classes' methods makes every method that may move move."""
    analysis = analyze_module(source, "m.py")
    splits = plan_class_splits(analysis, ParsedModule(source, "m.py", analysis.statements), max_lines, set())
    return {plan.class_name: plan for plan in splits.plans.values()}


def _method(name: str, lines: int, body: str = "return 1", decorator: str = "") -> str:
    head = f"    {decorator}\n" if decorator else ""
    return head + f"    def {name}(self):\n" + _steps(lines) + f"        {body}\n\n"


def _where(plan) -> tuple[set[str], dict[str, str]]:
    moved = {n for part in plan.parts for n in part.names}
    return moved, {k.name: k.reason.name for k in plan.kept}


def test_zero_argument_super_moves_written_out_unless_it_cannot_be(tmp_path: Path) -> None:
    body = (_method("zero", 12, "return super().who() + __class__.__name__")
            + "    def nested(self):\n        def inner():\n            return __class__.__name__\n"
            + _steps(12) + "        return inner()\n\n" + _method("plain", 12))
    source = (f"def keep(cls):\n    return cls\n\n\nclass Base:\n    def who(self):\n        return 'b'\n\n\n"
              f"class Free(Base):\n{body}\n\n@keep\nclass Decorated(Base):\n{body}")
    (tmp_path / "free.py").write_text(source)
    result = apply_split(tmp_path / "free.py", SplitOptions(max_lines=40, max_new_files=30, allow_dirty=True))
    assert result.ok and result.written, result.verification
    texts = "".join(p.read_text() for p in (tmp_path / "free").glob("*.py"))
    assert "return super(Free, self).who() + Free.__name__" in texts
    probe = "import free; print(free.Free().zero(), free.Free().nested(), free.Free.zero.__qualname__)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["bFree", "Free", "Free.zero"]
    plans = _plan(source, 20)
    moved, kept = _where(plans["Free"])
    assert "zero" in moved and kept == {"nested": "ZERO_ARGUMENT_SUPER"}
    moved, kept = _where(plans["Decorated"])  # the name may not be the class `__class__` is
    assert kept == {"zero": "ZERO_ARGUMENT_SUPER", "nested": "ZERO_ARGUMENT_SUPER"}


def test_sunder_methods_move_from_a_class_binding_no_members_and_stay_beside_members() -> None:
    methods = _method("_generate_next_value_", 12) + _method("_missing_", 12) + _method("other", 12)
    source = (f"class Meta(type):\n    pass\n\n\nclass NoMembers(metaclass=Meta):\n{methods}\n\n"
              f"class Members(metaclass=Meta):\n    RED = 1\n\n{methods}")
    plans = _plan(source, 20)
    moved, kept = _where(plans["NoMembers"])
    assert {"_generate_next_value_", "_missing_"} <= moved and not kept
    _, kept = _where(plans["Members"])
    assert kept == {"_generate_next_value_": "SPECIAL_NAME", "_missing_": "SPECIAL_NAME"}


def test_a_method_run_while_loading_stays_when_it_reads_its_class_or_a_name_bound_again() -> None:
    """Until the package has loaded, a part module has the class's name bound to its own class of
    methods (`datetime`'s `date._cmp` asserts `isinstance(other, date)`); a name of another group
    bound twice may not be bound yet when it runs. One bound once its part imports at its top
    (`check` reads `helper`; `test_body_split_builder`)."""
    methods = (_method("__init__", 12, "self.ready = True") + _method("check", 12, "return helper()")
               + _method("same", 12, "return isinstance(self, Made)") + _method("up", 12, "return super().__repr__()")
               + _method("again", 12, "return twice()") + _method("other", 12))
    source = (f"def helper():\n    return 2\n\n\ndef twice():\n    return 1\n\n\ntwice = helper\n\n\n"
              f"class Made:\n{methods}\n\nmade = Made()\nmade.check(), made.same(), made.up(), made.again()\n")
    moved, kept = _where(_plan(source, 20)["Made"])
    assert {"__init__", "other", "check"} <= moved
    assert kept == {"same": "RUNS_AT_IMPORT", "up": "RUNS_AT_IMPORT", "again": "RUNS_AT_IMPORT"}


def test_a_group_still_over_the_limit_has_its_classes_split_further(tmp_path: Path) -> None:
    """`Base = Special = Other = None` ties the three classes to one group of 85 lines: each is under
    half the limit, so nothing moves at first; asked for as many lines as the group is over, they fit."""
    methods = "".join(_method(f"m{i}", 5) for i in range(3))
    source = ('"""Three classes bound twice."""\n\nBase = Special = Other = None\n\n\n'
              f"class Base:\n{methods}\n\nclass Special(Base):\n{methods}\n\nclass Other(Special):\n{methods}")
    (tmp_path / "tied.py").write_text(source)
    result = apply_split(tmp_path / "tied.py", SplitOptions(max_lines=60, allow_dirty=True))
    assert result.planned.plan.within_limits, result.planned.plan.limits
    assert result.ok and result.written, result.verification
    assert all(len(p.read_text().splitlines()) < 60 for p in (tmp_path / "tied").glob("*.py"))
    done = subprocess.run([sys.executable, "-c", "import tied; print(tied.Other().m2(), tied.Base.m0.__qualname__)"],
                          cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["1", "Base.m0"]


def test_a_part_whose_methods_run_while_loading_counts_the_homes_it_reads_live() -> None:
    from refactor_tool.split.emit.class_rules import LIVE_HOME_LINES, with_live_homes
    from refactor_tool.split.plan.units import build_units

    analysis = analyze_module(SHAPED, "shaped.py")
    header = with_live_homes(lambda reads: 0, analysis, "Meta", build_units(analysis, 69).definer)
    # `Base` and `Special`, bound together, live in one module; `Meta` in its own; `_member` is bound once.
    assert header(frozenset({"Base", "Special", "Meta", "_member"})) == 2 * LIVE_HOME_LINES
    assert header(frozenset({"_member"})) == 0
