"""Booking race over real HTTP: N learners press "Book" on a C-seat session at the same instant.

Starts the local stack (`python -m local` on free loopback ports), signs a mentor up through the
real flow (signup → code from the dev mailbox → verify-email), publishes one session with C seats,
creates N verified learners (the app's `create_user`, in-process against the stack's moto — see
bench/_common.py), gives each its own keep-alive connection (warmed with one GET), then releases
all N `POST /api/sessions/{id}/book` at once with a thread barrier.

    python bench/booking_race.py [--learners 200] [--capacity 1] [--price-paise 0] [--tokens jwt|login]

The 201 count is cross-checked against `GET /api/sessions/{id}` (seats_left) and against the open
bookings stored for the session (a Query on the bookings `by-session` index). The last line is JSON:
{"attempts": N, "capacity": C, "confirmed_or_held": ..., "oversold": ..., "p50_ms": ..., "p95_ms": ...}
(+ the cross-checks and the refusal codes). Target: oversold 0 and exactly C seats taken. Exits 1
if seats were oversold or the three counts disagree, 2 if the run itself failed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from _common import (  # bench/_common.py (the script's directory is first on sys.path)
    BenchUser,
    Stack,
    create_session,
    create_users,
    http_session,
    log,
    login_tokens,
    mint_tokens,
    percentile,
    run_on_stack,
    sign_up,
    stack_environment,
    stored_open_bookings,
)


@dataclass
class Attempt:
    status: int
    code: str  # booking status on 201, error code otherwise
    ms: float
    started: float  # perf_counter when this thread left the barrier


def race(api: str, session_id: str, learners: list[BenchUser], *, timeout: float) -> list[Attempt]:
    """One thread and one warmed keep-alive connection per learner; all released by one barrier."""
    barrier = threading.Barrier(len(learners))
    results: list[Attempt | None] = [None] * len(learners)
    errors: list[str] = []

    def run(i: int, learner: BenchUser) -> None:
        with http_session(pool_size=1) as s:
            try:
                warm = s.get(f"{api}/sessions/{session_id}", timeout=timeout)  # opens the connection
                if warm.status_code != 200:
                    raise RuntimeError(f"warm-up GET answered {warm.status_code}")
                barrier.wait(timeout)
            except Exception as exc:
                barrier.abort()
                errors.append(f"learner {i}: {exc!r}")
                return
            started = time.perf_counter()
            try:
                r = s.post(f"{api}/sessions/{session_id}/book", json={}, timeout=timeout,
                           headers={"Authorization": f"Bearer {learner.token}"})
            except Exception as exc:  # a refused/reset connection is a result too
                results[i] = Attempt(0, type(exc).__name__, (time.perf_counter() - started) * 1000, started)
                return
            ms = (time.perf_counter() - started) * 1000
            try:
                data = r.json()
            except ValueError:
                data = {}
            code = str(data.get("status") if r.status_code == 201 else data.get("error", r.status_code))
            results[i] = Attempt(r.status_code, code, ms, started)

    threads = [threading.Thread(target=run, args=(i, u), daemon=True) for i, u in enumerate(learners)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + timeout * 2 + 30
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    if errors:
        raise RuntimeError(f"{len(errors)} learners could not take part; first: {errors[0]}")
    if any(t.is_alive() for t in threads):
        raise RuntimeError("some booking requests did not finish in time")
    return [a for a in results if a is not None]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200, help="racing learners (N)")
    parser.add_argument("--capacity", type=int, default=1, help="seats in the session (C)")
    parser.add_argument("--price-paise", type=int, default=0,
                        help="0: free (a 201 is `confirmed`); > 0: paid (a 201 is a `pending_payment` hold)")
    parser.add_argument("--tokens", choices=("jwt", "login"), default="jwt",
                        help="mint access tokens with the app's issuer (fast) or via POST /api/auth/login "
                             "(one argon2id verify per learner on the server)")
    parser.add_argument("--workers", type=int, default=8, help="threads creating learners")
    parser.add_argument("--timeout", type=float, default=120.0, help="per-request and barrier timeout, seconds")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the stack's logs here")
    args = parser.parse_args(argv)
    if args.learners < 1 or args.capacity < 1:
        parser.error("--learners and --capacity must be at least 1")
    with tempfile.TemporaryDirectory(prefix="booking-race-") as tmp:
        workdir = args.workdir or Path(tmp)
        t0 = time.monotonic()
        return run_on_stack("booking race", workdir, lambda stack: run(stack, args, t0),
                            env={"PEERLEARN_MAX_SEATS": str(max(10, args.capacity))})


def run(stack: Stack, args: argparse.Namespace, t0: float) -> int:
    log(f"stack up in {time.monotonic() - t0:.1f} s at {stack.url} (moto {stack.info['aws_endpoint_url']})")
    t = time.monotonic()
    mentor = sign_up(stack.info, "mentor")
    session = create_session(stack.info, mentor, seats=args.capacity, price_paise=args.price_paise)
    sid = str(session["session_id"])
    log(f"mentor signed up and session {sid} ({args.capacity} seats) published in {time.monotonic() - t:.1f} s")
    t = time.monotonic()
    with stack_environment(stack.info):
        learners = create_users(args.learners, role="learner", workers=args.workers)
        if args.tokens == "jwt":
            mint_tokens(learners)
    if args.tokens == "login":
        login_tokens(stack.api, learners, workers=args.workers)
    log(f"{len(learners)} learners created and signed in ({args.tokens}) in {time.monotonic() - t:.1f} s")

    attempts = race(stack.api, sid, learners, timeout=args.timeout)
    first = min(a.started for a in attempts)
    spread_ms = (max(a.started for a in attempts) - first) * 1000
    wall = max(a.started + a.ms / 1000 for a in attempts) - first
    with http_session() as s:
        seen = s.get(f"{stack.api}/sessions/{sid}", timeout=30).json()
    seats_taken = int(seen["seats"]) - int(seen["seats_left"])
    stored = stored_open_bookings(stack.info, sid)

    won = sum(1 for a in attempts if a.status == 201)
    outcomes = Counter(f"{a.status} {a.code}" for a in attempts)
    expected_refusals = {"sold_out", "busy"}
    unexpected = {k: v for k, v in outcomes.items() if not (k.startswith("201 ") or
                                                            k.split(" ", 1)[1] in expected_refusals)}
    oversold = max(0, max(won, seats_taken, stored) - args.capacity)
    consistent = won == seats_taken == stored
    lat = [a.ms for a in attempts]
    log(f"{len(attempts)} requests released within {spread_ms:.1f} ms, all answered in {wall:.2f} s")
    log("outcomes: " + ", ".join(f"{k} ×{v}" for k, v in sorted(outcomes.items())))
    log(f"201s {won}, seats taken per GET /sessions/{{id}} {seats_taken}, open bookings stored {stored}"
        f"{'' if consistent else '  <-- DISAGREE'}")
    log(f"latency ms: p50 {percentile(lat, 50):.0f}, p95 {percentile(lat, 95):.0f}, max {max(lat):.0f}")
    if unexpected:
        log(f"unexpected answers: {unexpected}")
    if won < min(len(attempts), args.capacity):
        log(f"only {won} of {args.capacity} seats were taken (not oversold, but seats went unsold)")
    print(json.dumps({
        "attempts": len(attempts), "capacity": args.capacity, "confirmed_or_held": won, "oversold": oversold,
        "p50_ms": round(percentile(lat, 50), 1), "p95_ms": round(percentile(lat, 95), 1),
        "seats_taken": seats_taken, "stored_bookings": stored, "consistent": consistent,
        "refusals": {k: v for k, v in sorted(outcomes.items()) if not k.startswith("201 ")},
    }))
    return 0 if oversold == 0 and consistent else 1


if __name__ == "__main__":
    sys.exit(main())
