"""Domain events under load and injected faults, over the real local stack.

Starts the local stack (`python -m local`, its outbox poller standing in for the DynamoDB stream)
with test hooks on, PEERLEARN_LOCAL_EVENT_FAULT_RATE (default 5 %: each subscriber call fails
first with that probability) and a 1-second retry base. Then:

1. creates N mentors' sessions (free, one seat, one hour each) and has N learners book one each,
   through `POST /api/sessions` and `POST /api/sessions/{id}/book`;
2. cancels every session (`POST /api/sessions/{id}/cancel`): N `session.cancelled` events, each
   fanning out to two subscribers (slot release, bookings), whose booking closes write N
   `booking.cancelled` events (payments' refund subscriber) and notify each learner once;
3. runs the retry schedule until nothing is pending or retrying, then reads the stack's tables.

Measured:
- `events`: `session.cancelled` events stored; `delivered`: reactions done, of `expected`;
- `lost`: reactions neither done nor dead-lettered, bookings not cancelled, learners never told;
- `duplicated_effects`: learners told twice about one cancellation;
- `dead_letters`: reactions parked after 5 attempts;
- `dispatch_p50_ms` / `dispatch_p95_ms`: event written → reaction done (retries included).

    python bench/events.py [--changes 500] [--fault-rate 0.05] [--workers 4]

The last line is JSON. Exit 1 when `lost` or `duplicated_effects` is not 0, 2 if the run failed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    Stack,
    create_users,
    http_session,
    log,
    mint_tokens,
    next_slot,
    percentile,
    run_on_stack,
    stack_environment,
    wait_for,
)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--changes", type=int, default=500)
    p.add_argument("--fault-rate", type=float, default=0.05)
    p.add_argument("--workers", type=int, default=4)
    args = p.parse_args(argv)
    env = {"PEERLEARN_LOCAL_TEST_HOOKS": "1", "PEERLEARN_LOCAL_EVENT_FAULT_RATE": str(args.fault_rate),
           "PEERLEARN_EVENTS_RETRY_BASE_SECONDS": "1"}
    with tempfile.TemporaryDirectory(prefix="bench-events-") as tmp:
        return run_on_stack("events", Path(tmp), lambda stack: run(stack, args), env=env)


def _post(api: str, path: str, token: str, body: dict[str, Any]) -> Any:
    with http_session() as s:
        # generous: the shared 2-core machine can stall a request for a while under this load
        r = s.post(f"{api}{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=300)
    if r.status_code not in (200, 201):
        raise RuntimeError(f"POST {path} answered {r.status_code}: {r.text[:300]}")
    return r.json()


def run(stack: Stack, args: argparse.Namespace) -> int:
    info = stack.info
    api = str(info["api_url"])
    n = args.changes
    per_mentor = 20
    # The run outlasts a 15-minute access token on a loaded machine; the tokens are minted here.
    os.environ["PEERLEARN_ACCESS_TOKEN_TTL"] = "14400"
    with stack_environment(info):
        mentors = create_users(-(-n // per_mentor), role="mentor", tag="events")
        learners = create_users(n, role="learner", tag="events")
        mint_tokens(mentors + learners)
    run_tag = str(int(time.time()))

    def publish(i: int) -> str:
        mentor = mentors[i // per_mentor]
        body = {"title": f"Events bench {run_tag} #{i}", "description": "Benchmark session.",
                "topics": ["Benchmarks"], "category": "Programming",
                "starts_at": next_slot(2 * 86400 + (i % per_mentor) * 3600), "duration_min": 60, "price_paise": 0,
                "seats": 1, "requires_approval": False}
        session_id = str(_post(api, "/sessions", mentor.token, body)["session_id"])
        _post(api, f"/sessions/{session_id}/book", learners[i].token, {})
        return session_id

    t0 = time.monotonic()
    with ThreadPoolExecutor(args.workers) as pool:
        sessions = list(pool.map(publish, range(n)))
    log(f"{n} sessions published and booked in {time.monotonic() - t0:.1f} s")

    t1 = time.monotonic()
    with ThreadPoolExecutor(args.workers) as pool:
        list(pool.map(lambda i: _post(api, f"/sessions/{sessions[i]}/cancel",
                                      mentors[i // per_mentor].token, {"reason": "Bench"}), range(n)))
    log(f"{n} sessions cancelled in {time.monotonic() - t1:.1f} s")

    with stack_environment(info):
        settle(stack, info)
        result = measure(info, sessions, learners, run_tag)
    result["seconds"] = round(time.monotonic() - t0, 1)
    print(json.dumps(result))
    return 0 if result["lost"] == 0 and result["duplicated_effects"] == 0 else 1


def settle(stack: Stack, info: dict[str, Any]) -> None:
    """Run the retry schedule until no event is pending and no reaction waits for a retry."""
    from chalicelib.core.events import PENDING, OutboxEvent
    from chalicelib.events.dispatch import RETRY_KEY
    from chalicelib.events.models import Delivery

    def quiet() -> bool:
        with http_session() as s:
            s.post(f"{info['url']}/_dev/schedule/retry_event_deliveries", timeout=60)
        pending = next(iter(OutboxEvent.by_pending.query(PENDING, limit=1)), None)
        retrying = next(iter(Delivery.retry_due.query(RETRY_KEY, limit=1)), None)
        return pending is None and retrying is None

    wait_for(quiet, timeout=600, interval=1.0, message="the outbox to drain and every retry to settle")


def measure(info: dict[str, Any], sessions: list[str], learners: list[Any], run_tag: str) -> dict[str, Any]:
    from chalicelib.bookings.models import Booking
    from chalicelib.core.events import OutboxEvent
    from chalicelib.events import wiring
    from chalicelib.events.models import DEAD, DONE, Delivery
    from chalicelib.notifications.models import Notification

    wanted = set(sessions)
    # A Scan is fine here: this is the benchmark checking the outbox, not a user-facing path.
    stored = [e for e in OutboxEvent.scan() if e.type in ("session.cancelled", "booking.cancelled")]
    cancelled = [e for e in stored if e.type == "session.cancelled" and json.loads(e.payload)["session_id"] in wanted]
    booking_events = [e for e in stored if e.type == "booking.cancelled"
                      and json.loads(e.payload)["session_id"] in wanted]
    expected = done = dead = 0
    latencies: list[float] = []
    for e in cancelled + booking_events:
        rows = {d.subscriber: d for d in Delivery.query(e.event_id)}
        for name in wiring.subscribers(e.type):
            expected += 1
            d = rows.get(name)
            if d is not None and d.status == DONE:
                done += 1
                if d.done_ms and e.created_ms:
                    latencies.append(float(d.done_ms) - float(e.created_ms))
            elif d is not None and d.status == DEAD:
                dead += 1
    still_open = sum(1 for s in sessions for b in Booking.by_session.query(s) if b.status != "cancelled")
    told: Counter[str] = Counter()
    for learner in learners:
        for note in Notification.query(learner.user_id):
            if note.kind == "session_cancelled" and run_tag in note.title:
                told[f"{learner.user_id}|{note.title}"] += 1
    never_told = len(sessions) - len(told)
    duplicated = sum(c - 1 for c in told.values() if c > 1)
    attempts = [int(d.attempts) for e in cancelled for d in Delivery.query(e.event_id)]
    return {
        "events": len(cancelled), "expected": expected, "delivered": done,
        "lost": (expected - done - dead) + still_open + max(0, never_told - dead),
        "duplicated_effects": duplicated, "dead_letters": dead,
        "retried": sum(1 for a in attempts if a > 1),
        "dispatch_p50_ms": round(percentile(latencies, 50), 1) if latencies else None,
        "dispatch_p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
        "booking_events": len(booking_events),
    }


if __name__ == "__main__":
    sys.exit(main())
