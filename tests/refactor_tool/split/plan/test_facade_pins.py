"""What the module users import keeps, and what it must not: bottle 0.13.2 met both.

- Its `Bottle` class (1,000 lines) reads, while its body runs, names the facade keeps; the class stays
  there, and its body still splits into part modules. Those parts were planned as ordinary pieces
  (the link to their class exists only among movable units), so two of them shared a module: two
  `class Bottle:` statements in one file, the second hiding the first, and the split did not import
  (`cannot import name 'remove_hook'`).
- Its `if py3k:` block (58 lines) binds `json_loads = lambda s: ...` among the names every other
  definition uses while loading. Keeping module-level lambdas in the facade (so that dill pickles
  them with their module's namespace) kept that block there, and 1,860 lines with it: a 2,453-line
  `bottle.py`. A lambda stays only where it keeps at most a module's worth of other code there.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import networkx as nx

from refactor_tool.split.emit.class_parts import plan_class_splits
from refactor_tool.split.emit.source import ParsedModule
from refactor_tool.split.model import WarningKind
from refactor_tool.split.plan.parts import LINK, link_parts
from refactor_tool.split.plan.pieces import Pieces, read_pieces
from refactor_tool.split.plan.units import build_units
from refactor_tool.syntax.facts import analyze_module

METHODS = "".join(
    f"    def step{i}(self, n):\n        \"\"\"Step {i} of the ledger.\"\"\"\n        total = n + {i}\n"
    f"        for amount in self.entries:\n            total += amount * {i}\n        return total\n\n"
    for i in range(40))

PINNED_CLASS = f'''"""A ledger whose class reads its own module while its body runs."""

import sys

THIS = sys.modules[__name__]


class Ledger:
    """Amounts in order."""

    home = THIS.__name__

    def __init__(self):
        self.entries = [1, 2]

{METHODS}
def report(ledger):
    return [ledger.step{{0}}(1) for _ in range(2)]
'''

USERS = "".join(
    f"class Codec{i}:\n    \"\"\"Codec {i}.\"\"\"\n    name = text_type('codec{i}')\n\n"
    f"    def encode(self, value):\n        return to_bytes(value) * {i}\n\n"
    f"    def decode(self, value):\n        return loads(value)\n\n\n"
    for i in range(60))

COMPAT_BLOCK = f'''"""Codecs over a compatibility block that binds a lambda among names all of them use."""

import json
import sys

if sys.version_info >= (3,):
    text_type = str
    loads = lambda s: json.loads(s)
    to_bytes = lambda s: s.encode()
else:
    text_type = unicode
    loads = json.loads
    to_bytes = str


{USERS}'''


def _run(root: Path, code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_parts_of_a_class_kept_in_the_facade_get_a_module_each(tmp_path: Path, split_copy) -> None:
    before, work, _ = split_copy(tmp_path, "ledger", PINNED_CLASS.replace("{0}", "3"), max_lines=120, max_new_files=3)
    texts = {p.name: p.read_text() for p in (work / "ledger").glob("*.py")}
    facade = texts.pop("__init__.py")
    assert "class Ledger:" in facade and "home = THIS.__name__" in facade
    holders = {n: t for n, t in texts.items() if "class Ledger:" in t}
    assert len(holders) >= 2, sorted(texts)
    for name, text in holders.items():
        classes = [s for s in ast.parse(text).body if isinstance(s, ast.ClassDef)]
        assert len(classes) == 1, name  # a second `class Ledger:` would hide the first one's methods
    probe = "import ledger; print(ledger.Ledger().step39(1), ledger.Ledger.step7.__qualname__, ledger.report(ledger.Ledger()))"
    assert _run(work, probe) == _run(before, probe)


def test_planning_sees_the_parts_of_a_class_kept_in_the_facade_as_parts() -> None:
    """Each part is a module of its own only if planning knows it for one (`Pieces.parts`)."""
    source = PINNED_CLASS.replace("{0}", "3")
    analysis = analyze_module(source, "ledger.py")
    parsed = ParsedModule(source, "ledger.py", analysis.statements, frozenset())
    splits = plan_class_splits(analysis, parsed, 120, set())
    graph = link_parts(build_units(splits.analysis, 119), splits.links)
    pieces = read_pieces(graph, splits.analysis, splits.hot_uses, splits.links)
    ledger = graph.definer["Ledger"]
    assert ledger in graph.pinned and len(splits.parts) >= 2
    unit_of = {i: unit for unit, members in graph.units.items() for i in members}
    assert pieces.parts() == {pieces.piece_of[unit_of[i]]: None for i in splits.parts}


def test_a_lambda_among_names_everything_uses_moves_with_them(tmp_path: Path, split_copy) -> None:
    before, work, result = split_copy(tmp_path, "codecs_compat", COMPAT_BLOCK, max_lines=200)
    facade = (work / "codecs_compat" / "__init__.py").read_text()
    assert "loads = lambda" not in facade and len(facade.splitlines()) < 200
    assert result.planned.plan.within_limits, result.planned.plan.limits
    moved = [w for w in result.planned.plan.warnings if w.kind is WarningKind.LAMBDA_MOVED]
    assert [w.message.split(" (")[0] for w in moved] == ["loads, to_bytes"]
    probe = "import codecs_compat as c; print(c.Codec7().encode('ab'), c.Codec59.name, c.Codec3().decode('[1]'))"
    assert _run(work, probe) == _run(before, probe)


def test_a_piece_holding_both_a_class_and_its_part_is_no_part_module() -> None:
    """pyparsing's `ParseExpression` part uses, while loading, code of the group of classes that use
    each other (`ParserElement`, `Token`, ...): part and class end up in one piece of 27 units. That
    piece is planned as any other (taken for a part, it lost its features: KeyError in naming)."""
    units = nx.DiGraph()
    units.add_edge(1, 2, names={LINK})  # class unit 1 imports its part, unit 2, while its body runs
    units.add_edge(3, 4, names={LINK})  # class unit 3 stays in the facade; its part is unit 4
    graph = SimpleNamespace(graph=units, pinned=frozenset({3}))
    together = SimpleNamespace(part="_a_part", units=(1, 2))
    alone = SimpleNamespace(part="_b_part", units=(4,))
    pieces = Pieces.__new__(Pieces)
    object.__setattr__(pieces, "pieces", {1: together, 4: alone})
    object.__setattr__(pieces, "hard", nx.DiGraph())
    object.__setattr__(pieces, "graph", graph)
    assert pieces.parts() == {4: None}
