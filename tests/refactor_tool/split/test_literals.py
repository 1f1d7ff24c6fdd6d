"""Tables of plain values over the limit, `before -> after`: parts joined once at import give the
same type, order and value; a display whose elements could bind a name or read one later is left alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tool.split.literals import plan_literal_split, render_literal
from refactor_tool.split.model import LimitKind, SplitOptions
from refactor_tool.split.plan.sizes import wrap_from_import
from refactor_tool.split.use_case import apply_split


def _split(text: str, capacity: int = 5):
    plan = plan_literal_split(text, capacity=capacity, part_name=lambda n: f"_t_{n}", format_import=wrap_from_import)
    return plan, (render_literal(plan, text, format_import=wrap_from_import) if plan else None)


def _joined(kept: str, parts: list[str], name: str) -> object:
    """What the joining statement evaluates to, each part standing for its module."""
    namespace: dict[str, object] = {}
    for number, part in enumerate(parts, start=1):
        values: dict[str, object] = {}
        exec(part, values)
        namespace[f"_t_{number}"] = type("Part", (), {name: values[name]})
    exec(kept.split("\n", 1)[1], namespace)  # the first line is `from . import _t_1, ...`
    return namespace[name]


ROWS = "".join(f"    {i!r}: {i * i},  # row {i}\n" for i in range(12))
CASES = {
    "dict": "TABLE = {\n" + ROWS + "}\n",
    "dict with a later duplicate key": "TABLE = {\n" + ROWS + "    3: 'last wins',\n}\n",
    "list": "TABLE = [\n" + "".join(f"    'item {i}',\n" for i in range(12)) + "]\n",
    "tuple": "TABLE = (\n" + "".join(f"    ({i}, 'x'),\n" for i in range(12)) + ")\n",
    "set": "TABLE = {\n" + "".join(f"    {i},\n" for i in range(12)) + "}\n",
    "annotated": "TABLE: dict[str, int] = {\n" + ROWS + "}\n",
    "first element on the bracket line": "TABLE = {'first': 0,\n" + ROWS + "         }\n",
    "values over several lines": "TABLE = {\n" + "".join(
        f"    {i}: ('a'\n          'b{i}'),\n" for i in range(8)) + "}\n",
}


@pytest.mark.parametrize("case", list(CASES))
def test_parts_joined_give_the_same_type_order_and_value(case: str) -> None:
    text = CASES[case]
    plan, (kept, parts) = _split(text)
    assert plan is not None and len(parts) >= 2
    original: dict[str, object] = {}
    exec(text, original)
    joined = _joined(kept, parts, "TABLE")
    assert type(joined) is type(original["TABLE"])
    assert joined == original["TABLE"]
    assert list(joined) == list(original["TABLE"])  # order too (and a duplicate key's place)
    assert all(len(p.splitlines()) <= 5 + 2 for p in parts)


#: A value over the capacity that is itself a display: idna's `codepoint_classes = {"PVALID": (...1,200
#: lines...), "CONTEXTJ": (...), ...}`; it is cut into runs of its own elements.
LONG = "".join(f"        0x{i:X},  # code point {i}\n" for i in range(14))
NESTED = {
    "dict of tuples": 'TABLE = {\n    "A": (1, 2),\n    "PVALID": (\n' + LONG + '    ),\n    "B": (3,),\n    "C": (4,),\n}\n',
    "dict, the long value first": 'TABLE = {\n    "PVALID": (\n' + LONG + '    ),\n    "B": (3,),\n}\n',
    "dict of a dict": "TABLE = {\n    'x': 0,\n    'inner': {\n" + "".join(f"        {i}: {i * i},\n" for i in range(14))
                      + "    },\n}\n",
    "list of lists": "TABLE = [\n    [0],\n    [\n" + LONG + "    ],\n    [1],\n]\n",
    "tuple of a set": "TABLE = (\n    {\n" + LONG + "    },\n    'after',\n)\n",
}


@pytest.mark.parametrize("case", list(NESTED))
def test_a_nested_display_over_the_limit_is_cut_in_its_own_elements(case: str) -> None:
    text = NESTED[case]
    plan, (kept, parts) = _split(text)
    assert plan is not None and len(parts) >= 3
    assert any(p.inner >= 0 for p in plan.parts) and all(len(p.splitlines()) <= 5 + 2 for p in parts)
    original: dict[str, object] = {}
    exec(text, original)
    joined = _joined(kept, parts, "TABLE")
    assert joined == original["TABLE"] and list(joined) == list(original["TABLE"])
    assert [type(v) for v in (joined.values() if isinstance(joined, dict) else joined)] == \
        [type(v) for v in (original["TABLE"].values() if isinstance(original["TABLE"], dict) else original["TABLE"])]
    assert "".join(parts).count("# code point") == (14 if "code point" in text else 0)


def test_a_nested_display_joins_as_a_person_would_write_it() -> None:
    """before -> after: the long entry keeps its key and spreads its parts; the rest spread as before."""
    _, (kept, _) = _split(NESTED["dict of tuples"])
    assert kept.split("\n", 1)[1] == \
        'TABLE = {**_t_1.TABLE, "PVALID": (*_t_2.TABLE, *_t_3.TABLE, *_t_4.TABLE), **_t_5.TABLE}\n'


def test_a_nested_display_too_long_for_one_file_splits_end_to_end(tmp_path: Path) -> None:
    """idna's shape: one entry of a dict is a tuple of 150 lines (the limit is 80)."""
    rows = "".join(f"        0x{i:X},\n" for i in range(150))
    source = ('"""Code points."""\n\nclasses = {\n    "PVALID": (\n' + rows + '    ),\n    "CONTEXTJ": (0x200C,),\n}\n'
              "\n\ndef allowed(cp):\n    return cp in classes['PVALID']\n")
    (tmp_path / "cps.py").write_text(source)
    result = apply_split(tmp_path / "cps.py", SplitOptions(max_lines=80, allow_dirty=True))
    assert result.ok and result.planned.plan.within_limits, result.planned.plan.limits
    written = [Path(p) for p in result.written if Path(p).exists()]
    assert len(written) >= 3 and all(len(p.read_text().splitlines()) < 80 for p in written)
    probe = "import cps; print(len(cps.classes['PVALID']), list(cps.classes), cps.allowed(0x95), type(cps.classes['PVALID']))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "150 ['PVALID', 'CONTEXTJ'] True <class 'tuple'>"


def test_comments_travel_with_their_rows() -> None:
    _, (_, parts) = _split(CASES["dict"])
    assert "# row 0" in parts[0] and "# row 11" in parts[-1]
    assert "".join(parts).count("# row") == 12


#: Elements that are calls, names and operators: pickletools' `opcodes = [I(name=..., ...), ...]`.
CALLS = "TABLE = [\n" + "".join(f"    I(name={i!r}, code=CODES[{i}] + 1, arg=-ARG),\n" for i in range(12)) + "]\n"


def test_a_table_of_calls_splits_and_its_calls_run_once_each_in_order() -> None:
    plan, (kept, parts) = _split(CALLS)
    assert plan is not None and len(parts) >= 2
    calls: list[int] = []

    def record(name: int, code: int, arg: int) -> tuple[int, int, int]:
        calls.append(name)
        return name, code, arg

    names = {"I": record, "CODES": list(range(100, 112)), "ARG": 7}
    original = dict(names)
    exec(CALLS, original)
    assert calls == list(range(12))
    calls.clear()
    namespace: dict[str, object] = {}
    for number, part in enumerate(parts, start=1):
        values = dict(names)
        exec(part, values)  # each part module, imported in order by the joining statement
        namespace[f"_t_{number}"] = type("Part", (), {"TABLE": values["TABLE"]})
    exec(kept.split("\n", 1)[1], namespace)
    assert calls == list(range(12))
    assert namespace["TABLE"] == original["TABLE"] and type(namespace["TABLE"]) is list


@pytest.mark.parametrize("text", [
    "TABLE = {\n    **OTHER,\n" + ROWS + "}\n",
    "TABLE = [\n" + "".join(f"    (n := {i}),\n" for i in range(12)) + "]\n",  # binds a name
    "TABLE = [\n" + "".join(f"    lambda: NAME + {i},\n" for i in range(12)) + "]\n",  # reads NAME later
    "TABLE = [\n" + "".join(f"    [x for x in NAME[{i}]],\n" for i in range(12)) + "]\n",
    "TABLE = dict(\n" + "".join(f"    k{i}={i},\n" for i in range(12)) + ")\n",  # a call, not a display
    "A = B = {\n" + ROWS + "}\n",
    "TABLE = {\n    0: 0,\n}\n",
])
def test_what_is_not_a_table_of_plain_values_is_left_alone(text: str) -> None:
    assert _split(text)[0] is None


def test_a_table_too_long_for_one_file_is_split_and_behaves_the_same(tmp_path: Path) -> None:
    rows = "".join(f"    'key{i}': ({i}, 'value {i}'),\n" for i in range(150))
    source = f'"""Tables."""\n\nSMALL = 1\n\nBIG = {{\n{rows}}}\n\n\ndef lookup(key):\n    return BIG[key]\n'
    (tmp_path / "tables.py").write_text(source)
    result = apply_split(tmp_path / "tables.py", SplitOptions(max_lines=80, allow_dirty=True))
    assert result.ok and result.planned.plan.within_limits, result.planned.plan.limits
    written = [Path(p) for p in result.written if Path(p).exists()]
    assert len(written) >= 3 and all(len(p.read_text().splitlines()) < 80 for p in written)
    probe = "import tables; print(len(tables.BIG), list(tables.BIG)[149], tables.lookup('key7'), tables.SMALL)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["150", "key149", "(7,", "'value", "7')", "1"]


def test_the_joining_statement_imports_its_parts_from_where_they_are() -> None:
    """A table kept in a module outside the parts' package (a shim's facade) imports them from it."""
    text = CASES["list"]
    plan, (kept, _) = _split(text)
    assert kept.startswith("from . import _t_1")
    far, _ = render_literal(plan, text, format_import=wrap_from_import, package="_mod_parts")
    assert far.startswith("from _mod_parts import _t_1") and far.split("\n", 1)[1] == kept.split("\n", 1)[1]


ALIAS = "I = OpcodeInfo\n"


def _opcodes_module(deleted: bool, binding: str = ALIAS) -> str:
    """pickletools' shape: a class, an alias, a long list of calls of the alias (and `del I` after it)."""
    rows = "".join(f"    I(name='OP{i}', code={i}, doc='''opcode {i}\n    spread over two lines'''),\n"
                   for i in range(60))
    return ('"""Opcodes."""\n\n\nclass OpcodeInfo:\n    def __init__(self, name, code, doc):\n'
            "        self.name, self.code, self.doc = name, code, doc\n\n\n" + binding +
            f"opcodes = [\n{rows}]\n" + ("del I\n" if deleted else "") +
            "\n\ndef code_of(name):\n    return {o.name: o.code for o in opcodes}[name]\n")


PROBE = ("import ops; print(len(ops.opcodes), ops.opcodes[59].name, ops.code_of('OP41'), "
         "type(ops.opcodes[0]).__name__, hasattr(ops, 'I'))")


@pytest.mark.parametrize("deleted", [False, True], ids=["alias kept", "alias deleted after the table"])
def test_a_table_of_calls_splits_end_to_end_and_its_parts_import_what_they_call(tmp_path: Path, deleted: bool) -> None:
    """`del I` after the table (pickletools): a part could not import `I` from a module that no longer
    has it, so the parts call what `I` stands for, `OpcodeInfo`, and say so; `I` is gone as before."""
    (tmp_path / "ops.py").write_text(_opcodes_module(deleted=deleted))
    result = apply_split(tmp_path / "ops.py", SplitOptions(max_lines=80, allow_dirty=True))
    assert result.ok and result.planned.plan.within_limits, result.planned.plan.limits
    written = [Path(p) for p in result.written if Path(p).exists()]
    assert all(len(p.read_text().splitlines()) < 80 for p in written)
    parts = [p.read_text() for p in written if p.name.startswith("_opcodes_")]
    assert len(parts) >= 2
    if deleted:
        assert all("OpcodeInfo(name=" in p and " I(" not in p and "deletes `I` after it" in p for p in parts)
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["60", "OP59", "41", "OpcodeInfo", str(not deleted)]


def test_a_table_reading_a_deleted_name_that_is_no_plain_alias_is_not_split_and_says_so(tmp_path: Path) -> None:
    """`def I(...)` then `del I`: no name to read instead, so the table stays whole and the finding names it."""
    binding = "def I(name, code, doc):\n    return OpcodeInfo(name, code, doc)\n\n\n"
    (tmp_path / "ops.py").write_text(_opcodes_module(deleted=True, binding=binding))
    result = apply_split(tmp_path / "ops.py", SplitOptions(max_lines=80, allow_dirty=True))
    limits = result.planned.plan.limits
    assert [f.kind for f in limits] == [LimitKind.FILE_TOO_LARGE], limits
    assert "`opcodes`" in limits[0].message and "cannot be split" in limits[0].message
