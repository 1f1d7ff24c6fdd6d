"""A method named like a global its part module reads (inflect's dict `ordinal` beside the method
`engine.ordinal`): the class body must import the method, not the module's object of that name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from refactor_tool.split.emit.class_parts import plan_class_splits, render_plan
from refactor_tool.split.emit.source import ParsedModule
from refactor_tool.syntax.facts import analyze_module

TABLE = 'ordinal = {"one": "first", "two": "second"}\n'
METHODS = "".join(
    f"    def {name}(self, word):\n" + "".join(f"        step{i} = {i}  # padding\n" for i in range(12))
    + f"        return ordinal.get(word, word) + {name!r}\n\n"
    for name in ("ordinal", *(f"m{i}" for i in range(8)))
)


def test_a_method_named_like_a_global_its_part_reads_is_still_the_method(tmp_path: Path) -> None:
    source = f'"""Numbers in words."""\n\n{TABLE}\n\nclass Engine:\n    """Words."""\n\n{METHODS}'
    analysis = analyze_module(source, "words.py")
    parsed = ParsedModule(source, "words.py", analysis.statements, frozenset())
    splits = plan_class_splits(analysis, parsed, 60, set())
    (owner, plan), = splits.plans.items()
    kept, parts = render_plan(plan, parsed.statement(owner, strip_leading=True), "words")
    moved = {n for p in plan.parts for n in p.names}
    assert "ordinal" in moved, plan.parts
    # Each part module binds the global at its top, as one importing it from its home module does.
    package = tmp_path / "words"
    package.mkdir()
    (package / "__init__.py").write_text(TABLE + kept)
    for part, text in zip(plan.parts, parts, strict=True):
        (package / f"{part.module}.py").write_text(TABLE + text)
    probe = "import words; e = words.Engine(); print(e.ordinal('one'), e.m3('two'), words.Engine.ordinal.__qualname__)"
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    assert done.stdout.split() == ["firstordinal", "secondm3", "Engine.ordinal"], done.stderr
