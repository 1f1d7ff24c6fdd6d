from __future__ import annotations

import marshal
import os
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


def test_a_parent_merging_a_forked_childs_changes_keeps_what_the_child_put_and_read(tmp_path: Path) -> None:
    cache = FactCache(tmp_path, "check")
    for key in ("old", "read by the child", "unused"):
        cache.put("facts", key, key)
    cache.save()
    parent = FactCache(tmp_path, "check", keep_unused=0)
    parent.get("facts", "old")  # loaded before the fork, as the check's is
    reading, writing = os.pipe()
    if os.fork() == 0:  # the child: its cache is a copy of the parent's
        try:
            parent.get("facts", "read by the child")
            parent.put("facts", "new", "new")
            os.write(writing, marshal.dumps(parent.changes()))
        finally:
            os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as stream:
        parent.merge(marshal.loads(stream.read()))
    os.wait()
    parent.save()
    last = FactCache(tmp_path, "check")
    assert [last.get("facts", key) for key in ("old", "read by the child", "new", "unused")] == \
        ["old", "read by the child", "new", None]
