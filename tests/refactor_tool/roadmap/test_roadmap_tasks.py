"""A task item's kind, files, symbols, place and commands, in Japanese and English."""

from __future__ import annotations

import pytest

from refactor_tool.roadmap.blocks import Item, read_blocks
from refactor_tool.roadmap.model import TaskKind, TaskState
from refactor_tool.roadmap.tasks import is_path, read_task


def _task(line: str):
    (item,) = [block for block in read_blocks(line + "\n") if isinstance(block, Item)]
    return read_task(item, phase=1)


@pytest.mark.parametrize(
    ("line", "kind", "files", "symbols"),
    [
        ("- [x] `rms_norm.rs` 抽出 (RMSNorm)", TaskKind.EXTRACT, ("rms_norm.rs",), ("RMSNorm",)),
        ("- [x] `checkpoint.rs` 抽出 (save_training_state, load_start_step, find_checkpoint_path)",
         TaskKind.EXTRACT, ("checkpoint.rs",), ("save_training_state", "load_start_step", "find_checkpoint_path")),
        ("- [x] `python.rs` 抽出 (PyO3 バインディング)", TaskKind.EXTRACT, ("python.rs",), ()),
        ("- [x] `rust_engine/src/layers/` ディレクトリ作成", TaskKind.CREATE, ("rust_engine/src/layers/",), ()),
        ("- [x] `lib.rs` 更新 (`pub use` で互換性維持)", TaskKind.UPDATE, ("lib.rs",), ()),
        ("- [x] `train.rs` を親モジュールに変換 (pub use 再エクスポート)", TaskKind.UPDATE, ("train.rs",), ()),
        ("- [x] 使用箇所がなければ `legacy/` 削除", TaskKind.DELETE, ("legacy/",), ()),
        ("- [x] `legacy/` モジュールの使用箇所確認", TaskKind.CHECK, ("legacy/",), ()),
        ("- [ ] `bit_ttt/train/args.py` extract (TrainArgs)", TaskKind.EXTRACT, ("bit_ttt/train/args.py",),
         ("TrainArgs",)),
        ("- [ ] create `bit_ttt/layers/`", TaskKind.CREATE, ("bit_ttt/layers/",), ()),
        ("- [ ] `bit_ttt/__init__.py` re-exports the public API (compatibility kept)", TaskKind.UPDATE,
         ("bit_ttt/__init__.py",), ()),
        ("- [ ] delete `legacy/` if unused (the Python port never had one)", TaskKind.DELETE, ("legacy/",), ()),
        ("- [ ] check for uses of `legacy/`", TaskKind.CHECK, ("legacy/",), ()),
        ("- [ ] `./pkg/a.py` extract (`Thing`)", TaskKind.EXTRACT, ("pkg/a.py",), ("Thing",)),
        ("- [ ] write the changelog", TaskKind.OTHER, (), ()),
    ],
)
def test_kind_files_and_symbols(line: str, kind: TaskKind, files: tuple[str, ...], symbols: tuple[str, ...]) -> None:
    task = _task(line)
    assert (task.kind, task.files, task.symbols) == (kind, files, symbols)


@pytest.mark.parametrize(
    ("line", "commands"),
    [
        ("- [x] `cargo check`, `cargo test` 通過確認", ("cargo check", "cargo test")),
        ("- [x] `cargo check --workspace` 通過確認", ("cargo check --workspace",)),
        ("- [ ] `pytest tests/bit_ttt` passes", ("pytest tests/bit_ttt",)),
        ("- [ ] `pytest` passes", ("pytest",)),
    ],
)
def test_a_check_runs_its_code_spans_and_is_not_fooled_by_the_word_check_inside_them(
        line: str, commands: tuple[str, ...]) -> None:
    task = _task(line)
    assert (task.kind, task.commands, task.files) == (TaskKind.CHECK, commands, ())


@pytest.mark.parametrize(
    "line", ["- [x] `lib.rs` から deprecated エクスポート削除", "- [x] remove deprecated exports from `lib.rs`"]
)
def test_a_file_a_deletion_happens_in_is_not_what_is_deleted(line: str) -> None:
    task = _task(line)
    assert (task.kind, task.files, task.within) == (TaskKind.DELETE, (), ("lib.rs",))


def test_state_text_and_line() -> None:
    done, open_ = _task("- [x] `a.py` extract (A)"), _task("- [ ] `a.py` extract (A)")
    assert (done.state, open_.state, done.done, open_.done) == (TaskState.DONE, TaskState.OPEN, True, False)
    assert (done.text, done.line, done.phase) == ("a.py extract (A)", 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("rms_norm.rs", True), ("bit_ttt/layers/", True), ("legacy/", True), ("src/lib.rs", True),
     ("pub use", False), ("cargo test", False), ("TTTLayer", False), ("pytest", False)],
)
def test_what_counts_as_a_path(text: str, expected: bool) -> None:
    assert is_path(text) is expected
