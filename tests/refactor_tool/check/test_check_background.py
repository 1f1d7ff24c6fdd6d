"""Work a cold run does in forked children (check/parallel.py's `Background`): the roadmap's limits and the
api engine's comparison give what the same work gives here, are cached as before, and a run that fails
half-way leaves no child behind."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from check_support import git, make_repo, write

from refactor_tool.api.use_case import take_snapshot
from refactor_tool.check import parallel
from refactor_tool.check.findings import FindingKind
from refactor_tool.check.model import CheckOptions
from refactor_tool.check.use_case import run_checks
from refactor_tool.errors import GitError

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="children are forked on Linux only")

ROADMAP = """# Roadmap

## Resource limits

| Resource | Limit |
|----------|-------|
| New files | 3 at most |
| New dependencies | 0 (existing only) |
| Breaking API changes | 0 (compatibility kept) |

## Phase 1: Clean-up

### Tasks

- [ ] tidy the core
"""


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every background call gets a child (as on a machine with two cores or more); their pids."""
    started: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(parallel.os, "fork", fork)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(parallel, "SHARE_BYTES", 1 << 40)  # the files' facts in this process: children
    return started                                         # here are the background calls only


def _project(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path)
    write(repo, "ROADMAP.md", ROADMAP)
    text = (repo / "pyproject.toml").read_text()
    write(repo, "pyproject.toml", text.replace("[tool.refactor_tool]\n", '[tool.refactor_tool]\nroadmap = "ROADMAP.md"\n'))
    (repo / "reports" / "api").mkdir(parents=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "roadmap")
    # the api feature writes the committed snapshot
    take_snapshot("pkg", output=repo / "reports" / "api" / "pkg.json", cwd=repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "snapshot")
    write(repo, "pkg/core.py", '"""Core."""\nimport click\n')  # public_function removed: an api break
    for number in range(4):  # one more new file than the roadmap allows
        write(repo, f"pkg/extra_{number}.py", "X = 1\n")
    return repo


def _summary(repo: Path) -> tuple[object, ...]:
    result = run_checks(CheckOptions(root=repo, gate=False))
    return (tuple((f.kind, f.path, f.line, f.message) for f in result.findings),
            tuple((limit.name, limit.value, limit.origin, limit.where) for limit in result.limits))


def test_the_roadmap_and_the_api_read_in_children_equal_those_read_here(
        tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _project(tmp_path)
    in_children = _summary(repo)
    # the roadmap and the api comparison (the base's listing is git's own process, not a fork of this one;
    # the installed distributions are read here, when an import asks)
    assert len(children) == 2
    findings, limits = in_children
    assert {kind for kind, *_rest in findings} >= {FindingKind.API_BREAK, FindingKind.TOO_MANY_NEW_FILES}
    assert ("max-new-files", 3, "roadmap", "ROADMAP.md:7") in [(n, v, o.value, w) for n, v, o, w in limits]
    assert _summary(repo) == in_children and len(children) == 2  # cached: no child
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)  # no fork: all in this process
    for cache in (repo / ".refactor_tool_cache").glob("*.json"):
        cache.unlink()
    assert _summary(repo) == in_children and len(children) == 2


def test_a_run_failing_while_the_roadmap_is_read_leaves_no_child(tmp_path: Path, children: list[int]) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    write(folder, "pyproject.toml", '[tool.refactor_tool]\nroadmap = "ROADMAP.md"\n')
    write(folder, "ROADMAP.md", ROADMAP)
    with pytest.raises(GitError, match="--staged needs a git repository"):
        run_checks(CheckOptions(root=folder, gate=False, staged=True))
    assert len(children) == 1  # the roadmap
    for pid in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_a_staged_run_compares_the_staged_api_in_a_child_and_leaves_no_copy(
        tmp_path: Path, children: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path)
    take_snapshot("pkg", output=repo / "reports" / "api" / "pkg.json", cwd=repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "snapshot")
    kept = (repo / "pkg/core.py").read_text()
    write(repo, "pkg/core.py", '"""Core."""\nimport click\n')  # public_function removed, staged ...
    git(repo, "add", "pkg/core.py")
    write(repo, "pkg/core.py", kept)  # ... and back in the work tree
    copies = tmp_path / "tmp"
    copies.mkdir()
    monkeypatch.setenv("TMPDIR", str(copies))
    monkeypatch.setattr("tempfile.tempdir", None)

    def api_breaks(staged: bool) -> list[str]:
        result = run_checks(CheckOptions(root=repo, gate=False, staged=staged, cache=False))
        return [f.message for f in result.findings if f.kind is FindingKind.API_BREAK]

    staged = api_breaks(staged=True)
    assert len(children) == 1 and any("public_function" in message for message in staged)  # the api engine
    assert api_breaks(staged=False) == [] and list(copies.iterdir()) == []
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)  # no fork: all in this process
    assert api_breaks(staged=True) == staged and len(children) == 2 and list(copies.iterdir()) == []
