"""A method rebinding a module global with `global` moves to a part module, which then holds the global.

dateutil's `rrule.py`: `easter = None` at the top, `rrule.__init__` (272 lines) does `global easter` and
imports the module on first use (`from dateutil import easter`), `_iterinfo.rebuild` reads
`easter.easter(year)` when called. Kept in its class beside a 120-line docstring, `__init__` left
`_rrule.py` at 415 lines. `RULES` is that shape with `json.decoder` for `easter`: `__init__` goes to a
part module together with `decoder = None`, and every other reader reads the global there.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tool.split.classes.class_members import rebound_alone

DOC = "".join(f"    :param option{i}: what option {i} changes in the rule.\n" for i in range(40))
SETUP = "".join(f"        self.option{i} = option{i}\n        self.checked{i} = option{i} is not None\n"
                for i in range(30))
OPTIONS = ", ".join(f"option{i}=None" for i in range(30))
STEPS = "".join(f"    def step{i}(self, n):\n        \"\"\"Step {i}.\"\"\"\n        total = n + {i}\n"
                f"        return total * 2\n\n" for i in range(12))

RULES = f'''"""Recurrence rules, dateutil-shaped."""

decoder = None


class Rule:
    """A recurrence rule.

{DOC}    """

    def __init__(self, byjson=False, {OPTIONS}):
        global decoder
        if byjson and not decoder:
            from json import decoder
        self.byjson = byjson
{SETUP}
{STEPS}

class _Info:
    """Reads the global when called, as `_iterinfo.rebuild` reads `easter`."""

    def kind(self):
        return decoder.__name__ if decoder else None


def loaded():
    return decoder is not None
'''

PROBE = ("import rules; before = (rules._Info().kind(), rules.loaded(), rules.decoder); rules.Rule(byjson=True); "
         "print(before, rules._Info().kind(), rules.loaded(), rules.decoder.__name__, rules.Rule.__init__.__qualname__, "
         "rules.Rule(option3=1).step11(1))")


def _probe(root: Path) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def split_rules(tmp_path_factory: pytest.TempPathFactory, split_copy) -> tuple[Path, Path]:
    before, after, result = split_copy(tmp_path_factory.mktemp("rules"), "rules", RULES, max_lines=120)
    assert result.planned.plan.within_limits, result.planned.plan.limits
    return before, after


def test_the_rebinding_method_moves_and_its_part_module_holds_the_global(split_rules) -> None:
    _, after = split_rules
    texts = {p.name: p.read_text() for p in (after / "rules").glob("*.py")}
    assert all(len(t.splitlines()) < 120 for t in texts.values()), {n: len(t.splitlines()) for n, t in texts.items()}
    holder = next(n for n, t in texts.items() if "class Rule:" in t and "def __getattr__(name):" not in t)
    assert "def __init__(" not in texts[holder]
    home = next(n for n, t in texts.items() if "global decoder" in t)
    assert home != holder and "def __getattr__(name):" in texts[home]
    assert [ast.unparse(s) for s in ast.parse(texts[home]).body if isinstance(s, ast.Assign)
            and ast.unparse(s) == "decoder = None"] == ["decoder = None"]


def test_every_reader_sees_the_global_the_moved_method_rebinds(split_rules) -> None:
    before, after = split_rules
    assert _probe(after) == _probe(before)
    assert "json.decoder" in _probe(before)


def test_a_global_another_method_of_the_class_reads_keeps_the_rebinding_method_home() -> None:
    """`decoder` read by `Rule.kind` too: in a part module `__init__` would rebind a copy `kind` never sees."""
    tree = ast.parse(RULES.replace("    def step0(self, n):", "    def kind(self):\n        return decoder\n\n"
                                   "    def step0(self, n):"))
    rule = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    assert rebound_alone(rule) == frozenset()
    assert rebound_alone(next(n for n in ast.parse(RULES).body if isinstance(n, ast.ClassDef))) == {"decoder"}
