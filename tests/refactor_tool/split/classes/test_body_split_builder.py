"""A class whose methods run while the module loads, built by a decorator: attrs' `_make.py`, in small.

attrs decorates one of its own classes (`@attrs(...) class _AndValidator`, whose body calls
`attrib()`), so `attrs` runs `_ClassBuilder(...)` and its methods while the module loads; they read
helpers of the module (`_transform_attrs`, `_make_init`, `_make_repr`...). `attrib` calls `and_`
for a list of validators, and `and_` makes an `_AndValidator`. Split with the default options, that
left a 971-line `_builder.py`: the builder's methods that run while loading and read other names
stayed in its class (456 lines), and the class, the decorator, `attrib`, `and_` and the decorated
class made one group of definitions that use each other while loading (935 lines), tied only by
`attrib` -> `and_`, which no call made while the module loads can reach: `and_` is defined after
the last statement that may run `attrib`. `SHAPED` is that shape.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tool.split.emit.class_parts import plan_class_splits
from refactor_tool.split.emit.source import ParsedModule
from refactor_tool.split.plan.parts import link_parts
from refactor_tool.split.plan.pieces import read_pieces
from refactor_tool.split.plan.units import build_units
from refactor_tool.syntax.facts import analyze_module

LIMIT = 90


def _steps(count: int, indent: str = "        ") -> str:
    return "".join(f"{indent}step{k} = {k}  # what step {k} does\n" for k in range(count))


SHAPED = f'''"""Builder-shaped: a decorator builds classes with a builder class while the module loads."""


class _Field:
    """What `field()` returns: collected by `_collect` when its class is built."""

    def __init__(self, validator):
        self.validator = validator


def field(validator=None):
    """A field; a list of validators runs them all (`both`)."""
{_steps(12, "    ")}    if isinstance(validator, list):
        validator = both(*validator)
    return _Field(validator)


def _collect(cls, auto=False):
    """The names of `cls`'s fields; with `auto`, fields made for its plain annotations too."""
{_steps(12, "    ")}    found = [name for name, value in vars(cls).items() if isinstance(value, _Field)]
    if auto:
        found += [name for name in getattr(cls, "__annotations__", {{}}) if field() and name not in found]
    return found


def _make_repr(names):
    """A `__repr__` showing the fields `names`."""
{_steps(12, "    ")}    def __repr__(self):
        return type(self).__name__ + "(" + ", ".join(f"{{n}}={{getattr(self, n)!r}}" for n in names) + ")"
    return __repr__


def _make_init(names):
    """An `__init__` taking the fields `names` in order."""
{_steps(12, "    ")}    order = _init_order(names)

    def __init__(self, *values):
        for name, value in zip(order, values):
            setattr(self, name, value)
    return __init__


class _Builder:
    """Builds one class: collects its fields, then adds the methods asked for."""

    def __init__(self, cls):
{_steps(14)}        self._cls = cls
        self._names = _collect(cls)

    def add_repr(self):
{_steps(14)}        self._cls.__repr__ = _make_repr(self._names)
        return self

    def add_init(self):
{_steps(14)}        self._cls.__init__ = _make_init(self._names)
        return self

    def build(self):
{_steps(14)}        self._cls.__fields__ = tuple(self._names)
        return self._cls

    def describe(self):
{_steps(14)}        return f"<builder of {{self._cls.__name__}}>"


def _init_order(names):
    """The order `__init__` takes the fields `names` in."""
{_steps(30, "    ")}    return list(names)


def define(cls):
    """The class decorator: `__init__` and `__repr__` for the fields of `cls`."""
{_steps(12, "    ")}    return _Builder(cls).add_repr().add_init().build()


@define
class _Both:
    """Runs every validator of `validators`."""

    validators = field()

    def __call__(self, value):
        return all(v(value) for v in self.validators)


def both(*validators):
    """A validator running all of `validators`."""
    return _Both(validators)
'''

PROBE = """
import json, shaped
b = shaped._Both([bool, callable])
f = shaped.field([bool])
print(json.dumps([repr(b).startswith("_Both(validators="), b(print), b(0), shaped._Both.__fields__,
                  type(f.validator).__name__, shaped._Builder.add_init.__qualname__,
                  shaped._Builder(shaped._Both).describe()]))
"""


def _probe(root: Path) -> list:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def shaped(tmp_path_factory: pytest.TempPathFactory, split_copy):
    before, after, result = split_copy(tmp_path_factory.mktemp("builder"), "shaped", SHAPED, max_lines=LIMIT,
                                       max_new_files=30)
    texts = {p.name: p.read_text() for p in (after / "shaped").glob("*.py")}
    return _probe(before), _probe(after), texts, result


def test_every_file_is_under_the_limit_and_the_module_behaves_as_before(shaped) -> None:
    before, after, texts, result = shaped
    assert result.planned.plan.within_limits, result.planned.plan.limits
    assert {name: len(text.splitlines()) for name, text in texts.items() if len(text.splitlines()) >= LIMIT} == {}
    assert after == before
    assert before == [True, True, False, ["validators"], "_Both", "_Builder.add_init", "<builder of _Both>"]
    # `field` gets `both` as any function gets a name used only when called: no call while loading reads it.
    assert not [name for name, text in texts.items() if "modules[" in text]


def test_the_builder_methods_that_run_while_loading_move_and_import_what_they_read(shaped) -> None:
    _, _, texts, _ = shaped
    kept = next(text for text in texts.values() if "class _Builder:" in text and "import add_" in text)
    assert "def add_repr(" not in kept and "def add_init(" not in kept
    part = next(text for text in texts.values() if "    def add_init(self):" in text)
    # Imported at its top, from a module the plan loads first: they run while the package loads.
    assert "\nfrom ._" in part and "_make_init" in part.split("\n\n__name__")[0]


def _analysed():
    analysis = analyze_module(SHAPED, "shaped.py")
    splits = plan_class_splits(analysis, ParsedModule(SHAPED, "shaped.py", analysis.statements), LIMIT, set())
    graph = link_parts(build_units(splits.analysis, LIMIT - 1), splits.links)
    return splits, graph


def test_a_call_no_code_run_while_loading_can_make_does_not_tie_the_group() -> None:
    splits, graph = _analysed()
    pieces = read_pieces(graph, splits.analysis, splits.hot_uses, splits.links)
    group = {name for key in {pieces.piece_of[graph.definer[n]] for n in ("field", "both", "_Both", "define")}
             for name in pieces.pieces[key].names}
    assert "both" not in {n for p in pieces.pieces.values() if "field" in p.names for n in p.names}
    assert "_Builder" not in group
    from refactor_tool.split.plan.cycles import load_order

    order = load_order(graph, splits.analysis, splits.hot_uses)
    # `field` runs in `_Both`'s body, the last statement that runs code; `both` is bound after it.
    assert order.unbound_when_run(graph.definer["field"], "both")
    assert not order.unbound_when_run(graph.definer["field"], "_Field")


ELEMENT = f'''"""Element-shaped: an operator of the base class, run while loading, makes a subclass."""


class Element:
    """A named element; `a + b` pairs two."""

    def __init__(self, name):
        self.name = name

    def __add__(self, other):
{_steps(14)}        return Pair(self, other)

    def describe(self):
{_steps(14)}        return "element " + self.name

    def shout(self):
{_steps(14)}        return self.name.upper()


class Pair(Element):
    """Two elements as one."""

    def __init__(self, left, right):
        super().__init__(left.name + right.name)


ab = Element("a") + Element("b")
'''


def test_a_method_whose_imports_would_make_its_part_import_its_class_stays(tmp_path: Path, split_copy) -> None:
    """`Element.__add__` runs while loading and makes a `Pair`, which derives from `Element`: imported
    at the top of its part, `Pair` would make the part need its own class. It is planned again with
    such methods kept in the class (`cautious`), and the others move."""
    before, after, _ = split_copy(tmp_path, "element", ELEMENT, max_lines=40, max_new_files=30)
    probe = "import element; print(element.ab.name, type(element.ab).__name__, element.ab.describe())"
    outputs = [subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True, text=True,
                              check=True).stdout for root in (before, after)]
    assert outputs[0] == outputs[1] == "ab Pair element ab\n"
    texts = [p.read_text() for p in (after / "element").glob("*.py")]
    # `Pair` may load apart from `Element` (its module binds `Pair` into `Element`'s once defined).
    kept = next(text for text in texts if "    def __add__(self, other):" in text)
    assert "compiled as such here" not in kept and "class Element:" in kept and "    def describe(self):" not in kept
    assert any("compiled as such here" in text and "    def describe(self):" in text for text in texts)
