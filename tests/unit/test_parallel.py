"""core.parallel.gather: independent reads side by side, results in order, errors after all finish."""

from __future__ import annotations

import contextvars
import threading
import time

import pytest

from chalicelib.core.parallel import gather

WHO = contextvars.ContextVar("who", default="nobody")


def test_results_come_back_in_argument_order_and_the_calls_overlap():
    started = threading.Barrier(3, timeout=5)  # all three must be running at once to get past it

    def call(value: int):
        def run() -> int:
            started.wait()
            return value
        return run

    assert gather(call(1), call(2), call(3)) == [1, 2, 3]


def test_the_first_error_is_raised_only_after_every_call_has_finished():
    finished = []

    def slow() -> str:
        time.sleep(0.05)
        finished.append("slow")
        return "slow"

    def broken() -> None:
        raise LookupError("gone")

    with pytest.raises(LookupError, match="gone"):
        gather(broken, slow)
    assert finished == ["slow"]


def test_each_call_sees_the_callers_context():
    WHO.set("asha")
    assert gather(lambda: WHO.get(), lambda: WHO.get()) == ["asha", "asha"]


def test_a_gather_inside_a_pooled_call_runs_in_that_thread_and_never_waits_on_the_pool():
    def inner() -> list[str]:
        me = threading.current_thread().name
        return [name for name in gather(lambda: threading.current_thread().name,
                                         lambda: threading.current_thread().name) if name != me]

    # far more nested gathers than pool threads: with nested waits on the pool this would hang
    results = gather(lambda: [], *([inner] * 40))
    assert results[1:] == [[]] * 40
