"""Webhook chaos over real HTTP: N paid bookings whose Razorpay webhooks arrive 3× each, shuffled,
mixed with forgeries, while callbacks race them and some bookings are cancelled and refunded.

Starts the local stack (`python -m local` on free loopback ports, with its Razorpay stand-in), and:

1. creates mentors and N learners (the app's `create_user` in-process against the stack's moto,
   see bench/_common.py), publishes ceil(N / 10) paid 10-seat sessions at assorted prices, and has
   every learner book a seat and create its order (`POST /api/payments/orders`);
2. tells the stand-in to record but never send its webhooks (`drop_next`), pays every order through
   the stand-in's test checkout, and collects the signed events (`GET /_standin/events`: exact body,
   signature and event id);
3. sends every payment event 3 times, shuffled, from 8 threads, together with the Checkout callback
   (`POST /api/payments/verify`) for a random half of the payments and 10 % extra forged deliveries
   (a wrong signature, no signature, a tampered body under a genuine signature, an event signed with
   another secret); waits until the stand-in is idle and the app's webhook queue is empty;
4. has 5 % of the learners cancel (full refund: Refunds API, `refund.created` / `refund.processed`),
   collects those events and delivers them the same way (3×, shuffled, + 10 % forged); waits again;
5. checks through the API and the stack's DynamoDB:
   - `double_credits`: mentors whose share (held + available + in payouts + withdrawn, from
     `GET /api/payments/earnings`) exceeds 90 % of what they were paid minus refunds, plus bookings
     with more than one capture posting in the ledger;
   - `missing_credits`: the opposite (a mentor short of their share; a payment never captured);
   - `forged_accepted`: forged deliveries answered 2xx; `genuine_refused`: genuine ones not 200;
   - `ledger_balanced`: every ledger leg sums to 0 (a Scan of the ledger table);
   - `mismatched_bookings`: booking and payment disagree (confirmed ⇔ captured, cancelled ⇔
     refunded with its refund processed);
   - `dead_letters`: webhook events the consumer gave up on.

    python bench/webhook_chaos.py [--payments 100] [--seed 7] [--workers 8]

The last line is JSON: {"payments": N, "double_credits": 0, "forged_accepted": 0, "ledger_balanced":
true, "mismatched_bookings": 0, ...counts and timings}. Exit 1 if any check fails, 2 if the run
itself failed.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import math
import random
import secrets
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from _common import (  # bench/_common.py (the script's directory is first on sys.path)
    WEBHOOK_QUEUE,
    BenchUser,
    Stack,
    admin_token,
    create_session,
    create_users,
    http_session,
    log,
    mint_tokens,
    percentile,
    run_on_stack,
    stack_environment,
    standin_url,
    wait_for,
    webhooks_settled,
)

SEATS = 4  # the catalog's seat cap (a room is a mesh of the mentor + 4)
MENTOR_BPS = 9000


@dataclass
class Paid:
    learner: BenchUser
    mentor: BenchUser
    session_id: str
    amount: int
    booking_id: str = ""
    order_id: str = ""
    checkout: dict[str, Any] = field(default_factory=dict)  # the stand-in's pay result
    cancelled: bool = False


@dataclass
class Delivery:
    body: bytes
    headers: dict[str, str]
    forged: str | None = None  # how, for forgeries
    status: int = 0
    ms: float = 0.0


@dataclass
class Chaos:
    sent: list[Delivery] = field(default_factory=list)
    callbacks: list[int] = field(default_factory=list)

    def forged_accepted(self) -> int:
        return sum(1 for d in self.sent if d.forged and 200 <= d.status < 300)

    def genuine_refused(self) -> int:
        return sum(1 for d in self.sent if not d.forged and d.status != 200)


def forge(genuine: list[Delivery], count: int, rng: random.Random, order_ids: list[str]) -> list[Delivery]:
    """`count` deliveries that must all be refused (400): four ways of getting it wrong."""
    out = []
    for i in range(count):
        base = rng.choice(genuine)
        event_id = base.headers["x-razorpay-event-id"]
        how = ("bad_signature", "no_signature", "tampered_body", "other_secret")[i % 4]
        if how == "bad_signature":
            out.append(Delivery(base.body, {"X-Razorpay-Signature": secrets.token_hex(32),
                                            "x-razorpay-event-id": event_id}, how))
        elif how == "no_signature":
            out.append(Delivery(base.body, {"x-razorpay-event-id": event_id}, how))
        elif how == "tampered_body":  # the genuine signature over a changed body
            event = json.loads(base.body)
            for entity in (event.get("payload") or {}).values():
                if isinstance(entity.get("entity"), dict) and "amount" in entity["entity"]:
                    entity["entity"]["amount"] = int(entity["entity"]["amount"]) * 10
            out.append(Delivery(json.dumps(event).encode(), dict(base.headers), how))
        else:  # a well-formed capture for a real order, signed with a secret that is not ours
            body = json.dumps({
                "entity": "event", "account_id": "acc_forger", "event": "order.paid", "contains": ["payment"],
                "created_at": int(time.time()), "payload": {"payment": {"entity": {
                    "id": f"pay_forged{i:010d}", "entity": "payment", "amount": 100, "currency": "INR",
                    "status": "captured", "order_id": rng.choice(order_ids), "notes": {"peerlearn_kind": "booking"}}}},
            }).encode()
            sig = hmac.new(secrets.token_bytes(16), body, hashlib.sha256).hexdigest()
            out.append(Delivery(body, {"X-Razorpay-Signature": sig, "x-razorpay-event-id": f"evt_forged{i:08d}"}, how))
    return out


def collect(standin: str, http: requests.Session, names: set[str], seen: set[str]) -> list[Delivery]:
    """The signed events not seen yet, exactly as the stand-in would have sent them."""
    records = http.get(f"{standin}/_standin/events", timeout=60).json()
    out = []
    for r in records:
        if r["event"] in names and r["id"] not in seen:
            seen.add(r["id"])
            out.append(Delivery(r["body"].encode(), dict(r["headers"])))
    return out


def deliver(items: list[Callable[[requests.Session], None]], workers: int) -> None:
    """Run the jobs on `workers` threads, each with its own keep-alive session."""
    sessions: dict[int, requests.Session] = {}

    def run(job: Callable[[requests.Session], None]) -> None:
        ident = threading.get_ident()
        if ident not in sessions:
            sessions[ident] = http_session()
        job(sessions[ident])

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(run, items))
    for s in sessions.values():
        s.close()


def post_webhook(api: str, d: Delivery) -> Callable[[requests.Session], None]:
    def job(s: requests.Session) -> None:
        t = time.perf_counter()
        r = s.post(f"{api}/webhooks/razorpay", data=d.body, timeout=60,
                   headers={"Content-Type": "application/json", **d.headers})
        d.ms = (time.perf_counter() - t) * 1000
        d.status = r.status_code
    return job


def storm(api: str, genuine: list[Delivery], extra: list[Callable[[requests.Session], None]], chaos: Chaos,
          rng: random.Random, order_ids: list[str], workers: int) -> None:
    """Every genuine delivery 3×, + 10 % forged, + `extra` jobs, all shuffled together."""
    copies = [Delivery(d.body, d.headers) for d in genuine for _ in range(3)]
    forged = forge(genuine, max(1, round(len(copies) * 0.10)), rng, order_ids)
    chaos.sent += copies + forged
    jobs = [post_webhook(api, d) for d in copies + forged] + extra
    rng.shuffle(jobs)
    deliver(jobs, workers)


def settle(stack: Stack, what: str, timeout: float) -> float:
    t = time.monotonic()
    with http_session() as s:
        wait_for(lambda: webhooks_settled(stack.info, s), timeout=timeout, interval=0.25, message=what)
    return time.monotonic() - t


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    p.add_argument("--payments", type=int, default=100, help="paid bookings (N)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--workers", type=int, default=8, help="threads sending webhooks and callbacks")
    p.add_argument("--refund-share", type=float, default=0.05, help="share of bookings cancelled and refunded")
    p.add_argument("--settle-timeout", type=float, default=600.0)
    p.add_argument("--workdir", help="keep the stack's logs here (default: a temporary directory)")
    args = p.parse_args(argv)
    if args.payments < 1:
        p.error("--payments must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="peerlearn-chaos-") as tmp:
        workdir = Path(args.workdir) if args.workdir else Path(tmp)
        return run_on_stack("webhook chaos", workdir, lambda stack: run(stack, args, t0), "--sqs-retry-delay", "1")


def run(stack: Stack, args: argparse.Namespace, t0: float) -> int:
    result = chaos(stack, args, t0)
    print(json.dumps(result))
    return 0 if passed(result) else 1


def passed(result: dict[str, Any]) -> bool:
    return (result["double_credits"] == 0 and result["forged_accepted"] == 0 and result["ledger_balanced"] is True
            and result["mismatched_bookings"] == 0 and result["missing_credits"] == 0
            and result["genuine_refused"] == 0 and result["dead_letters"] == 0)


def chaos(stack: Stack, args: argparse.Namespace, t0: float,  # noqa: C901 (one linear script)
          admin: str | None = None) -> dict[str, Any]:
    """The whole run against a started stack (nothing else may be making payments meanwhile);
    `admin` is an admin access token (default: sign the stack's admin in)."""
    n, rng = args.payments, random.Random(args.seed)
    info, api = stack.info, stack.api
    standin = standin_url(info)
    timings: dict[str, float] = {"stack_s": time.monotonic() - t0}
    log(f"stack up in {timings['stack_s']:.1f} s at {stack.url}, Razorpay stand-in at {standin}")
    http = http_session(pool_size=args.workers)

    # 1. people, sessions, bookings, orders
    t = time.monotonic()
    sessions_needed = math.ceil(n / SEATS)
    with stack_environment(info):
        mentors = create_users(max(1, math.ceil(n / 20)), role="mentor", tag="chaos")
        learners = create_users(n, role="learner", tag="chaos")
        mint_tokens(mentors + learners)
    paid: list[Paid] = []
    for i in range(sessions_needed):
        mentor = mentors[i % len(mentors)]
        amount = 10_000 + (i * 7_919) % 40_000 + i % 2  # ₹100–₹500, some odd paise
        session = create_session(info, mentor, seats=SEATS, price_paise=amount, days_ahead=2,
                                 hours_later=i // len(mentors), title=f"Chaos session {i}")
        for learner in learners[i * SEATS:(i + 1) * SEATS]:
            paid.append(Paid(learner, mentor, str(session["session_id"]), amount))

    def book(pd: Paid) -> Callable[[requests.Session], None]:
        return lambda s: book_and_order(pd, s)

    def book_and_order(pd: Paid, s: requests.Session) -> None:
        auth = {"Authorization": f"Bearer {pd.learner.token}"}
        r = s.post(f"{api}/sessions/{pd.session_id}/book", json={}, headers=auth, timeout=60)
        if r.status_code != 201 or r.json()["status"] != "pending_payment":
            raise RuntimeError(f"booking answered {r.status_code}: {r.text[:300]}")
        pd.booking_id = str(r.json()["booking_id"])
        r = s.post(f"{api}/payments/orders", json={"booking_id": pd.booking_id}, headers=auth, timeout=60)
        if r.status_code != 201:
            raise RuntimeError(f"POST /payments/orders answered {r.status_code}: {r.text[:300]}")
        pd.order_id = str(r.json()["checkout"]["order_id"])

    deliver([book(pd) for pd in paid], args.workers)
    timings["setup_s"] = time.monotonic() - t
    log(f"{len(mentors)} mentors, {sessions_needed} sessions, {n} bookings with orders in {timings['setup_s']:.1f} s")

    # 2. pay everything; the stand-in records its webhooks but sends none
    t = time.monotonic()
    assert http.post(f"{standin}/_standin/control", json={"reset": True, "drop_next": 10**9}, timeout=10).ok
    assert http.delete(f"{standin}/_standin/events", timeout=10).ok  # only this run's events from here on
    for pd in paid:
        r = http.post(f"{standin}/_standin/orders/{pd.order_id}/pay", json={"outcome": "success"}, timeout=60)
        if r.status_code != 200 or "razorpay_signature" not in r.json():
            raise RuntimeError(f"paying {pd.order_id} answered {r.status_code}: {r.text[:300]}")
        pd.checkout = r.json()
    wait_for(lambda: http.get(f"{standin}/_standin/health", timeout=10).json()["idle"], timeout=60,
             message="the stand-in to record every payment event")
    seen: set[str] = set()
    payment_events = collect(standin, http, {"payment.authorized", "payment.captured", "order.paid"}, seen)
    timings["pay_s"] = time.monotonic() - t
    log(f"{n} payments made, {len(payment_events)} signed payment events collected in {timings['pay_s']:.1f} s")

    # 3. the storm: every event 3×, shuffled, forgeries, and half the Checkout callbacks racing them
    chaos = Chaos()
    order_ids = [pd.order_id for pd in paid]

    def callback(pd: Paid) -> Callable[[requests.Session], None]:
        def job(s: requests.Session) -> None:
            fields = {k: pd.checkout[k] for k in ("razorpay_order_id", "razorpay_payment_id", "razorpay_signature")}
            r = s.post(f"{api}/payments/verify", json=fields, timeout=60,
                       headers={"Authorization": f"Bearer {pd.learner.token}"})
            chaos.callbacks.append(r.status_code)
        return job

    t = time.monotonic()
    storm(api, payment_events, [callback(pd) for pd in rng.sample(paid, n // 2)], chaos, rng, order_ids,
          args.workers)
    timings["deliver_payments_s"] = time.monotonic() - t
    timings["settle_payments_s"] = settle(stack, "the payment webhooks to be processed", args.settle_timeout)
    log(f"payment storm: {len(chaos.sent)} deliveries + {len(chaos.callbacks)} callbacks in "
        f"{timings['deliver_payments_s']:.1f} s, queue drained {timings['settle_payments_s']:.1f} s later")

    # 4. 5 % cancel: full refunds, whose events get the same treatment
    t = time.monotonic()
    cancel = rng.sample(paid, max(1, round(n * args.refund_share)))
    for pd in cancel:
        r = http.post(f"{api}/bookings/{pd.booking_id}/cancel", json={}, timeout=60,
                      headers={"Authorization": f"Bearer {pd.learner.token}"})
        if r.status_code != 200 or r.json()["status"] != "cancelled":
            raise RuntimeError(f"cancelling {pd.booking_id} answered {r.status_code}: {r.text[:300]}")
        pd.cancelled = True
    # The refund follows the cancellation through its booking.cancelled event (the outbox), a moment later.
    wait_for(lambda: sum(1 for r in http.get(f"{standin}/_standin/events", timeout=60).json()
                         if r["event"] == "refund.processed" and r["id"] not in seen) >= len(cancel),
             timeout=args.settle_timeout, interval=0.2, message="every cancellation's refund to be made")
    wait_for(lambda: http.get(f"{standin}/_standin/health", timeout=10).json()["idle"], timeout=60,
             message="the stand-in to settle the refunds")
    refund_events = collect(standin, http, {"refund.created", "refund.processed", "refund.failed"}, seen)
    before = len(chaos.sent)
    storm(api, refund_events, [], chaos, rng, order_ids, args.workers)
    timings["deliver_refunds_s"] = time.monotonic() - t
    timings["settle_refunds_s"] = settle(stack, "the refund webhooks to be processed", args.settle_timeout)
    log(f"{len(cancel)} cancellations; refund storm: {len(chaos.sent) - before} deliveries, drained in "
        f"{timings['settle_refunds_s']:.1f} s")
    http.post(f"{standin}/_standin/control", json={"reset": True}, timeout=10)

    # 5. checks
    t = time.monotonic()
    admin = admin or admin_token(info)
    auth = {"Authorization": f"Bearer {admin}"}
    # one GET per payment: paging GET /api/admin/payments breaks on page 2 (see docs/benchmarks.md)
    payments: dict[str, dict[str, Any]] = {}

    def fetch(pd: Paid) -> Callable[[requests.Session], None]:
        def job(s: requests.Session) -> None:
            r = s.get(f"{api}/payments/orders/{pd.order_id}", headers=auth, timeout=60)
            r.raise_for_status()
            payments[pd.order_id] = r.json()
        return job

    deliver([fetch(pd) for pd in paid], args.workers)

    mismatched: list[str] = []
    for pd in paid:
        b = http.get(f"{api}/bookings/{pd.booking_id}", timeout=60,
                     headers={"Authorization": f"Bearer {pd.learner.token}"}).json()
        p_status = (payments.get(pd.order_id) or {}).get("status")
        wanted = (("cancelled", "refunded", "processed") if pd.cancelled else ("confirmed", "captured", None))
        if (b["status"], p_status, b.get("refund_status")) != wanted:
            mismatched.append(f"{pd.booking_id}: booking {b['status']}/{b.get('refund_status')}, payment {p_status}")

    expected: Counter[str] = Counter()
    for pd in paid:
        if not pd.cancelled:
            expected[pd.mentor.user_id] += pd.amount * MENTOR_BPS // 10_000
    over = under = 0
    for m in mentors:
        r = http.get(f"{api}/payments/earnings", headers={"Authorization": f"Bearer {m.token}"}, timeout=60)
        sm = r.json()["summary"]
        share = sm["held_paise"] + sm["available_paise"] + sm["payouts_pending_paise"] + sm["withdrawn_paise"]
        over += share > expected[m.user_id]
        under += share < expected[m.user_id]
        if share != expected[m.user_id]:
            log(f"mentor {m.user_id}: share {share} paise, expected {expected[m.user_id]}: {sm}")

    from chalicelib.payments.models import LedgerItem

    ledger_sum = legs = 0
    captures: Counter[str] = Counter()
    refunds_posted = 0
    with stack_environment(info):
        for item in LedgerItem.scan():  # a benchmark may read the whole table
            if int(item.leg) == 0:
                if item.kind == "payment_captured":
                    raw = item.refs
                    refs: dict[str, Any] = raw.as_dict() if hasattr(raw, "as_dict") else dict(raw or {})
                    captures[str(refs.get("booking_id"))] += 1
                elif str(item.kind).startswith("refund") and item.kind != "refund_failed":
                    refunds_posted += 1
            else:
                ledger_sum += int(item.amount_paise or 0)
                legs += 1
    paid_twice = sum(1 for c in captures.values() if c > 1)
    never_captured = sum(1 for pd in paid if captures[pd.booking_id] == 0)
    r = http.get(f"{api}/admin/webhook-events", params={"status": "dead", "limit": "50"}, headers=auth, timeout=60)
    dead = len(r.json()["items"])
    sqs = http.get(f"{stack.url}/_dev/sqs", timeout=10).json()
    consumer = next(s for s in sqs["subscriptions"] if s["queue"] == WEBHOOK_QUEUE)
    timings["check_s"] = time.monotonic() - t

    lat = [d.ms for d in chaos.sent]
    forged_by_kind = Counter(d.forged for d in chaos.sent if d.forged)
    genuine = [d for d in chaos.sent if not d.forged]
    processing_s = (timings["deliver_payments_s"] + timings["settle_payments_s"] + timings["deliver_refunds_s"]
                    + timings["settle_refunds_s"])
    result = {
        "payments": n,
        "double_credits": over + paid_twice,
        "forged_accepted": chaos.forged_accepted(),
        "ledger_balanced": ledger_sum == 0,
        "mismatched_bookings": len(mismatched),
        "missing_credits": under + never_captured,
        "genuine_refused": chaos.genuine_refused(),
        "dead_letters": dead,
        "refunds": len(cancel),
        "callbacks": len(chaos.callbacks),
        "callbacks_ok": sum(1 for c in chaos.callbacks if c == 200),
        "deliveries": len(genuine),
        "forged": len(chaos.sent) - len(genuine),
        "events": len(genuine) // 3,
        "consumer_invocations": consumer["invocations"],
        "consumer_failures": consumer["failed"],
        "ledger_legs": legs,
        "webhook_p50_ms": round(percentile(lat, 50), 1),
        "webhook_p95_ms": round(percentile(lat, 95), 1),
        "events_per_s": round(consumer["invocations"] / processing_s, 1) if processing_s else None,
        **{k: round(v, 1) for k, v in timings.items()},
        "total_s": round(time.monotonic() - t0, 1),
    }
    for line in mismatched[:10]:
        log(f"mismatch: {line}")
    log(f"forged by kind: {dict(forged_by_kind)}; answers: {dict(Counter(d.status for d in chaos.sent))}")
    log(f"ledger: {legs} legs, sum {ledger_sum}; {sum(captures.values())} captures for {len(captures)} bookings, "
        f"{refunds_posted} refund postings; dead letters {dead}")
    http.close()
    return result


if __name__ == "__main__":
    sys.exit(main())
