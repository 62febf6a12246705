"""Test-only event sources, enabled by `PEERLEARN_LOCAL_TEST_HOOKS=1` (never by default).

They let the integration tests exercise the local Lambda machinery (SQS redelivery, partial batch
failures, dead-lettering, the scheduler loop) without touching the app:

- queue `peerlearn-local-test-hooks` (+ `-dlq`), handler `local_test_sqs`. Each body is JSON
  `{"tag": "...", "fail": "always" | "never" | <n>, "partial": bool}`: `fail: n` fails the first
  n deliveries; with `partial` the failure is reported through `batchItemFailures` instead of an
  exception. Every delivery is recorded and served at `GET /_dev/test-hooks/sqs?tag=...`.
- schedule `local_test_tick`, `rate(1 hour)`: counts its runs (see `GET /_dev/schedule`).
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from chalice.app import EventSourceHandler, SQSEvent

from local.app_loader import LambdaHandler

ENV_FLAG = "PEERLEARN_LOCAL_TEST_HOOKS"
TEST_QUEUE = "peerlearn-local-test-hooks"
SQS_HANDLER = "local_test_sqs"
TICK_HANDLER = "local_test_tick"
TICK_EXPRESSION = "rate(1 hour)"

_lock = threading.Lock()
_deliveries: list[dict[str, Any]] = []
_ticks: list[float] = []


class HookFailure(RuntimeError):
    pass


def _sqs_handler(event: SQSEvent) -> dict[str, Any] | None:
    failures: list[dict[str, str]] = []
    raise_error = False
    for record in event:
        raw = record.to_dict()
        try:
            body = json.loads(record.body)
        except ValueError:
            body = {}
        body = body if isinstance(body, dict) else {}
        count = int(raw.get("attributes", {}).get("ApproximateReceiveCount", "1"))
        fail = body.get("fail", "never")
        failing = fail == "always" or (isinstance(fail, int) and count <= fail)
        with _lock:
            _deliveries.append({"tag": body.get("tag"), "message_id": raw["messageId"], "receive_count": count,
                                "outcome": "failed" if failing else "ok", "event_source_arn": raw["eventSourceARN"],
                                "at": time.time()})
        if failing:
            if body.get("partial"):
                failures.append({"itemIdentifier": raw["messageId"]})
            else:
                raise_error = True
    if raise_error:
        raise HookFailure("test hook asked to fail")
    return {"batchItemFailures": failures} if failures else None


def _tick_handler(event: Any) -> dict[str, Any]:
    with _lock:
        _ticks.append(time.time())
        return {"ticks": len(_ticks)}


def sqs_handler() -> LambdaHandler:
    """Wrapped exactly as `@app.on_sqs_message` wraps a handler."""
    return EventSourceHandler(_sqs_handler, SQSEvent)


def tick_handler() -> LambdaHandler:
    from chalice.app import CloudWatchEvent

    return EventSourceHandler(_tick_handler, CloudWatchEvent)


def deliveries(tag: str | None = None) -> list[dict[str, Any]]:
    with _lock:
        return [dict(d) for d in _deliveries if tag is None or d["tag"] == tag]


def ticks() -> int:
    with _lock:
        return len(_ticks)


EVENT_FAULT_ENV = "PEERLEARN_LOCAL_EVENT_FAULT_RATE"
_event_faults = {"injected": 0}


def install_event_faults(rate: float, seed: int = 7) -> None:
    """Make each subscriber call fail first with probability `rate` (bench/events.py): a transient
    fault before the subscriber runs, so the dispatcher's retries and dead letters are exercised."""
    import random

    from chalicelib.events import wiring

    rng = random.Random(seed)
    real = wiring.resolve

    def resolve(name: str) -> Any:
        fn = real(name)

        def flaky(event: Any, meta: Any) -> None:
            with _lock:
                fail = rng.random() < rate
                if fail:
                    _event_faults["injected"] += 1
            if fail:
                raise HookFailure(f"injected fault in {name}")
            fn(event, meta)

        return flaky

    wiring.resolve = resolve


def event_faults() -> dict[str, int]:
    with _lock:
        return dict(_event_faults)
