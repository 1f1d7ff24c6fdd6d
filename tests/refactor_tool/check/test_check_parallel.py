"""Facts read in forked children equal facts read in one process, and a failing child changes nothing."""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

import pytest

from refactor_tool.check import parallel
from refactor_tool.check.facts import ModuleFacts
from refactor_tool.check.read import read_scanned

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="children are forked on Linux only")
EMAIL = sorted((Path(sysconfig.get_paths()["stdlib"]) / "email").rglob("*.py"))


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every share is worth a child; the list collects the children's pids."""
    started: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(parallel, "SHARE_BYTES", 1)
    monkeypatch.setattr(parallel.os, "fork", fork)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: set(range(3)))
    return started


def test_facts_read_in_children_equal_those_read_in_one_process(forks: list[int]) -> None:
    contents = [path.read_bytes() for path in EMAIL]
    assert parallel.parse_all(read_scanned, contents) == [read_scanned(data) for data in contents]
    assert len(forks) == 2


def test_the_share_of_a_failing_child_is_read_by_the_parent(forks: list[int]) -> None:
    parent = os.getpid()

    def read_in_parent_only(data: bytes) -> ModuleFacts:
        if os.getpid() != parent:
            raise RuntimeError("a child that fails")
        return read_scanned(data)

    contents = [path.read_bytes() for path in EMAIL]
    assert parallel.parse_all(read_in_parent_only, contents) == [read_scanned(data) for data in contents]
    assert len(forks) == 2


def test_small_inputs_and_threads_are_read_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    assert parallel._workers(parallel.SHARE_BYTES - 1) == 1
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    assert parallel._workers(100 * parallel.SHARE_BYTES) == 1


def test_shares_are_about_equal_in_bytes() -> None:
    contents = [b"x" * size for size in (90, 10, 50, 40, 30, 20, 60)]
    shares = parallel._shares(contents, 2)
    assert sorted(p for share in shares for p in share) == list(range(len(contents)))
    assert [sum(len(contents[p]) for p in share) for share in shares] == [150, 150]


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A background call gets a child (as on a 2-core machine); the list collects the children's pids."""
    started: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(parallel.os, "fork", fork)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1})
    return started


def test_a_background_call_is_answered_by_its_child(two_cores: list[int]) -> None:
    parent = os.getpid()
    pending = parallel.Background(lambda: {"pid": os.getpid(), "facts": [[1, "a"], None]})
    answer = pending.result()
    assert answer == {"pid": two_cores[0], "facts": [[1, "a"], None]}
    assert answer["pid"] != parent  # type: ignore[index]


def test_a_failing_background_child_leaves_the_call_to_the_parent(two_cores: list[int]) -> None:
    parent = os.getpid()

    def only_in_the_parent() -> int:
        if os.getpid() != parent:
            raise RuntimeError("a child that fails")
        return 42

    assert parallel.Background(only_in_the_parent).result() == 42
    assert len(two_cores) == 1


def test_an_error_of_a_background_call_is_raised_in_the_parent(two_cores: list[int]) -> None:
    def broken() -> int:
        raise ValueError("no such snapshot")

    with pytest.raises(ValueError, match="no such snapshot"):
        parallel.Background(broken).result()


def test_without_a_second_core_or_with_threads_the_call_runs_in_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(parallel.os, "fork", lambda: pytest.fail("forked"))
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0})
    pending = parallel.Background(lambda: calls.append(os.getpid()) or "done")
    assert calls == []  # nothing runs before the answer is wanted
    assert pending.result() == "done"
    assert calls == [os.getpid()]
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1})
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    assert parallel.Background(lambda: "also done").result() == "also done"


def test_a_closed_background_call_leaves_no_child(two_cores: list[int]) -> None:
    pending = parallel.Background(lambda: "x" * 1_000_000)  # more than a pipe holds: the child blocks writing
    pending.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(two_cores[0], os.WNOHANG)
