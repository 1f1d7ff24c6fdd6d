"""Expected-result trees: box drawing or ASCII, several names a line, directories nesting."""

from __future__ import annotations

import pytest

from refactor_tool.errors import InputError
from refactor_tool.roadmap.blocks import Fence
from refactor_tool.roadmap.trees import looks_like_tree, read_tree

SEED_TREE = """\
rust_engine/src/
├── layers/
│   ├── mod.rs, rms_norm.rs, bit_linear.rs, swiglu.rs, ttt.rs
├── model/
│   ├── mod.rs, block.rs, llama.rs
├── python.rs
└── lib.rs"""


def _fence(text: str, line: int = 10) -> Fence:
    return Fence("", tuple(text.splitlines()), line)


def test_the_seeds_phase_one_tree() -> None:
    tree = read_tree(_fence(SEED_TREE), "R.md")
    assert tree.root == "rust_engine/src/"
    assert tree.files == tuple(f"rust_engine/src/{name}" for name in (
        "layers/mod.rs", "layers/rms_norm.rs", "layers/bit_linear.rs", "layers/swiglu.rs", "layers/ttt.rs",
        "model/mod.rs", "model/block.rs", "model/llama.rs", "python.rs", "lib.rs"))
    assert [entry.path for entry in tree.entries if entry.is_dir] == ["rust_engine/src/layers", "rust_engine/src/model"]
    assert [entry.line for entry in tree.entries if entry.path.endswith("llama.rs")] == [14]


def test_ascii_tree_deeper_nesting_and_notes() -> None:
    text = "./\n|-- pkg/\n|   |-- sub/\n|   |   `-- deep.py  # the deep one\n|   `-- top.py ← new\n`-- setup.py"
    tree = read_tree(_fence(text), "R.md")
    assert (tree.root, tree.files) == ("", ("pkg/sub/deep.py", "pkg/top.py", "setup.py"))
    assert tree.paths() == ("", "pkg/", "pkg/sub/", "pkg/sub/deep.py", "pkg/top.py", "setup.py")


def test_a_tree_without_a_root_line() -> None:
    assert read_tree(_fence("├── a.py\n└── b/"), "R.md").paths() == ("", "a.py", "b/")


def test_a_line_that_is_not_a_branch_names_its_line() -> None:
    with pytest.raises(InputError) as caught:
        read_tree(_fence("pkg/\n├── a.py\njust words"), "R.md")
    assert (caught.value.path, caught.value.line) == ("R.md", 12)


def test_only_fences_with_branches_look_like_trees() -> None:
    assert looks_like_tree(_fence(SEED_TREE))
    assert not looks_like_tree(_fence("print('hello')"))
