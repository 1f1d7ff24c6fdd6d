"""The class-body split, `before -> after`: a class over the limit keeps its class object exactly.

`BIG` below is a module whose class `Big` is far over a 120-line limit and exercises one point of
the class-body split per table row: the row's expression is evaluated on the original module and on
the split package (each imported in a fresh interpreter), and the two values must be equal.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tool.split.emit.class_parts import plan_class_splits, render_plan
from refactor_tool.split.emit.source import ParsedModule
from refactor_tool.split.model import SplitOptions
from refactor_tool.split.use_case import apply_split
from refactor_tool.syntax.facts import analyze_module

FILLER = "".join(
    f"    def step{i}(self, n=0):\n        \"\"\"Step {i}.\"\"\"\n        total = n + {i}\n"
    f"        total += self.value\n        return self.step{i + 1}(total) if n < 0 else total\n\n"
    for i in range(30)
)

BIG = f'''"""A module whose class is too long for one file."""

import abc
import functools


def logged(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        return function(*args, **kwargs)
    return wrapper


class Registry:
    seen = []

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        Registry.seen.append(cls.__qualname__)


class Named:
    def __set_name__(self, owner, name):
        self.where = (owner.__qualname__, name)

    def __get__(self, instance, owner=None):
        return self.where


class Big(Registry, metaclass=abc.ABCMeta):
    """A big class."""

    LIMIT = 3
    label = Named()

    def __init__(self, value=1):
        self.value = value
        self.__secret = value * 7

    def secret(self):
        """The private value: `self.__secret` is `self._Big__secret`.

        >>> Big.__subclasses__()[0](2).secret()
        14
        """
        return self.__secret

    @property
    def doubled(self):
        return self.value * 2

    @doubled.setter
    def doubled(self, value):
        self.value = value // 2

    @staticmethod
    def pure(x: int, y: int = 2) -> int:
        return x * y

    @classmethod
    def make(cls, value: int = 5) -> "Big":
        return cls(value)

    @logged
    def wrapped(self, n):
        """Wrapped by functools.wraps."""
        return n + self.value

    @abc.abstractmethod
    def shape(self):
        """Each subclass says."""

    def with_default(self, n=LIMIT):
        return n

    def reads_class_constant(self):
        return Big.LIMIT + self.value

    def explicit_super(self):
        return super(Big, self).__repr__()[:1]

    def zero_super(self):
        return super().__repr__()[:1] + __class__.__name__

    def fails(self):
        raise ValueError("from a moved method")

    @functools.cached_property
    def cached(self):
        return self.value + 100

    handlers = {{}}

    def on_x(self):
        """Filed in `handlers` by the class body below; long enough to be moved before `zero_super`."""
        times = self.value
        text = "x"
        for _ in range(3):
            text = text.strip()
        return text * times

    handlers["x"] = on_x

{FILLER}

class Concrete(Big):
    def shape(self):
        return "square"
'''

PROBE = """
import doctest, inspect, json, sys, traceback
import big
B, C = big.Big, big.Concrete
def member(name, value):
    functions = [getattr(value, a, None) for a in ("fget", "fset", "__func__", "func")] + [value]
    found = [f for f in functions if inspect.isfunction(f)]
    f = found[0] if found else None
    return [name, type(value).__name__, f and f.__qualname__, f and f.__module__, f and f.__name__,
            f and f.__doc__, f and str(inspect.signature(f)), f and {k: str(v) for k, v in f.__annotations__.items()}]
def fails():
    try:
        C(1).fails()
    except ValueError as error:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        return [frame.name, frame.line, frame.filename == inspect.getsourcefile(B.fails)]
c = C(1)
c.doubled = 10
rows = {}
for name, expression in json.loads(sys.argv[1]).items():
    try:
        rows[name] = eval(expression)
    except Exception as error:
        rows[name] = {"raised": f"{type(error).__name__}: {error}"}
print(json.dumps(rows, default=repr))
"""

#: One row per point: what must be the same before and after the split.
TABLE = {
    "__mro__": "[k.__qualname__ for k in C.__mro__]",
    "__bases__ and metaclass": "[[k.__qualname__ for k in B.__bases__], type(B).__qualname__]",
    "__init_subclass__ saw each class once": "big.Registry.seen",
    "__set_name__ saw the class itself": "C().label",
    "no new names in the class": "sorted(vars(B))",
    "no new names in the module": "sorted(n for n in dir(big) if not n.startswith('__'))",
    "__qualname__, __module__, __name__, __doc__, signature, annotations": "[member(n, v) for n, v in sorted(vars(B).items())]",
    "property with setter": "[c.value, c.doubled, type(vars(B)['doubled']).__name__]",
    "staticmethod and classmethod": "[type(vars(B)['pure']).__name__, type(vars(B)['make']).__name__, C.pure(4), C.make().value]",
    "functools.wraps": "[B.wrapped.__wrapped__.__qualname__, C(1).wrapped(2)]",
    "abstractmethod": "[sorted(B.__abstractmethods__), sorted(C.__abstractmethods__)]",
    "functools.cached_property": "[C(2).cached, vars(B)['cached'].attrname]",
    "private names mangled as before": "[C(3).secret(), sorted(vars(C(3)))]",
    "class-level name as a default": "C(1).with_default()",
    "a method the class body files in a table": "[B.handlers['x'](C(2)), B.handlers['x'] is B.on_x]",
    "class name read when called": "C(1).reads_class_constant()",
    "super() with and without arguments, __class__": "[C(1).explicit_super(), C(1).zero_super()]",
    "doctests found as before": "sorted(t.name for t in doctest.DocTestFinder().find(big) if '.Big' in t.name)",
    "inspect.getsource": "inspect.getsource(B.secret)",
    "traceback names the real line": "fails()",
}


def _probe(root: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(TABLE)], cwd=root, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def probes(tmp_path_factory: pytest.TempPathFactory, split_copy) -> tuple[dict, dict, Path]:
    before, after, result = split_copy(tmp_path_factory.mktemp("big"), "big", BIG, max_lines=120,
                                       keep_module_name=True)
    assert result.planned.plan.within_limits, result.planned.plan.limits
    assert (after / "big" / "__init__.py").is_file()
    return _probe(before), _probe(after), after


@pytest.mark.parametrize("point", list(TABLE))
def test_the_class_object_is_the_one_the_original_made(probes, point: str) -> None:
    before, after, _ = probes
    assert after[point] == before[point]
    assert not isinstance(before[point], dict), before[point]  # the probe itself works


def test_the_methods_really_moved_and_name_their_part_module(probes) -> None:
    _, after, root = probes
    texts = {p.name: p.read_text() for p in (root / "big").glob("*.py")}
    parts = [name for name, text in texts.items() if "def __getattr__(name):" in text]
    assert parts, texts.keys()
    assert all(len(text.splitlines()) < 120 for text in texts.values())
    holder = next(name for name, text in texts.items() if "class Big(Registry, metaclass=abc.ABCMeta):" in text)
    assert "from ._big_" in texts[holder] and "def secret(self):" not in texts[holder]
    assert 'handlers["x"] = on_x' in texts[holder] and "def on_x(self):" not in texts[holder]
    assert after["traceback names the real line"][2] is True


def test_a_part_module_says_in_words_which_methods_of_which_class_it_holds(probes) -> None:
    _, _, root = probes
    parts = [p for p in (root / "big").glob("*.py") if "def __getattr__(name):" in p.read_text()]
    for part in parts:
        docstring = ast.get_docstring(ast.parse(part.read_text()))
        held = next(n.name for n in ast.parse(part.read_text()).body if isinstance(n, ast.ClassDef))
        assert docstring.startswith(f"`{held}` method"), docstring
        assert "which its class statement binds (split out of `big`)." in " ".join(docstring.split())
        assert "Module code" not in docstring
    facade = (root / "big" / "__init__.py").read_text()
    assert "Big (big.py:" not in facade, facade  # bound into every part by its class's module, not here
    holder = next(p.read_text() for p in (root / "big").glob("*.py") if "class Big(Registry" in p.read_text())
    assert all(f"\n{part.stem}.Big = Big\n" in holder for part in parts), holder


SPECIAL = "".join(
    f"    def {name}(self, *args):\n" + "".join(f"        step{i} = {i}  # padding\n" for i in range(25))
    + f"        return {result}\n\n"
    for name, result in (("__repr__", "'Vec()'"), ("__eq__", "True"), ("__add__", "3"), ("__len__", "4"))
)


def test_special_methods_modules_also_have_are_bound_by_name(tmp_path: Path) -> None:
    """`__repr__`/`__eq__` exist on every module object, so a part module's `__getattr__` is never
    asked for them: it binds them by name (`__add__`, which modules lack, comes through `__getattr__`)."""
    (tmp_path / "vec.py").write_text(f"class Vec:\n    '''Only special methods.'''\n\n{SPECIAL}")
    result = apply_split(tmp_path / "vec.py", SplitOptions(max_lines=60, allow_dirty=True))
    assert result.ok and result.written, result.verification
    texts = "".join(p.read_text() for p in (tmp_path / "vec").glob("*.py"))
    assert '__repr__ = vars(Vec)["__repr__"]' in texts and '__add__ = vars' not in texts
    probe = "import vec; v = vec.Vec(); print(repr(v), v == 1, v + 1, len(v), vec.Vec.__repr__.__qualname__)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["Vec()", "True", "3", "4", "Vec.__repr__"]


def test_a_class_statement_imports_its_parts_from_where_they_are() -> None:
    """A class statement that stays in a shim's facade (`pickle.py`, parts in `_pickle_parts/`) imports
    each part by its absolute name; one in a sibling module, relatively."""
    source = f'"""A class too long for one file."""\n\n\nclass Big:\n    base = 10\n\n{SPECIAL}{SPECIAL.replace("__", "_x")}'
    analysis = analyze_module(source, "big.py")
    parsed = ParsedModule(source, "big.py", analysis.statements, frozenset())
    splits = plan_class_splits(analysis, parsed, 60, set())
    (owner, plan), = splits.plans.items()
    text = parsed.statement(owner, strip_leading=True)
    near, _ = render_plan(plan, text, "big._big")
    far, _ = render_plan(plan, text, "", {p.module: f"_big_parts.{p.module}" for p in plan.parts})
    assert all(f"from .{p.module} import" in near for p in plan.parts), near
    assert all(f"from _big_parts.{p.module} import" in far and f"from .{p.module}" not in far
               for p in plan.parts), far


def _files_under(root: Path, limit: int) -> dict[str, int]:
    return {p.name: len(p.read_text().splitlines()) for p in root.rglob("*.py")
            if len(p.read_text().splitlines()) >= limit}


def test_parts_are_sized_as_written_comments_and_blank_lines_between_methods_included(tmp_path: Path) -> None:
    # Comments after a method's last statement (optparse's `_process_args`) belong to no statement.
    commented = "".join(
        f"    def m{i}(self):\n" + "".join(f"        x{k} = {k}\n" for k in range(3)) + f"        return {i}\n"
        + "".join(f"        # what the loop above leaves, line {k}\n" for k in range(5)) + "\n"
        for i in range(30)
    )
    (tmp_path / "doc.py").write_text(f'"""A class with comments between its methods."""\n\n\nclass Doc:\n{commented}')
    result = apply_split(tmp_path / "doc.py", SplitOptions(max_lines=120, allow_dirty=True))
    assert result.ok and result.written, (result.planned.plan.limits, result.verification)
    assert not _files_under(tmp_path / "doc", 120)
    probe = "import doc; print(doc.Doc().m29(), doc.Doc.m0.__qualname__)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["29", "Doc.m0"]


def test_a_class_that_fits_only_without_its_imports_is_split_too(tmp_path: Path) -> None:
    """Its lines alone are under the limit; with the imports its module needs they are not."""
    imports = "".join(f"import {m}\n" for m in ("abc", "ast", "csv", "dis", "enum", "glob", "html", "json",
                                                  "math", "os", "re", "shlex", "string", "sys", "uuid"))
    uses = ", ".join(m for m in ("abc", "ast", "csv", "dis", "enum", "glob", "html", "json", "math", "os", "re",
                                 "shlex", "string", "sys", "uuid"))
    methods = "".join(f"    def m{i}(self):\n        '''Method {i}.'''\n        return [{uses}][{i % 15}]\n\n"
                      for i in range(22))
    source = f'"""Just under the limit without its imports."""\n\n{imports}\n\nclass Near:\n{methods}'
    (tmp_path / "near.py").write_text(source)
    assert len(source.split("class Near:")[1].splitlines()) + 8 < 100 < len(source.splitlines())
    result = apply_split(tmp_path / "near.py", SplitOptions(max_lines=100, allow_dirty=True))
    assert result.ok and result.written, (result.planned.plan.limits, result.verification)
    assert not _files_under(tmp_path / "near", 100)
