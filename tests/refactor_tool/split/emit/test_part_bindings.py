"""What the methods of a split class read when called from the class's module is bound into their part
modules by that module, right after the class statement, not by the facade once everything is loaded.

inflect 7.4.0's `engine` (split into seven part modules) read `engine`, `Words` and 41 more names of its
module when called: the facade's `_bind_late` took 66 lines of its 458 (over the limit); the class's
module now writes them (`_engine_pl.engine = engine`), and the facade is plain re-exports.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from refactor_tool.split.emit.names import BIND_LATE

STEPS = "".join(
    f"    def step{i}(self, n):\n        \"\"\"Step {i}: the price of `n` items, rounded by the class.\"\"\"\n"
    f"        total = n * {i + 1}\n        return Pricer.rounded(total)\n\n" for i in range(30))

PRICING = f'''"""Pricing rules."""


class Pricer:
    """Prices items."""

{STEPS}    @staticmethod
    def rounded(value):
        return round(value, 2)

    def copy(self):
        return Pricer()
'''

#: What `test.support.import_helper.import_fresh_module` does: a second copy of the package, the first put back.
_PROBE = """
import importlib, json, sys
import pricing
first = {n: m for n, m in sys.modules.items() if n == "pricing" or n.startswith("pricing.")}
for name in first:
    del sys.modules[name]
try:
    fresh = importlib.import_module("pricing")
finally:
    sys.modules.update(first)
print(json.dumps([pricing.Pricer().step29(3), pricing.Pricer.step7.__qualname__,
                  type(fresh.Pricer().copy()) is fresh.Pricer, type(pricing.Pricer().copy()) is pricing.Pricer]))
"""


@pytest.fixture(scope="module")
def split_pricing(tmp_path_factory: pytest.TempPathFactory, split_copy) -> tuple[Path, Path]:
    before, after, _ = split_copy(tmp_path_factory.mktemp("pricing"), "pricing", PRICING, max_lines=90)
    return before, after


def test_the_class_module_binds_what_the_methods_read_into_their_parts(split_pricing) -> None:
    _, after = split_pricing
    texts = {p.name: p.read_text() for p in (after / "pricing").glob("*.py")}
    home = next(n for n, t in texts.items() if "\nclass Pricer:" in t and "    from ." in t)
    parts = [n.removesuffix(".py") for n, t in texts.items() if n != home and "class Pricer:" in t]
    assert len(parts) >= 2, sorted(texts)
    after_class = texts[home].rpartition("        return Pricer()\n")[2]
    assert sorted(f"{part}.Pricer = Pricer" for part in parts) == sorted(
        line for line in after_class.splitlines() if line.endswith(" = Pricer"))
    assert BIND_LATE not in texts["__init__.py"]


def test_the_split_class_behaves_as_before_in_a_fresh_copy_too(split_pricing) -> None:
    found = [json.loads(subprocess.run([sys.executable, "-c", _PROBE], cwd=root, capture_output=True, text=True,
                                       check=True).stdout) for root in split_pricing]
    assert found[0] == found[1] == [90, "Pricer.step7", True, True]
