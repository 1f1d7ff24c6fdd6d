"""Split classes behave like the originals: a generated 800-line class and real standard-library classes.

Each test executes the original and the split source side by side and compares what instances do,
what `isinstance` says, and that `__mro__` changed exactly as the report claims.
"""

from __future__ import annotations

import ast
import inspect
import sys
import types

import pytest

from refactor_tool.errors import PlanError
from refactor_tool.split.classes.split_class import ClassSplit, MroChange, split_large_classes


def _cluster(c: int, size: int) -> str:
    """A cluster of methods calling one another, a property with its setter, class and static methods."""
    lines = []
    for j in range(size):
        nxt = f"self.c{c}_m{j + 1}(n + 1)" if j + 1 < size else f"n * {c + 1} + self.BASE"
        lines += [
            f"    def c{c}_m{j}(self, n=0):",
            f'        """Step {j} of cluster {c}."""',
            f"        # a comment kept verbatim ({c}, {j})",
            f"        return {nxt}",
            "",
        ]
    lines += [
        "    @property",
        f"    def c{c}_value(self):",
        f"        return self._v{c} if hasattr(self, '_v{c}') else self.c{c}_m0()",
        "",
        f"    @c{c}_value.setter",
        f"    def c{c}_value(self, value):",
        f"        self._v{c} = value",
        "",
        "    @classmethod",
        f"    def c{c}_make(cls):",
        f"        return cls({c})",
        "",
        "    @staticmethod",
        f"    def c{c}_pure(x=DEFAULT):",
        f"        return x * {c}",
        "",
    ]
    return "\n".join(lines) + "\n"


def synthetic(clusters: int = 12, size: int = 10) -> str:
    body = "".join(_cluster(c, size) for c in range(clusters))
    return (
        "DEFAULT = 7\n\n\n"
        "class Base:\n    def base_only(self):\n        return 'base'\n\n\n"
        "class Big(Base):\n"
        '    """A generated class far over the limit."""\n\n'
        "    BASE = 100\n\n"
        "    def __init__(self, seed=1):\n        self.seed = seed\n\n"
        "    def __eq__(self, other):\n        return isinstance(other, Big) and other.seed == self.seed\n\n"
        "    def __hash__(self):\n        return hash(self.seed)\n\n"
        "    def __len__(self):\n        return self.seed\n\n"
        "    def describe(self):\n        return super().base_only() + str(self.seed)\n\n"
        f"{body}"
    )


def _run(code: str, name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    sys.modules[name] = module
    try:
        exec(compile(code, f"{name}.py", "exec"), module.__dict__)
    finally:
        del sys.modules[name]
    return module


def _plain(value: object) -> object:
    """Instances of the two `Big`s compare by class name and state."""
    seed = getattr(value, "seed", None)
    return value if seed is None else (type(value).__name__, seed)


def _assert_mro(change: MroChange, old: type, new: type) -> None:
    old_names = tuple(c.__name__ for c in old.__mro__)
    assert tuple(c.__name__ for c in new.__mro__) == change.new_mro(old_names)
    assert tuple(c.__name__ for c in new.__bases__) == change.new_bases


def _assert_sizes(result: ClassSplit, max_lines: int) -> None:
    spans = {
        n.name: n.end_lineno - n.lineno + 1
        for n in ast.parse(result.code).body
        if isinstance(n, ast.ClassDef)
    }
    for change in result.mro_changes:
        assert spans[change.class_name] == change.new_line_count <= max_lines
        for mixin in change.mixins:
            assert spans[mixin.name] == mixin.line_count <= max_lines


def test_synthetic_class_of_800_lines_behaves_the_same() -> None:
    source = synthetic()
    assert 800 <= len(source.splitlines()) <= 900
    result = split_large_classes(source, 200)
    [change] = result.mro_changes
    _assert_sizes(result, 200)
    old, new = _run(source, "synthetic_old"), _run(result.code, "synthetic_new")
    _assert_mro(change, old.Big, new.Big)
    a, b = old.Big(3), new.Big(3)
    assert isinstance(b, new.Big) and isinstance(b, new.Base)
    assert all(isinstance(b, getattr(new, m.name)) for m in change.mixins)
    assert dir(a) == dir(b)
    names = [n for n in dir(a) if n.startswith("c") and callable(getattr(a, n))]
    assert len(names) == 12 * (10 + 2)  # ten steps, a classmethod and a staticmethod per cluster
    assert [_plain(getattr(a, n)()) for n in names] == [_plain(getattr(b, n)()) for n in names]
    assert type(b.c4_make()) is new.Big
    for c in range(12):
        assert getattr(a, f"c{c}_value") == getattr(b, f"c{c}_value")
        setattr(a, f"c{c}_value", c)
        setattr(b, f"c{c}_value", c)
        assert getattr(a, f"c{c}_value") == getattr(b, f"c{c}_value") == c
    assert (a.describe(), len(a), hash(a)) == (b.describe(), len(b), hash(b))
    assert b == new.Big(3) and b != new.Big(4)
    moved = {name for m in change.mixins for name in m.methods}
    assert {"__init__", "__eq__", "__hash__", "describe"}.isdisjoint(moved)
    assert "# a comment kept verbatim (5, 3)" in result.code


def test_slots_class_keeps_its_instance_layout() -> None:
    source = synthetic(clusters=4).replace("class Base:\n", "class Base:\n    __slots__ = ()\n")
    source = source.replace(
        "    BASE = 100\n", "    BASE = 100\n    __slots__ = ('seed', '_v0', '_v1', '_v2', '_v3')\n"
    )
    result = split_large_classes(source, 100)
    new = _run(result.code, "slots_new")
    instance = new.Big(2)
    assert not hasattr(instance, "__dict__")
    with pytest.raises(AttributeError):
        instance.anything_else = 1
    assert instance.c3_m0() == _run(source, "slots_old").Big(2).c3_m0()


def _split_stdlib(
    module: types.ModuleType, classes: list[str]
) -> tuple[ClassSplit, types.ModuleType]:
    source = inspect.getsource(module)
    result = split_large_classes(source, 400, class_names=classes)
    assert [c.class_name for c in result.mro_changes] == classes
    _assert_sizes(result, 400)
    return result, _run(result.code, f"split_{module.__name__}")


def test_refusal_on_a_real_class_names_mangling_and_the_methods() -> None:
    import difflib

    with pytest.raises(PlanError) as caught:
        split_large_classes(inspect.getsource(difflib), 60, class_names=["SequenceMatcher"])
    error = caught.value
    assert error.line == inspect.getsourcelines(difflib.SequenceMatcher)[1]
    assert error.message.startswith(f"class SequenceMatcher (line {error.line})")
    assert "mangles" in error.message and "set_seq2" in error.message


def test_stdlib_enum_base_is_refused_for_its_metaclass() -> None:
    import enum

    with pytest.raises(PlanError) as caught:
        split_large_classes(inspect.getsource(enum), 150, strict=False)
    assert caught.value.line == inspect.getsourcelines(enum.Enum)[1]
    assert "class Enum" in caught.value.message and "metaclass EnumType" in caught.value.message


def test_argparse_argument_parser() -> None:
    import argparse

    result, split = _split_stdlib(argparse, ["ArgumentParser"])
    [change] = result.mro_changes
    _assert_mro(change, argparse.ArgumentParser, split.ArgumentParser)

    def build(mod: types.ModuleType) -> argparse.ArgumentParser:
        parser = mod.ArgumentParser(prog="tool", description="Does things.")
        parser.add_argument("--count", type=int, default=1, help="how many")
        parser.add_argument("-v", "--verbose", action="count", default=0)
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--fast", action="store_true")
        group.add_argument("--slow", action="store_true")
        sub = parser.add_subparsers(dest="command")
        run = sub.add_parser("run", help="run it")
        run.add_argument("paths", nargs="+")
        return parser

    old, new = build(argparse), build(split)
    argv = ["--count", "3", "-vv", "--fast", "run", "a", "b"]
    assert vars(old.parse_args(argv)) == vars(new.parse_args(argv))
    assert old.format_help() == new.format_help()
    assert old.format_usage() == new.format_usage()
    assert (
        old.parse_known_args(["--count", "2", "run", "x", "--zzz"])[1]
        == new.parse_known_args(["--count", "2", "run", "x", "--zzz"])[1]
    )
    with pytest.raises(SystemExit):
        new.parse_args(["--fast", "--slow", "run", "x"])


def test_tarfile_tar_file_round_trips_with_the_original() -> None:
    import io
    import tarfile

    result, split = _split_stdlib(tarfile, ["TarInfo", "TarFile"])
    for change in result.mro_changes:
        _assert_mro(change, getattr(tarfile, change.class_name), getattr(split, change.class_name))

    def write(mod: types.ModuleType) -> bytes:
        buffer = io.BytesIO()
        with mod.open(fileobj=buffer, mode="w:gz") as archive:
            for name, data in [("a.txt", b"alpha"), ("dir/b.bin", bytes(range(256)))]:
                info = mod.TarInfo(name)
                info.size, info.mtime = len(data), 1_700_000_000
                archive.addfile(info, io.BytesIO(data))
        return buffer.getvalue()

    def read(mod: types.ModuleType, blob: bytes) -> list[tuple[str, int, bytes]]:
        with mod.open(fileobj=io.BytesIO(blob), mode="r:gz") as archive:
            return [(m.name, m.size, archive.extractfile(m).read()) for m in archive.getmembers()]

    written_old, written_new = write(tarfile), write(split)
    assert read(tarfile, written_new) == read(split, written_old) == read(tarfile, written_old)


def test_pydecimal_decimal_and_context() -> None:
    import _pydecimal

    result, split = _split_stdlib(_pydecimal, ["Decimal", "Context"])
    for change in result.mro_changes:
        _assert_mro(
            change, getattr(_pydecimal, change.class_name), getattr(split, change.class_name)
        )
    for mod in (_pydecimal, split):
        mod.setcontext(mod.Context(prec=30))
    values = ["1.1", "-2.5", "3.14159", "1E+5", "0.0001", "NaN", "-Infinity", "7"]

    def compute(mod: types.ModuleType) -> list[str]:
        out = []
        for text in values:
            d = mod.Decimal(text)
            out += [str(d + 1), str(d * d), repr(d.copy_negate()), str(abs(d)), d.to_eng_string()]
            if d.is_finite() and d > 0:
                out += [
                    str(d.sqrt()),
                    str(d.ln()),
                    str(d.exp()),
                    str(d.quantize(mod.Decimal("0.01"))),
                ]
                out += [format(d, ".5e"), str(round(d, 2)), str(d**3), str(d.log10())]
        out.append(str(mod.getcontext().divide(mod.Decimal(1), mod.Decimal(7))))
        return out

    assert compute(_pydecimal) == compute(split)
    assert hash(split.Decimal("2.5")) == hash(_pydecimal.Decimal("2.5"))
