"""Property: for generated classes split by body, the class is the same: same `dir`, same results,
same `__qualname__` of every member, each file under the limit.

Each method adds its own constant to what the methods it calls return (always later ones, so no
recursion); properties, class and static methods and special methods (`__repr__`, `__eq__`, `__len__`,
`__add__`, which modules themselves have or not) join in.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from refactor_tool.split.model import SplitOptions
from refactor_tool.split.plan.sizes import count_lines
from refactor_tool.split.use_case import apply_split

SPECIAL = {
    "__repr__": "return f'Big({self.base})'",
    "__eq__": "return isinstance(other, Big) and other.base == self.base",
    "__hash__": "return hash(self.base)",
    "__len__": "return self.base + 1",
    "__add__": "return self.base + other",
}
PROBE = """
import inspect, json
from gen import Big
big = Big()
def kind(name):
    value = inspect.getattr_static(Big, name)
    inner = getattr(value, "fget", None) or getattr(value, "__func__", None) or value
    return [type(value).__name__, getattr(inner, "__qualname__", None)]
results = {}
for name in sorted(vars(Big)):
    value = getattr(big, name)
    if value is None:  # `__hash__` of a class defining `__eq__` only
        results[name] = None
    elif name.startswith("m"):
        results[name] = value()
    elif name.startswith("p"):
        results[name] = value
    elif name in ("__repr__", "__len__", "__hash__"):
        results[name] = value()
    elif name in ("__eq__", "__add__"):
        results[name] = repr(value(5))
print(json.dumps({"dir": dir(Big), "results": results,
                  "members": {n: kind(n) for n in sorted(vars(Big)) if not n.startswith("__") or n in SPECIAL}}))
""".replace("SPECIAL", repr(sorted(SPECIAL)))


@st.composite
def classes(draw: st.DrawFn) -> tuple[str, int]:
    count = draw(st.integers(min_value=6, max_value=24))
    lines = ["class Big:", '    """A generated class."""', "", "    STEP = 3", "", "    def __init__(self):",
             "        self.base = 2", ""]
    for name in draw(st.lists(st.sampled_from(sorted(SPECIAL)), unique=True, max_size=4)):
        args = "self, other" if name in ("__eq__", "__add__") else "self"
        lines += [f"    def {name}({args}):", f"        {SPECIAL[name]}", ""]
    for i in range(count):
        callees = draw(st.lists(st.integers(i + 1, count - 1), max_size=2, unique=True)) if i + 1 < count else []
        kind = draw(st.sampled_from(["method", "method", "property", "static", "class"]))
        name = f"p{i}" if kind == "property" else f"m{i}"
        decorator = {"property": "@property", "static": "@staticmethod", "class": "@classmethod"}.get(kind)
        if decorator:
            lines.append(f"    {decorator}")
        first = {"static": "", "class": "cls"}.get(kind, "self")
        lines.append(f"    def {name}({first}):")
        lines.append(f'        """Method {i}."""')
        lines.append(f"        total = {i}" + (" + Big.STEP" if kind == "static" else f" + {first}.STEP"))
        lines += [f"        total += {k}  # padding" for k in range(draw(st.integers(0, 10)))]
        if kind not in ("static", "class"):
            for callee in callees:
                lines.append(f"        total += self._call({callee})")
        lines += ["        return total", ""]
    lines += ["    def _call(self, i):", "        value = getattr(self, f'm{i}', None)",
              "        return value() if callable(value) else getattr(self, f'p{i}')", ""]
    source = "\n".join(lines) + "\n"
    max_lines = draw(st.integers(min_value=60, max_value=max(61, len(lines) - 20)))
    return source, max_lines


def _probe(root: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(classes())
def test_a_class_split_by_body_is_the_same_class(case: tuple[str, int]) -> None:
    source, max_lines = case
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "gen.py").write_text(source)
        before = _probe(root)
        result = apply_split(root / "gen.py", SplitOptions(max_lines=max_lines, allow_dirty=True, verify=False))
        texts = [Path(p).read_text() for p in result.written if Path(p).exists()]
        event(f"{sum('def __getattr__(name):' in t for t in texts)} part modules")
        assert _probe(root) == before
        written = [Path(p) for p in result.written if Path(p).exists()]
        assert (root / "gen" / "__init__.py").is_file() or count_lines(source) < max_lines
        reasons = {f.message for f in result.planned.plan.limits}
        for path in written:
            over = count_lines(path.read_text()) >= max_lines
            assert not over or any(str(path.name) in f.path for f in result.planned.plan.limits), reasons
