"""Paying for seats: orders, the Checkout callback, webhooks through SQS, the 90/10 split."""

from __future__ import annotations

import json
import random
import time

import pytest

from chalicelib.payments import ledger
from tests.functional.conftest import last_code, sent_emails
from tests.functional.payments_helpers import Payments, ledger_total


@pytest.fixture
def pay(api, client, standin, market, make_admin):
    return Payments(api, client, standin, market, make_admin)


def test_paid_booking_end_to_end_with_duplicate_and_reordered_webhooks(pay, market, api):
    b = pay.paid_booking(49_901)  # odd: the platform gets the odd paisa
    status, data = pay.order(b["booking_id"])
    assert status == 201
    co = data["checkout"]
    assert co["amount"] == 49_901 and co["currency"] == "INR" and co["key"].startswith("rzp_test_")
    assert co["checkout_url"].endswith("/checkout/" + co["order_id"]) and co["attempts_left"] == 3
    assert data["payment"]["status"] == "created"
    # Asking again reuses the open order.
    status, again = pay.order(b["booking_id"])
    assert status == 200 and again["checkout"]["order_id"] == co["order_id"]

    result = pay.standin.pay(co["order_id"], "success")
    status, verified = pay.verify(result)
    assert status == 200, verified
    assert verified["payment"]["status"] == "captured"
    assert verified["booking"]["status"] == "confirmed"
    assert pay.balances() == {"held": 44_910, "available": 0, "platform": 4_991, "payouts": 0}

    # Every webhook three times, shuffled: nothing moves again.
    records = pay.events(co["order_id"])
    assert {r["event"] for r in records} >= {"payment.authorized", "payment.captured", "order.paid"}
    shuffled = records * 3
    random.Random(7).shuffle(shuffled)
    assert set(pay.deliver(shuffled)) == {200}
    assert pay.balances() == {"held": 44_910, "available": 0, "platform": 4_991, "payouts": 0}
    assert ledger_total() == 0
    assert pay.booking(b["booking_id"])["status"] == "confirmed"
    _, notes = api.call("GET", "/notifications", token=market.learner["access_token"])
    assert sum(n["title"].startswith("Booked ✔") for n in notes["items"]) == 1
    _, notes = api.call("GET", "/notifications", token=market.mentor["access_token"])
    assert [n["title"] for n in notes["items"] if n["kind"] == "earning_new"] == ["₹449.10 earned"]
    learner_mail = sent_emails(market.learner["email"])
    assert any("confirmed" in m["subject"] for m in learner_mail)


def test_the_webhook_alone_confirms_a_booking_whose_callback_never_came(pay):
    b = pay.paid_booking(20_000)
    result = pay.checkout(b["booking_id"])
    assert pay.booking(b["booking_id"])["status"] == "pending_payment"
    pay.deliver(pay.events(result["order_id"], "payment.captured"))
    assert pay.booking(b["booking_id"])["status"] == "confirmed"
    # The late callback changes nothing.
    status, data = pay.verify(result)
    assert status == 200 and data["booking"]["status"] == "confirmed"
    assert pay.balances()["held"] == 18_000


def test_a_late_failure_never_undoes_a_capture(pay):
    b = pay.paid_booking(30_000)
    failed = pay.checkout(b["booking_id"], "failure")
    ok = pay.checkout(b["booking_id"], "success")
    assert failed["order_id"] == ok["order_id"]  # a retry on the same order
    records = pay.events(ok["order_id"])
    captured = [r for r in records if r["event"] == "payment.captured"]
    fail = [r for r in records if r["event"] == "payment.failed"]
    pay.deliver(captured + fail)  # the failure arrives last
    p = pay.payment(ok["order_id"])
    assert p["status"] == "captured" and p["failed_attempts"] == 1
    assert pay.booking(b["booking_id"])["status"] == "confirmed"


def test_failed_payments_keep_the_hold_and_allow_three_attempts(pay, api, market):
    b = pay.paid_booking(30_000)
    for attempt in range(3):
        result = pay.checkout(b["booking_id"], "failure")
        pay.deliver(pay.events(result["order_id"], "payment.failed"))
        booking = pay.booking(b["booking_id"])
        assert booking["status"] == "pending_payment" and booking["hold_expires_at"]
        assert pay.payment(result["order_id"])["failed_attempts"] == attempt + 1
    status, data = pay.order(b["booking_id"])
    assert status == 409 and data["error"] == "attempts_exhausted"
    assert "Try another method?" in data["message"]
    _, notes = api.call("GET", "/notifications", token=market.learner["access_token"])
    failed = [n for n in notes["items"] if n["kind"] == "payment_failed"]
    assert len(failed) == 3 and "Try another method?" in failed[0]["body"]


def test_a_callback_signed_for_another_order_is_refused_and_changes_nothing(pay):
    b1, b2 = pay.paid_booking(10_000), pay.paid_booking(12_000)
    r1 = pay.checkout(b1["booking_id"])
    _, o2 = pay.order(b2["booking_id"])
    forged = {**r1, "razorpay_order_id": o2["checkout"]["order_id"]}
    status, data = pay.verify(forged)
    assert status == 400 and data["error"] == "bad_signature"
    assert pay.payment(o2["checkout"]["order_id"])["status"] == "created"
    assert pay.booking(b2["booking_id"])["status"] == "pending_payment"
    assert pay.balances()["held"] == 0
    tampered = {**r1, "razorpay_signature": "0" * 64}
    assert pay.verify(tampered)[0] == 400


def test_another_learners_order_is_not_theirs(pay, market):
    b = pay.paid_booking(10_000)
    assert pay.order(b["booking_id"], who=market.other)[0] == 403
    r = pay.checkout(b["booking_id"])
    status, _ = pay.verify(r, who=market.other)
    assert status == 403
    assert pay.booking(b["booking_id"])["status"] == "pending_payment"


def test_forged_missing_stale_and_unknown_webhooks(pay, api):
    b = pay.paid_booking(10_000)
    r = pay.checkout(b["booking_id"])
    record = pay.events(r["order_id"], "payment.captured")[0]
    forged = {**record, "headers": {**record["headers"], "X-Razorpay-Signature": "ab" * 32}}
    assert pay.post_webhook(forged)[0] == 400
    tampered = {**record, "body": record["body"].replace('"amount":10000', '"amount":1')}
    assert tampered["body"] != record["body"] and pay.post_webhook(tampered)[0] == 400
    missing = {**record, "headers": {"x-razorpay-event-id": "evt_x"}}
    status, data = pay.post_webhook(missing)
    assert status == 400 and "X-Razorpay-Signature" in data["message"]
    assert pay.queued() == 0 and pay.booking(b["booking_id"])["status"] == "pending_payment"

    from local.razorpay_standin.webhooks import sign

    secret = pay.standin.webhook_secret
    unknown = json.dumps({"entity": "event", "event": "subscription.charged", "payload": {},
                          "created_at": int(time.time())})
    status, data = api.call("POST", "/webhooks/razorpay", raw=unknown.encode(),
                            headers={"X-Razorpay-Signature": sign(unknown.encode(), secret), "x-razorpay-event-id": "evt_u"})
    assert status == 200 and data == {"ok": True, "ignored": True} and pay.queued() == 0
    stale = record["body"].replace(f'"created_at":{record["payload"]["created_at"]}', '"created_at":1000')
    status, data = api.call("POST", "/webhooks/razorpay", raw=stale.encode(), headers={
        "X-Razorpay-Signature": sign(stale.encode(), secret), "x-razorpay-event-id": "evt_s"})
    assert status == 400 and data["error"] == "stale_event" and pay.queued() == 0


def test_a_payment_captured_after_the_hold_expired_is_refunded_in_full(pay, clock_at, api, market):
    b = pay.paid_booking(25_000)
    _, o = pay.order(b["booking_id"])
    clock_at(16 * 60)
    from chalicelib.bookings.service import expire_holds

    assert expire_holds()["expired"] == 1
    clock_at(0)  # (the access token lives 15 minutes)
    result = pay.standin.pay(o["checkout"]["order_id"], "success")
    status, data = pay.verify(result)
    assert status == 200
    assert data["booking"]["status"] == "expired"
    p = pay.payment(o["checkout"]["order_id"])
    assert p["status"] == "refunded" and p["refunded_paise"] == 25_000
    assert pay.balances() == {"held": 0, "available": 0, "platform": 0, "payouts": 0}
    assert ledger_total() == 0


def test_split_rounding_on_odd_amounts():
    for amount in (1, 9, 10, 11, 99, 101, 49_999, 123_457):
        mentor, platform = ledger.split(amount)
        assert mentor + platform == amount
        assert mentor == amount * 9 // 10 and platform >= amount - mentor


def test_order_bad_input(pay, market):
    free = market.create(price_paise=0)
    _, fb = market.book(free["session_id"])
    status, data = pay.order(fb["booking_id"])
    assert status == 409 and data["error"] == "stale_state"
    for bad in ({}, {"booking_id": 5}, {"booking_id": "x" * 200}, {"booking_id": "a b"}):
        status, _ = pay.api.call("POST", "/payments/orders", bad, token=market.learner["access_token"])
        assert status == 400
    assert pay.api.call("POST", "/payments/orders", {"booking_id": "nope"}, token=market.learner["access_token"])[0] == 404


def test_last_code_helper_still_works(market):
    assert last_code(market.learner["email"])


def test_an_accepted_live_request_with_a_budget_is_paid_the_same_way(pay, api, market):
    from tests.functional.live_requests.test_live_requests import request_body

    mid = market.mentor["user"]["user_id"]
    _, r = api.call("POST", "/requests", request_body(mid, budget_paise=80_001), token=market.learner["access_token"])
    _, accepted = api.call("POST", f"/requests/{r['request_id']}/accept", {}, token=market.mentor["access_token"])
    booking_id = accepted["booking_id"]
    assert pay.booking(booking_id)["status"] == "pending_payment"
    result = pay.checkout(booking_id)
    status, data = pay.verify(result)
    assert status == 200 and data["booking"]["status"] == "confirmed"
    assert pay.payment(result["order_id"])["session"]["title"] == "Help with recursion"
    assert pay.balances()["held"] == 72_000  # floor(90 % of 80 001)


def test_a_webhook_signed_with_an_empty_key_is_refused(pay, api, monkeypatch):
    """With no previous secret configured, the empty string must never count as a valid key."""
    from local.razorpay_standin.webhooks import sign

    monkeypatch.delenv("RAZORPAY_WEBHOOK_SECRET_PREVIOUS", raising=False)
    b = pay.paid_booking(10_000)
    r = pay.checkout(b["booking_id"])
    record = pay.events(r["order_id"], "payment.captured")[0]
    body = record["body"].encode()
    status, _ = api.call("POST", "/webhooks/razorpay", raw=body,
                         headers={"X-Razorpay-Signature": sign(body, ""), "x-razorpay-event-id": "evt_empty"})
    assert status == 400
    assert pay.queued() == 0 and pay.booking(b["booking_id"])["status"] == "pending_payment"


def test_the_consumer_handles_one_event_id_once(pay):
    from chalicelib.payments import webhooks

    b = pay.paid_booking(10_000)
    r = pay.checkout(b["booking_id"])
    record = pay.events(r["order_id"], "payment.captured")[0]
    event_id = record["headers"]["x-razorpay-event-id"]
    first = webhooks.handle_one(event_id, record["body"])
    assert first != "duplicate"
    after_first = (pay.balances(), ledger_total())
    assert webhooks.handle_one(event_id, record["body"]) == "duplicate"
    assert (pay.balances(), ledger_total()) == after_first
