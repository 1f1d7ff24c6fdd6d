"""The cohesion planner with split classes: each part module is a module of its own, named by its
part, loaded after what it needs while loading and before its class, never beside it."""

from __future__ import annotations

from pathlib import Path

from refactor_tool.split import generation
from refactor_tool.split.model import Layout, SplitOptions
from refactor_tool.split.plan.sizes import count_lines


def _methods(prefix: str, count: int) -> str:
    return "".join(f"    @traced\n    def {prefix}_{n}(self, x):\n        y = x + {n}\n        z = y * 2\n"
                   f"        return helper(z)\n\n" for n in range(count))


# `traced` runs while the class body runs (a decorator): the parts need it while they load.
SOURCE = ('"""A class too long for one file, with the helpers its methods use."""\n\n\n'
          "def traced(function):\n    function.traced = True\n    return function\n\n\n"
          "def helper(value):\n    return value - 1\n\n\n"
          f"class Big:\n    \"\"\"Many methods.\"\"\"\n\n{_methods('load', 12)}{_methods('save', 12)}"
          f"{_methods('show', 12)}\n\n"
          "def build():\n    return Big()\n")


def test_each_part_module_is_alone_named_by_its_part_and_loads_between_its_needs_and_its_class(
        tmp_path: Path) -> None:
    path = tmp_path / "big.py"
    path.write_text(SOURCE, encoding="utf-8")
    split = generation.generate_split(path, SplitOptions(max_lines=120, layout=Layout.PACKAGE, layout_given=True))
    pieces, drafts = split.placement.pieces, split.placement.drafts
    assert pieces is not None and split.parts
    position = {pieces.piece_of[u]: n for n, d in enumerate(drafts) for u in d.units}
    parts = pieces.parts()
    assert parts
    by_name = {name: key for key, p in pieces.pieces.items() for name in p.names}
    for part, owner in parts.items():
        draft = drafts[position[part]]
        assert {pieces.piece_of[u] for u in draft.units} == {part}  # alone
        assert Path(draft.relpath).stem == pieces.pieces[part].part  # named by its part
        assert position[by_name["traced"]] < position[part] < position[owner]  # load order
    assert len({position[p] for p in parts}) == len(parts)  # two parts never share a module
    assert all(count_lines(m.text) < 120 for m in split.generated.modules)
    compiled = {m.path.stem: compile(m.text, str(m.path), "exec") for m in split.generated.modules}
    assert set(compiled) >= {pieces.pieces[p].part for p in parts}
