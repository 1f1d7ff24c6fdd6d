"""SIGINT and SIGTERM as an exception while files are changing, so the transaction can roll back.

Outside a guard Python's own handlers apply (KeyboardInterrupt, termination). Inside one, either
signal raises `Interrupted`; during a `shielded()` step (a rollback, the journal's bookkeeping) it is
held and delivered again, to the handler that was there before, once the guard closes.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

__all__ = ["Interrupted", "SignalGuard", "deliver_held", "held"]

_SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: The guards now open, innermost last; `held()` and `deliver_held()` act on the innermost.
_OPEN: list[SignalGuard] = []


class Interrupted(BaseException):
    """A signal stopped the work; a BaseException like KeyboardInterrupt, so `except Exception` lets it pass."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        """128 + the signal number, what a shell reports for a process the signal stopped (130, 143)."""
        return 128 + self.signum


class SignalGuard:
    """While entered (in the main thread), SIGINT and SIGTERM raise `Interrupted`; ignored ones stay ignored.

    A process started with SIGINT ignored (`nohup`, a background job) keeps ignoring it: that is the
    user's choice, not ours to undo.
    """

    def __init__(self) -> None:
        self._previous: dict[int, Any] = {}
        self._shielded = 0
        self._held: int | None = None
        self._raised = False

    def __enter__(self) -> SignalGuard:
        if threading.current_thread() is not threading.main_thread():
            return self  # signal handlers can only be set from the main thread
        for signum in _SIGNALS:
            previous = signal.getsignal(signum)
            if previous is signal.SIG_IGN:
                continue
            self._previous[signum] = previous
            signal.signal(signum, self._handle)
        _OPEN.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        if self in _OPEN:
            _OPEN.remove(self)
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        self._previous.clear()
        held, self._held = self._held, None
        if held is not None and not self._raised:
            signal.raise_signal(held)  # the work finished consistently; now the signal does what it did before

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._shielded or self._raised:
            self._held = self._held or signum
            return
        self._raised = True
        raise Interrupted(signum)

    @contextmanager
    def shielded(self) -> Iterator[None]:
        """A step that must finish once started (restoring files, moving the journal): signals wait."""
        self._shielded += 1
        try:
            yield
        finally:
            self._shielded -= 1

    def deliver_held(self) -> None:
        """A signal held by a step that is over now interrupts, as it would have then."""
        held, self._held = self._held, None
        if held is not None and not self._raised and not self._shielded:
            self._raised = True
            raise Interrupted(held)


@contextmanager
def held() -> Iterator[None]:
    """Signals wait while a child process starts, so its starter always has the pid to stop it with.

    Follow with `deliver_held()` where stopping the child is handled. Outside a guard, or in another
    thread than the main one (which alone receives signals; whoever waits there stops that child), it
    does nothing.
    """
    if not _OPEN or threading.current_thread() is not threading.main_thread():
        yield
        return
    with _OPEN[-1].shielded():
        yield


def deliver_held() -> None:
    """Raise `Interrupted` now for a signal `held()` kept waiting (inside a guard, in the main thread)."""
    if _OPEN and threading.current_thread() is threading.main_thread():
        _OPEN[-1].deliver_held()
