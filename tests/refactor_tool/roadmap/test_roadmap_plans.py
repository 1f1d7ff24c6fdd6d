"""A phase's extract tasks as split plans: the module to split found by its symbols, paths rebased to its
folder, the symbol-less task given what is built on the others, and plans that cannot be made refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from roadmap_repos import PYPROJECT, one_phase, write

from refactor_tool.errors import InputError
from refactor_tool.roadmap.parse import read_roadmap
from refactor_tool.roadmap.plans import phase_splits
from refactor_tool.roadmap.repository import Repository
from refactor_tool.roadmap.use_case import phase_plan

TRAINER = '''
def _check(value):
    return value


class Args:
    size = _check(1)


def save(path):
    return path


def helper_of_train():
    return 1


def train(args: Args):
    save("x")
    return helper_of_train()


def unrelated():
    return 2


def args_options():
    return [Args(), _check(2)]
'''


def _splits(root: Path, tasks: str, files: dict[str, str] | None = None):
    write(root, {"pyproject.toml": PYPROJECT, "shop/__init__.py": "", "shop/work/__init__.py": "",
                 "shop/work/trainer.py": TRAINER, **(files or {}), "ROADMAP.md": one_phase(tasks)})
    roadmap = read_roadmap(root / "ROADMAP.md")
    return roadmap, phase_splits(roadmap, roadmap.phases[0], Repository.of(root / "ROADMAP.md"))


def test_the_module_defining_the_symbols_is_split_with_paths_relative_to_its_folder(tmp_path: Path) -> None:
    roadmap, (split,) = _splits(tmp_path, "- [ ] `shop/work/args.py` extract (Args)\n"
                                          "- [ ] `shop/work/io/save.py` extract (save)")
    assert split.source == "shop/work/trainer.py"
    assert [(m.path, m.symbols) for m in split.spec.modules] == [("args.py", ("Args",)), ("io/save.py", ("save",))]
    assert split.spec.layout.value == "shim" and split.spec.source == str(tmp_path / "ROADMAP.md")
    assert [m.line for m in split.spec.modules] == [t.line for t in roadmap.phases[0].tasks]


def test_a_task_without_symbols_takes_what_is_built_on_the_others(tmp_path: Path) -> None:
    _roadmap, (split,) = _splits(tmp_path, "- [ ] `shop/work/args.py` extract (Args)\n"
                                           "- [ ] `shop/work/checkpoint.py` extract (save)\n"
                                           "- [ ] `shop/work/loop.py` extract (the training loop)")
    args, checkpoint, loop = split.spec.modules
    # train uses Args and save; its helper follows it in the split itself; unrelated stays unlisted;
    # args_options is built on Args alone, so it goes with Args
    assert (loop.path, loop.symbols) == ("loop.py", ("train",))
    assert (args.symbols, checkpoint.symbols) == (("Args", "args_options"), ("save",))


def test_ticked_and_already_done_extractions_are_not_planned(tmp_path: Path) -> None:
    _roadmap, splits = _splits(tmp_path, "- [x] `shop/work/args.py` extract (Args)\n"
                                         "- [ ] `shop/work/prices.py` extract (price_of)",
                               {"shop/work/prices.py": "def price_of():\n    return 1\n"})
    assert splits == ()


@pytest.mark.parametrize(("tasks", "files", "words"), [
    ("- [ ] `shop/work/args.py` extract (Missing)", {}, "no module of the project defines `Missing`"),
    ("- [ ] `shop/work/args.py` extract (Args, nowhere)", {}, "no module of the project defines `Args`, `nowhere`"),
    ("- [ ] `shop/work/args.py` extract (Args)", {"shop/other.py": "class Args:\n    pass\n"},
     "defined in 2 modules"),
    ("- [ ] `args.rs` extract (Args)", {}, "`args.rs` is not a Python module"),
    ("- [ ] `shop/args.py` extract (Args)", {}, "`shop/args.py` is outside `shop/work/`"),
    ("- [ ] `shop/work/loop.py` extract (the loop)", {}, "phase 1 splits no module"),
])
def test_plans_that_cannot_be_made_are_refused_naming_the_roadmap_line(tmp_path: Path, tasks: str,
                                                                        files: dict[str, str], words: str) -> None:
    with pytest.raises(InputError, match=words.replace("(", r"\(")) as caught:
        _splits(tmp_path, tasks, files)
    assert caught.value.line == 9 and caught.value.path == str(tmp_path / "ROADMAP.md")


def test_split_asks_for_the_plan_of_the_module_it_splits(tmp_path: Path) -> None:
    _splits(tmp_path, "- [x] `shop/work/args.py` extract (Args)")
    spec = phase_plan(tmp_path / "ROADMAP.md", 1, tmp_path / "shop" / "work" / "trainer.py")
    assert [(m.path, m.symbols) for m in spec.modules] == [("args.py", ("Args",))]  # ticked, but not done yet
    with pytest.raises(InputError, match=re.escape("take their symbols from `shop/work/trainer.py`, not from `shop/__init__.py`")):
        phase_plan(tmp_path / "ROADMAP.md", 1, tmp_path / "shop" / "__init__.py")
    with pytest.raises(InputError, match="no phase 4"):
        phase_plan(tmp_path / "ROADMAP.md", 4, tmp_path / "shop" / "work" / "trainer.py")
