"""Time per phase estimated from the commits that ticked its tasks, in real temporary git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from refactor_tool.roadmap.history import GitCli, estimate, read_ticks, task_key
from refactor_tool.roadmap.parse import parse_roadmap, read_roadmap

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

ROADMAP = """\
## Phase 1: split

- [ ] `a.py` extract (A)
- [ ] `b.py` extract (B)

## Phase 2: tidy

- [ ] delete `old.py`
"""


def _git(repo: Path, *args: str, when: str = "2026-03-02T09:00:00+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _commit(repo: Path, text: str, when: str, message: str = "step") -> None:
    (repo / "ROADMAP.md").write_text(text, encoding="utf-8")
    _git(repo, "add", "ROADMAP.md", when=when)
    _git(repo, "commit", "-q", "-m", message, when=when)


def _tick(text: str, *names: str) -> str:
    for name in names:
        text = text.replace(f"- [ ] {name}", f"- [x] {name}")
    return text


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q")
    (tmp_path / "README.md").write_text("x\n", encoding="utf-8")
    _git(tmp_path, "add", "README.md", when="2026-03-01T08:00:00+00:00")
    _git(tmp_path, "commit", "-q", "-m", "start", when="2026-03-01T08:00:00+00:00")
    return tmp_path


def test_phases_run_from_the_previous_end_to_their_last_tick(repo: Path) -> None:
    _commit(repo, ROADMAP, "2026-03-02T09:00:00+00:00", "plan")
    text = _tick(ROADMAP, "`a.py`")
    _commit(repo, text, "2026-03-02T09:40:00+00:00")
    text = _tick(text, "`b.py`")
    _commit(repo, text, "2026-03-02T10:50:00+01:00")  # 09:50 UTC
    (repo / "notes.txt").write_text("unrelated work\n", encoding="utf-8")
    _git(repo, "add", "notes.txt", when="2026-03-02T10:30:00+00:00")
    _git(repo, "commit", "-q", "-m", "unrelated", when="2026-03-02T10:30:00+00:00")
    text = _tick(text, "delete")
    _commit(repo, text, "2026-03-02T11:15:00+00:00")
    roadmap = read_roadmap(repo / "ROADMAP.md")
    git = GitCli(repo)
    estimates = estimate(roadmap, git.roadmap_log(repo / "ROADMAP.md"), git)
    one, two = estimates[1], estimates[2]
    # phase 1 starts at the commit before its first tick (the plan, 09:00) and ends at its last tick (09:50 UTC)
    assert (one.spent, one.ticked, len(one.commits), one.born_ticked) == (timedelta(minutes=50), 2, 2, 0)
    # phase 2 starts where phase 1 ended, not at the unrelated commit just before its tick
    assert two.start == one.end and two.spent == timedelta(minutes=85)


def test_tasks_written_ticked_carry_no_timing(repo: Path) -> None:
    _commit(repo, _tick(ROADMAP, "`a.py`", "`b.py`"), "2026-03-02T09:00:00+00:00")
    roadmap = read_roadmap(repo / "ROADMAP.md")
    git = GitCli(repo)
    estimates = estimate(roadmap, git.roadmap_log(repo / "ROADMAP.md"), git)
    assert (estimates[1].spent, estimates[1].born_ticked) == (None, 2)
    assert (estimates[2].spent, estimates[2].born_ticked, estimates[2].commits) == (None, 0, ())


def test_no_repository_means_no_history(tmp_path: Path) -> None:
    (tmp_path / "ROADMAP.md").write_text(ROADMAP, encoding="utf-8")
    git = GitCli(tmp_path)
    assert git.roadmap_log(tmp_path / "ROADMAP.md") == ""
    assert all(e.spent is None for e in estimate(read_roadmap(tmp_path / "ROADMAP.md"), "", git).values())


def test_read_ticks_follows_unticking_and_reticking() -> None:
    log = ("\x1eaaa 2026-03-02T09:00:00+00:00\n+- [ ] `a.py` extract\n+- [x] born done\n"
           "\x1ebbb 2026-03-02T10:00:00+00:00 aaa\n-- [ ] `a.py` extract\n+- [x] `a.py` extract\n"
           "\x1eccc 2026-03-02T11:00:00+00:00 bbb\n-- [x] `a.py` extract\n+- [ ] `a.py` extract\n"
           "\x1eddd 2026-03-02T12:00:00+00:00 ccc\n+++ b/ROADMAP.md\n+* [X] `a.py` extract\n")
    ticks, born, parents = read_ticks(log)
    assert [(tick.task_key, tick.commit, tick.at.hour) for tick in ticks] == [
        ("a.py extract", "bbb", 10), ("a.py extract", "ddd", 12)]
    assert born == {"born done"} and parents["bbb"] == ("aaa",) and parents["aaa"] == ()


def test_task_keys_ignore_markup() -> None:
    assert task_key("`a.py`  **extract**  (A)") == task_key("a.py extract (A)") == "a.py extract (A)"


def test_a_first_tick_in_a_root_commit_starts_the_span_at_itself() -> None:
    class NoParents:
        def roadmap_log(self, path: Path) -> str:
            return ""

        def commit_time(self, revision: str) -> datetime | None:
            raise AssertionError("a root commit has no parent to ask about")

    log = "\x1eaaa 2026-03-02T09:30:00+00:00\n+- [ ] `a.py` extract (A)\n" \
          "\x1ebbb 2026-03-02T09:45:00+00:00\n+- [x] `a.py` extract (A)\n"
    roadmap = parse_roadmap(_tick(ROADMAP, "`a.py`"), "R.md")
    one = estimate(roadmap, log, NoParents())[1]
    assert (one.start, one.spent) == (one.end, timedelta())
