"""The journal: on disk before the first rename, moved to `last.json` when kept, gone without trace when undone."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from refactor_tool.errors import InputError
from refactor_tool.io.journal import (
    JOURNAL_DIR,
    Journal,
    JournalState,
    find_journal_root,
    project_root,
    read_record,
    refuse_if_interrupted,
)
from refactor_tool.io.transaction import FileChange, Transaction


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_pending_journal_is_on_disk_with_old_contents_before_the_first_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mod.py").write_text("X = 1\n")
    seen: list[dict] = []
    real_replace = __import__("os").replace

    def replace(source, target):  # the first rename: what does the journal say by now?
        pending = tmp_path / JOURNAL_DIR / "pending.json"
        seen.append(json.loads(pending.read_text()) if pending.is_file() else {})
        return real_replace(source, target)

    monkeypatch.setattr("refactor_tool.io.transaction.os.replace", replace)
    changes = [FileChange(tmp_path / "mod.py", "X = 1\n", None), FileChange(tmp_path / "mod" / "__init__.py", None,
                                                                            "X = 1\n")]
    with Transaction(changes, Journal(tmp_path, "split mod.py")):
        pass
    first = seen[0]
    assert first["command"] == "split mod.py" and first["state"] == "pending"
    assert first["entries"][0] == {"path": "mod.py", "before": "X = 1\n", "after_hash": None}
    assert first["entries"][1]["path"] == "mod/__init__.py" and first["entries"][1]["after_hash"].startswith("sha256:")
    assert first["created_dirs"] == ["mod"]


def test_a_kept_change_becomes_the_last_one_with_hashes_and_git_ignores_the_folder(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "a.py").write_text("A = 1\n")
    with Transaction([FileChange(tmp_path / "a.py", "A = 1\n", "A = 2\n")], Journal(tmp_path, "split a.py")):
        pass
    assert not (tmp_path / JOURNAL_DIR / "pending.json").exists()
    last = read_record(tmp_path, JournalState.DONE)
    assert last is not None and last.command == "split a.py" and last.entries[0].before == "A = 1\n"
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tmp_path,
                            capture_output=True, text=True, check=True).stdout
    assert status.split() == ["??", "a.py"]  # .refactor_tool/ ignores itself


def test_a_rolled_back_change_leaves_no_journal_behind(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("A = 1\n")
    before = _files(tmp_path)
    with Transaction([FileChange(tmp_path / "a.py", "A = 1\n", "A = 2\n")], Journal(tmp_path, "x")) as tx:
        tx.rollback()
    assert _files(tmp_path) == before and not (tmp_path / ".refactor_tool").exists()


def test_an_exception_inside_rolls_back_and_leaves_no_journal(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("A = 1\n")
    before = _files(tmp_path)
    with pytest.raises(RuntimeError), Transaction([FileChange(tmp_path / "a.py", "A = 1\n", "A = 2\n"),
                                                   FileChange(tmp_path / "p" / "b.py", None, "B = 1\n")],
                                                  Journal(tmp_path, "x")):
        assert (tmp_path / "a.py").read_text() == "A = 2\n"
        raise RuntimeError("the gate crashed")
    assert _files(tmp_path) == before and not (tmp_path / "p").exists()


def test_a_pending_journal_refuses_the_next_change_and_names_undo(tmp_path: Path) -> None:
    Journal(tmp_path, "split a.py").begin((), ())
    with pytest.raises(InputError, match="run `refactor-tool undo` first"):
        refuse_if_interrupted(tmp_path)
    with pytest.raises(InputError, match="refactor-tool undo"):
        Transaction([FileChange(tmp_path / "b.py", None, "B = 1\n")], Journal(tmp_path, "split b.py")).commit()
    assert not (tmp_path / "b.py").exists()


def test_a_damaged_journal_is_an_input_error_naming_it(tmp_path: Path) -> None:
    (tmp_path / JOURNAL_DIR).mkdir(parents=True)
    (tmp_path / JOURNAL_DIR / "pending.json").write_text("{not json")
    with pytest.raises(InputError, match="damaged journal") as raised:
        read_record(tmp_path, JournalState.PENDING)
    assert raised.value.path == str(tmp_path / JOURNAL_DIR / "pending.json")


def test_the_project_root_is_the_nearest_folder_with_a_marker_and_journals_are_found_from_below(
    tmp_path: Path,
) -> None:
    deep = tmp_path / "repo" / "src" / "pkg"
    deep.mkdir(parents=True)
    (tmp_path / "repo" / "pyproject.toml").write_text("")
    assert project_root(deep) == tmp_path / "repo"
    lone = tmp_path / "lone"
    lone.mkdir()
    assert project_root(lone) == lone  # no marker anywhere up: the folder itself
    assert find_journal_root(deep) is None
    Journal(tmp_path / "repo", "split x").begin((), ())
    assert find_journal_root(deep) == (tmp_path / "repo").resolve()
