"""Payments over real HTTP against `python -m local` and its Razorpay stand-in.

The stack's stand-in plays Razorpay: orders are created by the app through the real SDK, paid via
the stand-in's test-checkout API, and the stand-in POSTs signed webhooks to the app's
`/api/webhooks/razorpay`, which queues them to SQS; the local poller runs the app's consumer with
redelivery and a dead-letter queue. Everything is read back through the API (and, for the dead-letter
queue and the "operator fixes the data" step, through the stack's moto endpoint).

Mentors and learners come from the app's `create_user` (bench/_common.py, fast); each test has its
own mentor so balances can be asserted exactly.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests

from bench._common import (
    WEBHOOK_QUEUE,
    BenchUser,
    admin_token,
    create_session,
    create_users,
    http_session,
    ledger_total,
    mint_tokens,
    razorpay_client,
    stack_environment,
    standin_url,
    webhooks_settled,
)
from local.aws import boto_client
from local.launch import wait_for
from local.scheduler import CronSpec

pytestmark = pytest.mark.integration

PRICE = 49_901  # odd: the platform gets the odd paisa
MENTOR_SHARE = PRICE * 9 // 10  # 44 910


class Api:
    def __init__(self, info: dict[str, Any]) -> None:
        self.info = info
        self.base = str(info["api_url"])
        self.standin = standin_url(info)
        self.http = http_session()

    def call(self, method: str, path: str, token: str | None = None, body: Any = None,
             **kwargs: Any) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.http.request(method, self.base + path, json=body, headers=headers, timeout=30, **kwargs)

    def ok(self, method: str, path: str, token: str | None = None, body: Any = None, status: int = 200) -> Any:
        r = self.call(method, path, token, body)
        assert r.status_code == status, f"{method} {path}: {r.status_code} {r.text[:500]}"
        return r.json()

    def control(self, **changes: Any) -> dict[str, Any]:
        r = self.http.post(f"{self.standin}/_standin/control", json=changes, timeout=10)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def pay(self, order_id: str, outcome: str = "success") -> dict[str, Any]:
        r = self.http.post(f"{self.standin}/_standin/orders/{order_id}/pay", json={"outcome": outcome}, timeout=10)
        assert r.status_code == 200, r.text
        return dict(r.json())

    def events(self, entity_id: str) -> list[dict[str, Any]]:
        r = self.http.get(f"{self.standin}/_standin/events", params={"entity_id": entity_id}, timeout=10)
        assert r.status_code == 200, r.text
        return list(r.json())

    def settle(self, message: str, timeout: float = 20) -> None:
        wait_for(lambda: webhooks_settled(self.info, self.http), timeout=timeout, interval=0.1, message=message)

    # ---- the flow ----
    def paid_booking(self, mentor: BenchUser, learner: BenchUser, hours_later: int,
                     price: int = PRICE) -> dict[str, Any]:
        session = create_session(self.info, mentor, seats=3, price_paise=price, days_ahead=2,
                                 hours_later=hours_later, title=f"Paid session {hours_later}")
        booking = self.ok("POST", f"/sessions/{session['session_id']}/book", learner.token, {}, status=201)
        assert booking["status"] == "pending_payment", booking
        return dict(booking)

    def order(self, learner: BenchUser, booking_id: str) -> dict[str, Any]:
        data = self.ok("POST", "/payments/orders", learner.token, {"booking_id": booking_id}, status=201)
        return dict(data["checkout"])

    def verify(self, learner: BenchUser, result: dict[str, Any]) -> requests.Response:
        return self.call("POST", "/payments/verify", learner.token, {
            k: result[k] for k in ("razorpay_order_id", "razorpay_payment_id", "razorpay_signature")})

    def booking_status(self, learner: BenchUser, booking_id: str) -> str:
        return str(self.ok("GET", f"/bookings/{booking_id}", learner.token)["status"])

    def summary(self, mentor: BenchUser) -> dict[str, int]:
        return dict(self.ok("GET", "/payments/earnings", mentor.token)["summary"])


@pytest.fixture(scope="module")
def api(local_stack) -> Iterator[Api]:
    a = Api(local_stack.info)
    a.control(reset=True)
    yield a
    a.control(reset=True)
    a.http.close()


@pytest.fixture(scope="module")
def people(local_stack) -> dict[str, list[BenchUser]]:
    with stack_environment(local_stack.info):
        mentors = create_users(4, role="mentor", tag="it-pay")
        learners = create_users(4, role="learner", tag="it-pay")
        mint_tokens(mentors + learners)
    return {"mentors": mentors, "learners": learners}


@pytest.fixture(scope="module")
def admin(local_stack) -> str:
    return admin_token(local_stack.info)


@pytest.fixture(autouse=True)
def default_controls(api: Api) -> Iterator[None]:
    yield
    api.control(reset=True)


def titles(api: Api, who: BenchUser, kind: str) -> list[str]:
    items = api.ok("GET", "/notifications?limit=50", who.token)["items"]
    return [n["title"] for n in items if n["kind"] == kind]


def test_paid_booking_with_duplicate_and_reordered_webhooks_is_credited_once(api, people):
    mentor, learner = people["mentors"][0], people["learners"][0]
    b = api.paid_booking(mentor, learner, hours_later=0)
    co = api.order(learner, b["booking_id"])
    assert co["amount"] == PRICE and co["key"].startswith("rzp_test_")
    assert co["checkout_url"] == f"{api.standin}/checkout/{co['order_id']}"  # the stand-in's test checkout

    assert api.control(duplicate=True, reorder=True)["duplicate"] is True
    result = api.pay(co["order_id"])
    r = api.verify(learner, result)
    assert r.status_code == 200, r.text
    assert r.json()["booking"]["status"] == "confirmed" and r.json()["payment"]["status"] == "captured"
    api.settle("the payment's webhooks to be processed")

    events = api.events(co["order_id"])
    assert {e["event"] for e in events} == {"payment.authorized", "payment.captured", "order.paid"}
    sends = sorted((d for e in events for d in e["deliveries"] if d["status"] == 200), key=lambda d: d["seq"])
    assert len(sends) == 6  # every event twice
    by_seq = {d["seq"]: e["event"] for e in events for d in e["deliveries"]}
    assert by_seq[sends[0]["seq"]] == "order.paid"  # newest first

    assert api.booking_status(learner, b["booking_id"]) == "confirmed"
    assert sum(t.startswith("Booked ✔") for t in titles(api, learner, "booking_confirmed")) == 1
    assert titles(api, mentor, "earning_new") == ["₹449.10 earned"]
    summary = api.summary(mentor)
    assert (summary["held_paise"], summary["available_paise"]) == (MENTOR_SHARE, 0)  # exactly 90 %, once
    earnings = api.ok("GET", "/payments/earnings", mentor.token)["items"]
    assert [(p["order_id"], p["earning_status"], p["mentor_paise"]) for p in earnings] == [
        (co["order_id"], "held", MENTOR_SHARE)]
    mine = api.ok("GET", "/payments/mine", learner.token)["items"]
    assert [(p["order_id"], p["status"], p["amount_paise"]) for p in mine] == [(co["order_id"], "captured", PRICE)]
    total, legs = ledger_total(api.info)
    assert total == 0 and legs > 0


def test_the_webhook_alone_confirms_when_the_callback_never_comes(api, people):
    mentor, learner = people["mentors"][1], people["learners"][1]
    b = api.paid_booking(mentor, learner, hours_later=0, price=20_000)
    co = api.order(learner, b["booking_id"])
    api.pay(co["order_id"])  # the learner closes the tab: no /payments/verify
    wait_for(lambda: api.booking_status(learner, b["booking_id"]) == "confirmed", timeout=20,
             message="the webhook to confirm the booking")
    api.settle("the remaining webhooks")
    assert api.summary(mentor)["held_paise"] == 18_000
    payment = api.ok("GET", f"/payments/orders/{co['order_id']}", learner.token)
    assert payment["status"] == "captured" and payment["razorpay_payment_id"].startswith("pay_")


def test_a_forged_webhook_is_refused_and_changes_nothing(api, people, local_stack):
    mentor, learner = people["mentors"][2], people["learners"][2]
    b = api.paid_booking(mentor, learner, hours_later=0)
    co = api.order(learner, b["booking_id"])
    before = api.http.get(f"{local_stack.url}/_dev/sqs", timeout=10).json()
    forged = json.dumps({
        "entity": "event", "account_id": "acc_forged", "event": "payment.captured", "contains": ["payment"],
        "created_at": int(time.time()),
        "payload": {"payment": {"entity": {"id": "pay_forged000000001", "entity": "payment", "amount": PRICE,
                                           "currency": "INR", "status": "captured", "order_id": co["order_id"],
                                           "notes": {"peerlearn_kind": "booking"}}}}}).encode()
    for signature in ("0" * 64, "not-hex", ""):
        r = api.http.post(f"{api.base}/webhooks/razorpay", data=forged, timeout=10, headers={
            "Content-Type": "application/json", "X-Razorpay-Signature": signature,
            "x-razorpay-event-id": "evt_forged0000001"})
        assert r.status_code == 400 and r.json()["error"] == "bad_signature", r.text
    after = api.http.get(f"{local_stack.url}/_dev/sqs", timeout=10).json()
    assert after["queues"][WEBHOOK_QUEUE] == {"visible": 0, "in_flight": 0}
    received = {s["queue"]: s["received"] for s in before["subscriptions"]}
    assert {s["queue"]: s["received"] for s in after["subscriptions"]}[WEBHOOK_QUEUE] == received[WEBHOOK_QUEUE]
    assert api.booking_status(learner, b["booking_id"]) == "pending_payment"
    assert api.ok("GET", f"/payments/orders/{co['order_id']}", learner.token)["status"] == "created"
    assert api.summary(mentor)["held_paise"] == 0


def test_a_poison_webhook_is_dead_lettered_and_replayed_by_an_admin(api, people, admin, local_stack):
    info = local_stack.info
    mentor, learner = people["mentors"][3], people["learners"][3]
    b = api.paid_booking(mentor, learner, hours_later=0)
    # An order for this booking that the app never recorded (made at "Razorpay" directly): its
    # webhooks name one of our bookings, so the consumer retries them and then dead-letters them.
    order = razorpay_client(info).order.create({
        "amount": PRICE, "currency": "INR", "receipt": b["booking_id"][:40],
        "notes": {"peerlearn_kind": "booking", "booking_id": b["booking_id"], "learner_id": learner.user_id}})
    payment_id = api.pay(order["id"])["razorpay_payment_id"]

    def dead() -> list[dict[str, Any]] | None:
        items = api.ok("GET", "/admin/webhook-events?status=dead&limit=50", admin)["items"]
        ours = [e for e in items if e["entity_id"] == payment_id]
        return ours if len(ours) == 3 else None

    events = wait_for(dead, timeout=30, interval=0.2, message="three dead-lettered webhook events")
    assert {e["event"] for e in events} == {"payment.authorized", "payment.captured", "order.paid"}
    assert all(e["attempts"] == 3 and "NotYetKnown" in e["error"] for e in events), events
    assert any(n["kind"] == "webhook_dead" for n in api.ok("GET", "/notifications?limit=50", admin)["items"])

    # SQS moved each message to the DLQ on its fourth receive (redrive maxReceiveCount 3).
    sqs = boto_client("sqs", info["aws_endpoint_url"], info["region"])
    dlq_url = info["queues"][WEBHOOK_QUEUE + "-dlq"]
    wanted = {e["event_id"] for e in events}
    seen: set[str] = set()

    def in_dlq() -> bool:
        got = sqs.receive_message(QueueUrl=dlq_url, MaxNumberOfMessages=10, VisibilityTimeout=0,
                                  MessageAttributeNames=["All"], AttributeNames=["All"])
        for m in got.get("Messages", []):
            seen.add(m["MessageAttributes"]["event_id"]["StringValue"])
            assert int(m["Attributes"]["ApproximateReceiveCount"]) >= 3
        return wanted <= seen

    wait_for(in_dlq, timeout=15, interval=0.2, message="the dead-lettered messages in the DLQ")
    assert api.booking_status(learner, b["booking_id"]) == "pending_payment"
    assert api.summary(mentor)["held_paise"] == 0

    # The operator fixes the data: the missing payment record, written into the stack's DynamoDB.
    with stack_environment(info):
        from chalicelib.catalog.models import Session
        from chalicelib.core import clock
        from chalicelib.payments.ledger import split
        from chalicelib.payments.models import Payment

        s = Session.get(b["session"]["session_id"])
        mentor_paise, platform_paise = split(PRICE)
        now = clock.now_int()
        Payment(order_id=order["id"], kind="booking", booking_id=b["booking_id"], session_id=s.session_id,
                session_title=s.title, session_starts_at=int(s.starts_at), learner_id=learner.user_id,
                mentor_id=s.mentor_id, amount_paise=PRICE, mentor_paise=mentor_paise, platform_paise=platform_paise,
                status="created", created_at=now, updated_at=now).save(condition=Payment.order_id.does_not_exist())

    for e in events:
        replayed = api.ok("POST", f"/admin/webhook-events/{e['event_id']}/replay", admin, status=202)
        assert replayed["status"] == "replayed"
    again = api.call("POST", f"/admin/webhook-events/{events[0]['event_id']}/replay", admin)
    assert again.status_code in (404, 409), again.text  # once only

    wait_for(lambda: api.booking_status(learner, b["booking_id"]) == "confirmed", timeout=20,
             message="the replayed webhook to confirm the booking")
    api.settle("the replayed events")
    listed = {e["event_id"]: e["status"] for state in ("dead", "replayed")
              for e in api.ok("GET", f"/admin/webhook-events?status={state}&limit=50", admin)["items"]}
    assert not wanted & set(listed), listed  # processed: off both admin lists
    assert api.summary(mentor)["held_paise"] == MENTOR_SHARE
    assert api.ok("GET", f"/payments/orders/{order['id']}", admin)["status"] == "captured"
    assert titles(api, mentor, "earning_new") == ["₹449.10 earned"]


def test_withdrawals_are_processed_and_a_reversed_payout_returns_the_money(api, people, local_stack):
    mentor, learner = people["mentors"][0], people["learners"][0]  # the first test's confirmed booking
    booking = next(p for p in api.ok("GET", "/payments/mine", learner.token)["items"] if p["kind"] == "booking")
    gift = api.ok("POST", "/payments/gifts", learner.token,
                  {"booking_id": booking["booking_id"], "amount_paise": 50_000}, status=201)["checkout"]
    r = api.verify(learner, api.pay(gift["order_id"]))
    assert r.status_code == 200 and r.json()["payment"]["status"] == "captured", r.text
    api.settle("the gift's webhooks")
    summary = api.summary(mentor)
    assert (summary["held_paise"], summary["available_paise"]) == (MENTOR_SHARE, 45_000)  # a gift: available now

    assert api.call("POST", "/payments/withdrawals", mentor.token, {"amount_paise": 20_000}).status_code == 409
    account = api.ok("PUT", "/payments/payout-account", mentor.token, {"kind": "vpa", "vpa": "meera.iyer@okicici"})
    assert account["account"]["masked"] == "me********@okicici"

    w = api.ok("POST", "/payments/withdrawals", mentor.token, {"amount_paise": 20_000}, status=201)
    assert w["status"] in ("requested", "processing")

    def status_of(withdrawal_id: str, wanted: str) -> dict[str, Any] | None:
        items = api.ok("GET", "/payments/withdrawals", mentor.token)["items"]
        found = next(i for i in items if i["withdrawal_id"] == withdrawal_id)
        return found if found["status"] == wanted else None

    done = wait_for(lambda: status_of(w["withdrawal_id"], "processed"), timeout=20, message="payout.processed")
    assert done["utr"] and done["status_text"] == "Processed"
    summary = api.summary(mentor)
    assert (summary["available_paise"], summary["withdrawn_paise"], summary["payouts_pending_paise"]) == (
        25_000, 20_000, 0)

    api.control(payout_outcome="reversed")
    w2 = api.ok("POST", "/payments/withdrawals", mentor.token, {"amount_paise": 25_000}, status=201)
    assert api.summary(mentor)["available_paise"] == 0
    back = wait_for(lambda: status_of(w2["withdrawal_id"], "reversed"), timeout=20, message="payout.reversed")
    assert back["status_text"].startswith("Reversed")
    api.settle("the payout webhooks")
    summary = api.summary(mentor)
    assert (summary["available_paise"], summary["withdrawn_paise"], summary["payouts_pending_paise"]) == (
        25_000, 20_000, 0)
    assert any("returned to your balance" in t for t in titles(api, mentor, "withdrawal_returned"))
    total, _ = ledger_total(api.info)
    assert total == 0


def test_the_reconciliation_cron_runs_against_the_standin(api, admin, local_stack):
    jobs = {j["name"]: j for j in api.http.get(f"{local_stack.url}/_dev/schedule", timeout=10).json()["jobs"]}
    assert jobs["reconcile_payments"]["expression"] == "cron(30 20 * * ? *)"
    # this stack runs schedules on demand only; with automatic runs the job fires at 20:30 UTC (02:00 IST)
    nxt = CronSpec.parse(jobs["reconcile_payments"]["expression"]).next_after(datetime.now(UTC))
    assert nxt is not None and (nxt.hour, nxt.minute) == (20, 30)
    r = api.http.post(f"{local_stack.url}/_dev/schedule/reconcile_payments", timeout=30)
    assert r.status_code == 200 and r.json()["ok"], r.text
    reports = api.ok("GET", "/admin/reconciliation", admin)["items"]
    assert reports and reports[0]["ok"] is True


def test_webhook_chaos_bench_smoke(local_stack, admin, capsys):
    """bench/webhook_chaos.py with 5 payments against this stack: every event 3×, shuffled, forged
    deliveries, callbacks racing the webhooks, a cancellation refunded (~10 s)."""
    import sys
    import time as _time

    from local.launch import ROOT

    if str(ROOT / "bench") not in sys.path:
        sys.path.insert(0, str(ROOT / "bench"))
    import webhook_chaos

    args = webhook_chaos.parse_args(["--payments", "5", "--workers", "4", "--settle-timeout", "60"])
    result = webhook_chaos.chaos(local_stack, args, _time.monotonic(), admin=admin)
    assert webhook_chaos.passed(result), result
    assert result["payments"] == 5 and result["refunds"] == 1 and result["forged"] >= 5
    assert result["events"] == 5 * 3 + 2  # authorized, captured, order.paid each; refund created + processed
