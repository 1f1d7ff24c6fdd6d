"""Planning a split in memory: a class whose part planning could not keep apart from it stays whole."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from refactor_tool.split import generation
from refactor_tool.split.model import SplitOptions

METHODS = "".join(
    f"    def step{i}(self, n):\n        \"\"\"Step {i}.\"\"\"\n        total = n + {i}\n"
    f"        for amount in self.entries:\n            total += amount * {i}\n        return total\n\n"
    for i in range(30))

LEDGER = f'''"""A ledger."""


class Ledger:
    """Amounts in order."""

    def __init__(self):
        self.entries = [1, 2]

{METHODS}
def report(ledger):
    return ledger.step3(1)
'''


def test_a_class_planned_in_the_module_of_its_part_is_left_whole(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """pyparsing's `ParseExpression` and its part use each other while loading, so planning put them in
    one module, whose class statement then imported from that module itself (ImportError when it loaded).
    Here a planner that puts the first part beside its class on every call stands in for that."""
    (tmp_path / "ledger.py").write_text(LEDGER)
    real = generation.plan_modules
    calls = []

    def planner(analysis, *args, parts=None, **kwargs):
        placement = real(analysis, *args, parts=parts, **kwargs)
        calls.append(dict(parts or {}))
        if not parts:
            return placement
        part, (owner, _) = sorted(parts.items())[0]
        units = {i: u for u, members in placement.graph.units.items() for i in members}
        drafts = [replace(d, units=tuple(u for u in d.units if u != units[part])) for d in placement.drafts]
        home = next(n for n, d in enumerate(drafts) if units[owner] in d.units)
        drafts[home] = replace(drafts[home], units=(*drafts[home].units, units[part]))
        return replace(placement, drafts=tuple(drafts))

    monkeypatch.setattr(generation, "plan_modules", planner)
    split = generation.generate_split(tmp_path / "ledger.py", SplitOptions(max_lines=120))
    assert calls[0] and not calls[-1]  # split by body at first, then whole
    texts = [m.text for m in split.generated.modules]
    assert sum(t.count("class Ledger") for t in texts) == 1
    assert any("def step29(" in t and "class Ledger" in t for t in texts)
