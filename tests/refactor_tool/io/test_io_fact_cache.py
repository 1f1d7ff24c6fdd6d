from __future__ import annotations

import subprocess
from pathlib import Path

from refactor_tool.io.fact_cache import FactCache, blob_id


def test_blob_ids_are_gits(tmp_path: Path) -> None:
    (tmp_path / "f.py").write_bytes(b"x = 1\n")
    expected = subprocess.run(["git", "hash-object", "f.py"], cwd=tmp_path, capture_output=True, text=True).stdout
    assert blob_id(b"x = 1\n") == expected.strip()


def test_values_come_back_after_save_and_git_ignores_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / ".refactor_tool_cache"
    cache = FactCache(folder, "check")
    assert cache.get("facts", "k") is None
    cache.put("facts", "k", [1, "a"])
    cache.save()
    assert FactCache(folder, "check").get("facts", "k") == [1, "a"]
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tmp_path,
                            capture_output=True, text=True).stdout
    assert status == ""


def test_a_corrupt_or_unwritable_cache_never_fails_a_run(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "check.json").write_text("{not json")
    cache = FactCache(folder, "check")
    assert cache.get("facts", "k") is None
    blocked = FactCache(tmp_path / "file-not-folder" / "x", "check")
    (tmp_path / "file-not-folder").write_text("")
    blocked.put("facts", "k", 1)
    blocked.save()


def test_entries_a_run_did_not_use_are_kept_up_to_the_cap_newest_first(tmp_path: Path) -> None:
    cache = FactCache(tmp_path, "runs", keep_unused=2)
    for key in ("a", "b", "c", "d"):
        cache.put("runs", key, key)
    cache.save()
    again = FactCache(tmp_path, "runs", keep_unused=2)
    again.put("runs", "e", "e")  # this run used only e
    again.save()
    last = FactCache(tmp_path, "runs", keep_unused=2)
    assert [last.get("runs", key) for key in "abcde"] == [None, None, "c", "d", "e"]
