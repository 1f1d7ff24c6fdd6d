"""Property: for generated classes (random sizes and call graphs), the split class computes the same results.

Each method adds its own constant to the results of the methods it calls (always later ones, so no
recursion); properties and class attributes join in. Whatever the partition, every method must return
what the original returns, and each mixin must fit the limit unless one method alone is too long.
"""

from __future__ import annotations

import types

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refactor_tool.split.classes.split_class import split_large_classes


@st.composite
def classes(draw: st.DrawFn) -> tuple[str, int]:
    count = draw(st.integers(min_value=3, max_value=30))
    lines = ["class Big:", "    STEP = 3", ""]
    for i in range(count):
        callees = (
            draw(
                st.lists(st.integers(min_value=i + 1, max_value=count - 1), max_size=3, unique=True)
            )
            if i + 1 < count
            else []
        )
        padding = draw(st.integers(min_value=0, max_value=12))
        as_property = draw(st.booleans()) and i > 0
        name = f"p{i}" if as_property else f"m{i}"
        if as_property:
            lines.append("    @property")
        lines.append(f"    def {name}(self):")
        lines.append(f'        """Method {i}."""')
        lines.append(f"        total = {i} + self.STEP")
        lines += [f"        total += {k}  # padding" for k in range(padding)]
        for callee in callees:
            lines.append(f"        total += self._call({callee})")
        lines += ["        return total", ""]
    lines += [
        "    def _call(self, i):",
        "        value = getattr(self, f'm{i}', None)",
        "        return value() if callable(value) else getattr(self, f'p{i}')",
        "",
    ]
    source = "\n".join(lines)
    max_lines = draw(st.integers(min_value=30, max_value=max(31, len(lines) - 1)))
    return source, max_lines


def _load(code: str) -> types.ModuleType:
    module = types.ModuleType("generated")
    exec(compile(code, "generated.py", "exec"), module.__dict__)
    return module


def _results(instance: object) -> dict[str, int]:
    names = [n for n in dir(instance) if n[0] in "mp" and n[1:].isdigit()]
    return {n: (getattr(instance, n)() if n[0] == "m" else getattr(instance, n)) for n in names}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(classes())
def test_split_classes_compute_the_same(case: tuple[str, int]) -> None:
    source, max_lines = case
    result = split_large_classes(source, max_lines, strict=False)
    old, new = _load(source).Big(), _load(result.code).Big()
    assert _results(old) == _results(new)
    for change in result.mro_changes:
        mixin_names = tuple(m.name for m in change.mixins)
        assert tuple(c.__name__ for c in type(new).__mro__) == ("Big", *mixin_names, "object")
        for mixin in change.mixins:
            assert mixin.line_count <= max_lines or len(mixin.methods) == 1
        moved = [n for m in change.mixins for n in m.methods]
        assert len(moved) == len(set(moved))
