"""SignalGuard: SIGINT/SIGTERM become `Interrupted` inside it, wait during shielded steps, ignored ones stay ignored."""

from __future__ import annotations

import os
import signal
import time

import pytest

from refactor_tool.io.interrupts import Interrupted, SignalGuard, deliver_held, held


def _send(signum: int) -> None:
    os.kill(os.getpid(), signum)
    time.sleep(0.05)  # the handler runs at the next bytecode boundary in the main thread


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_inside_the_guard_raises_interrupted(signum: int, code: int) -> None:
    previous = signal.signal(signum, signal.default_int_handler)  # whatever the test runner was started with
    try:
        with pytest.raises(Interrupted) as raised, SignalGuard():
            _send(signum)
        assert raised.value.exit_code == code and raised.value.signal_name == signal.Signals(signum).name
        assert signal.getsignal(signum) is signal.default_int_handler  # restored
    finally:
        signal.signal(signum, previous)


def test_a_shielded_step_finishes_and_the_signal_is_delivered_after_the_guard() -> None:
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)  # KeyboardInterrupt, observable
    finished = False
    try:
        with pytest.raises(KeyboardInterrupt), SignalGuard() as guard, guard.shielded():
            _send(signal.SIGTERM)
            finished = True
        assert finished
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_signals_after_the_first_are_held_not_raised_again() -> None:
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(Interrupted), SignalGuard():
            try:
                _send(signal.SIGINT)
            except Interrupted:
                _send(signal.SIGINT)  # a second Ctrl+C while rolling back: does not interrupt the rollback
                raise
    finally:
        signal.signal(signal.SIGINT, previous)


def test_an_ignored_sigint_stays_ignored() -> None:
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as under nohup or in a background job
    try:
        with SignalGuard():
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            _send(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, previous)


def test_a_signal_while_a_child_starts_waits_until_its_starter_can_stop_it() -> None:
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    started = False
    try:
        with pytest.raises(Interrupted), SignalGuard():
            with held():
                _send(signal.SIGTERM)  # e.g. inside subprocess.Popen, before the pid is known
                started = True
            assert started
            deliver_held()
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_held_and_deliver_held_do_nothing_outside_a_guard() -> None:
    with held():
        pass
    deliver_held()
