"""Reading many files' facts on several cores: forked children, each reading a share of the bytes.

A process pool (`concurrent.futures`) costs about 0.15 s to import and start, as much as reading the
whole standard-library copy of the benchmark; a fork costs about a millisecond and inherits every module
already loaded. So the files are split into shares of about equal size, one per core that has at least
`SHARE_BYTES` to read, each child sends its facts back through a pipe (marshal), and the parent reads the
first share itself. A child that fails leaves its share to the parent, so a result never depends on it.

`in_background` runs one call (the api engine's comparison) in a forked child the same way, while the
parent reads the files' facts and runs the other checks.

Only on Linux, and only while no other thread runs (forking a process with threads may deadlock the
child; a progress spinner on a terminal is such a thread, so interactive runs read serially).
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from refactor_tool.check.facts import ModuleFacts

#: Bytes of source that make a fork worth its cost (about 25 ms of scanning).
SHARE_BYTES = 512 * 1024
_MOST_WORKERS = 16


def parse_all(read: Callable[[bytes], ModuleFacts], contents: Sequence[bytes]) -> list[ModuleFacts]:
    """`[read(data) for data in contents]`, on several cores when there is enough to read."""
    shares = _shares(contents, _workers(sum(len(data) for data in contents)))
    if len(shares) < 2:
        return [read(data) for data in contents]
    read(b"")  # load what `read` loads lazily before forking: no child imports anything
    found: dict[int, ModuleFacts] = {}
    children = [(*_start(read, contents, share), share) for share in shares[1:]]
    waiting = {pid: pipe for pid, pipe, _share in children}
    try:
        for position in shares[0]:
            found[position] = read(contents[position])
        for pid, _pipe, share in children:
            with os.fdopen(waiting.pop(pid), "rb") as stream:
                data = stream.read()
            succeeded = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
            found.update((succeeded and _decoded(data, share)) or {p: read(contents[p]) for p in share})
    finally:
        for pid, pipe in waiting.items():  # the parent failed: a closed pipe ends the child, then reap it
            os.close(pipe)
            os.waitpid(pid, 0)
    return [found[position] for position in range(len(contents))]


def _workers(total: int) -> int:
    if not _may_fork():
        return 1
    cores = len(os.sched_getaffinity(0))
    return max(1, min(cores, total // SHARE_BYTES, _MOST_WORKERS))


def _may_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


class Background:
    """`call()` (returning marshal-able data) computed in a forked child while the parent goes on.

    `result()` waits for the child's answer; without a child (not Linux, a thread running, one core), or
    when the child failed or sent no complete answer, the parent calls `call()` itself there, so errors
    are raised where they would be without a child. `close()` ends a child whose answer is not wanted.
    """

    def __init__(self, call: Callable[[], object]) -> None:
        self._call = call
        self._child: tuple[int, int] | None = None
        if _may_fork() and len(os.sched_getaffinity(0)) > 1:
            self._child = _start_call(call)

    def result(self) -> object:
        if self._child is not None:
            pid, pipe = self._child
            self._child = None
            with os.fdopen(pipe, "rb") as stream:
                data = stream.read()
            if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0:
                try:
                    return marshal.loads(data)
                except (EOFError, ValueError, TypeError):
                    pass
        return self._call()

    def close(self) -> None:
        if self._child is not None:
            pid, pipe = self._child
            self._child = None
            os.close(pipe)  # a child still writing ends on the closed pipe
            os.waitpid(pid, 0)


class Soon:
    """An answer computed on first `result()` (by a `Background` or in this process); `close()` drops it."""

    def __init__(self, compute: Callable[[], Any], close: Callable[[], None] = lambda: None) -> None:
        self._compute, self._close = compute, close

    def result(self) -> Any:
        return self._compute()

    def close(self) -> None:
        self._close()


def _start_call(call: Callable[[], object]) -> tuple[int, int]:
    out, into = os.pipe()
    pid = os.fork()
    if pid:
        os.close(into)
        return pid, out
    status = 1
    try:  # the child: never returns, never runs the parent's exit handlers
        os.close(out)
        data = marshal.dumps(call())
        with os.fdopen(into, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)


def _shares(contents: Sequence[bytes], workers: int) -> list[list[int]]:
    """Positions of `contents` in `workers` groups of about equal size (largest files first)."""
    if workers < 2:
        return [list(range(len(contents)))]
    shares: list[list[int]] = [[] for _ in range(workers)]
    sizes = [0] * workers
    for position in sorted(range(len(contents)), key=lambda p: -len(contents[p])):
        smallest = sizes.index(min(sizes))
        shares[smallest].append(position)
        sizes[smallest] += len(contents[position])
    return [share for share in shares if share]


def _start(read: Callable[[bytes], ModuleFacts], contents: Sequence[bytes], share: list[int]) -> tuple[int, int]:
    """Fork a child that reads `share` and writes the facts' data to a pipe; (pid, the pipe's read end)."""
    return _start_call(lambda: [read(contents[position]).as_data() for position in share])


def _decoded(data: bytes, share: list[int]) -> dict[int, ModuleFacts] | None:
    """A child's facts by position, None when what it sent is not a complete answer."""
    try:
        records = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(records, list) or len(records) != len(share):
        return None
    return {position: ModuleFacts.from_data(record) for position, record in zip(share, records, strict=True)}
