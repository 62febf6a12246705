"""Gifts, refunds, the mentor's release, withdrawals, dead letters, reconciliation and the tables."""

from __future__ import annotations

import csv
import io
import threading

import pytest

from chalicelib.payments import ledger
from tests.functional.conftest import drain_events
from tests.functional.payments_helpers import Payments, ledger_total


@pytest.fixture
def pay(api, client, standin, market, make_admin):
    standin.control(reset=True, settle_delay_ms=0)
    return Payments(api, client, standin, market, make_admin)


def paid(pay, price=50_000, **over):
    """A confirmed, paid booking and its order id."""
    b = pay.paid_booking(price, **over)
    r = pay.checkout(b["booking_id"])
    status, data = pay.verify(r)
    assert status == 200 and data["booking"]["status"] == "confirmed", data
    return b, r["order_id"]


def deliver_all(pay, order_or_entity):
    pay.deliver(pay.events(order_or_entity))


# ---------- gifts ----------

def test_a_gift_goes_through_checkout_and_the_mentor_gets_90_percent_at_once(pay, api, market):
    b, _ = paid(pay, 10_000)
    status, data = api.call("POST", "/payments/gifts", {"booking_id": b["booking_id"], "amount_paise": 50_001},
                            token=market.learner["access_token"])
    assert status == 201, data
    assert data["payment"]["kind"] == "gift" and data["checkout"]["amount"] == 50_001
    result = pay.standin.pay(data["checkout"]["order_id"], "success")
    pay.deliver(pay.events(data["checkout"]["order_id"], "payment.captured"))  # the webhook alone
    assert pay.balances() == {"held": 9_000, "available": 45_000, "platform": 1_000 + 5_001, "payouts": 0}
    assert pay.verify(result)[0] == 200  # the late callback changes nothing
    assert pay.balances()["available"] == 45_000
    _, notes = api.call("GET", "/notifications", token=market.mentor["access_token"])
    assert "₹500.01 gift received" in [n["title"] for n in notes["items"]]
    _, e = api.call("GET", "/payments/earnings", token=market.mentor["access_token"])
    assert e["summary"]["gifts_paise"] == 45_000 and e["summary"]["available_paise"] == 45_000
    assert pay.booking(b["booking_id"])["status"] == "confirmed"


@pytest.mark.parametrize("amount", [12.5, 1000.0, "1000", -1000, 0, 999, 500_001, True, None])
def test_gift_amounts_out_of_range_or_not_whole_paise_are_refused(pay, api, market, amount):
    b, _ = paid(pay, 10_000)
    status, data = api.call("POST", "/payments/gifts", {"booking_id": b["booking_id"], "amount_paise": amount},
                            token=market.learner["access_token"])
    assert status == 400, data
    assert "amount_paise" in (data.get("fields") or {}) or data["error"] == "bad_amount"
    _, mine = api.call("GET", "/payments/mine", token=market.learner["access_token"])
    assert [p["kind"] for p in mine["items"]] == ["booking"]


def test_a_gift_on_someone_elses_booking_is_refused(pay, api, market):
    b, _ = paid(pay, 10_000)
    status, data = api.call("POST", "/payments/gifts", {"booking_id": b["booking_id"], "amount_paise": 5_000},
                            token=market.other["access_token"])
    assert status == 403
    _, mine = api.call("GET", "/payments/mine", token=market.other["access_token"])
    assert mine["items"] == []


def test_a_gift_needs_a_confirmed_booking(pay, api, market):
    b = pay.paid_booking(10_000)
    status, data = api.call("POST", "/payments/gifts", {"booking_id": b["booking_id"], "amount_paise": 5_000},
                            token=market.learner["access_token"])
    assert status == 409


# ---------- refunds ----------

def test_learner_cancelling_inside_the_window_is_refunded_through_the_api(pay, api, market):
    b, order = paid(pay, 40_000)
    status, data = api.call("POST", f"/bookings/{b['booking_id']}/cancel", {}, token=market.learner["access_token"])
    assert status == 200 and data["refund_due_paise"] == 40_000
    deliver_all(pay, order)
    p = pay.payment(order)
    assert p["status"] == "refunded" and p["refunded_paise"] == 40_000
    assert pay.booking(b["booking_id"])["refund_status"] == "processed"
    assert pay.balances() == {"held": 0, "available": 0, "platform": 0, "payouts": 0}
    at_razorpay = pay.standin.events(entity_id=order, event="refund.processed")
    assert len(at_razorpay) == 1
    _, notes = api.call("GET", "/notifications", token=market.learner["access_token"])
    assert "Refund of ₹400 processed" in [n["title"] for n in notes["items"]]
    # A second cancellation attempt refunds nothing more.
    assert api.call("POST", f"/bookings/{b['booking_id']}/cancel", {}, token=market.learner["access_token"])[0] == 409
    assert ledger_total() == 0


def test_mentor_cancelling_refunds_every_paid_learner(pay, api, market):
    b1, o1 = paid(pay, 30_000, seats=2)
    session_id = b1["session"]["session_id"]
    status, b2 = market.book(session_id, market.other)
    r2 = pay.checkout(b2["booking_id"], who=market.other)
    assert pay.verify(r2, who=market.other)[0] == 200
    status, _ = api.call("POST", f"/sessions/{session_id}/cancel", {"reason": "Unwell"},
                         token=market.mentor["access_token"])
    assert status == 200
    deliver_all(pay, o1)
    deliver_all(pay, r2["order_id"])
    assert pay.payment(o1)["status"] == "refunded" and pay.payment(r2["order_id"])["status"] == "refunded"
    assert pay.balances() == {"held": 0, "available": 0, "platform": 0, "payouts": 0}


def test_admin_partial_then_full_refund_and_never_more_than_captured(pay, api):
    _, order = paid(pay, 10_001)
    status, r = api.call("POST", f"/admin/payments/{order}/refunds", {"amount_paise": 3_333, "reason": "Late start"},
                         token=pay.admin)
    assert status == 201 and r["amount_paise"] == 3_333 and r["reason"] == "admin"
    p = pay.payment(order)
    assert p["status"] == "partially_refunded" and p["refunded_paise"] == 3_333
    # mentor gets back floor(3333 × 9000/10001) of their 9000 share
    assert pay.balances()["held"] == 9_000 - 3_333 * 9_000 // 10_001
    for bad in (6_669, 10_001, -5, 0, 1.5, "100"):
        status, data = api.call("POST", f"/admin/payments/{order}/refunds", {"amount_paise": bad, "reason": "x" * 5},
                                token=pay.admin)
        assert status == 400, (bad, data)
    assert pay.payment(order)["refunded_paise"] == 3_333
    status, r2 = api.call("POST", f"/admin/payments/{order}/refunds", {"reason": "Refund the rest"}, token=pay.admin)
    assert status == 201 and r2["amount_paise"] == 6_668
    deliver_all(pay, order)
    assert pay.payment(order)["status"] == "refunded"
    assert pay.balances() == {"held": 0, "available": 0, "platform": 0, "payouts": 0}
    status, data = api.call("POST", f"/admin/payments/{order}/refunds", {"reason": "again"}, token=pay.admin)
    assert status == 409
    _, refunds = api.call("GET", f"/payments/refunds?order_id={order}", token=pay.admin)
    assert sorted(r["amount_paise"] for r in refunds["items"]) == [3_333, 6_668]
    assert ledger_total() == 0


def test_concurrent_refunds_never_exceed_the_capture(pay, api):
    _, order = paid(pay, 10_000)
    admin = pay.admin  # signed in before the threads start
    statuses: list[int] = []

    def refund() -> None:
        statuses.append(api.call("POST", f"/admin/payments/{order}/refunds", {"amount_paise": 6_000,
                                                                               "reason": "double click"},
                                 token=admin)[0])

    threads = [threading.Thread(target=refund) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses).count(201) == 1
    assert pay.payment(order)["refunded_paise"] == 6_000


def test_a_refund_razorpay_fails_puts_the_money_back(pay, api, market):
    _, order = paid(pay, 20_000)
    pay.standin.control(refund_outcome="failed")
    status, r = api.call("POST", f"/admin/payments/{order}/refunds", {"reason": "Goodwill"}, token=pay.admin)
    assert status == 201
    deliver_all(pay, order)
    p = pay.payment(order)
    assert p["status"] == "captured" and p["refunded_paise"] == 0
    assert pay.balances() == {"held": 18_000, "available": 0, "platform": 2_000, "payouts": 0}
    _, refunds = api.call("GET", f"/payments/refunds?order_id={order}", token=market.learner["access_token"])
    assert [x["status"] for x in refunds["items"]] == ["failed"]
    assert ledger_total() == 0


def test_release_after_completion_and_a_later_full_refund_reverses_the_released_share(pay, clock_at):
    b, order = paid(pay, 20_000)
    from chalicelib.bookings.service import complete_for_session
    from chalicelib.payments import capture, refunds

    pay.mentor_attends(b["session"]["session_id"])  # the mentor came to the room
    complete_for_session(b["session"]["session_id"])
    drain_events()
    assert pay.balances()["held"] == 18_000  # the learner may still report a problem
    clock_at(2 * 86_400 + 3 * 3_600)  # past the session's end and its 24-hour dispute window
    from chalicelib.jobs import earnings as jobs  # payments' release, told of the mentor's attendance

    assert jobs.release_due() == {"released": 1, "waiting": 0, "absent": 0}
    assert pay.balances() == {"held": 0, "available": 18_000, "platform": 2_000, "payouts": 0}
    assert capture.release_earning(b["booking_id"]) is False  # idempotent
    # support refunds the whole seat after the release (e.g. a resolved complaint): the share comes back
    r = refunds.refund_payment(order, None, reason="admin", refund_id=f"{order}-support")
    assert r.amount_paise == 20_000
    assert refunds.refund_payment(order, None, reason="admin", refund_id=f"{order}-support").refund_id == r.refund_id
    assert pay.balances() == {"held": 0, "available": 0, "platform": 0, "payouts": 0}


def test_no_release_while_a_refund_is_pending(pay):
    b, order = paid(pay, 20_000)
    pay.standin.control(settle_delay_ms=3_000)  # Razorpay keeps it pending a while
    from chalicelib.payments import capture, refunds

    refunds.refund_payment(order, 5_000, reason="admin")
    assert capture.release_earning(b["booking_id"]) is False
    assert pay.balances()["available"] == 0


# ---------- withdrawals ----------

@pytest.mark.parametrize("body,field", [
    ({"kind": "bank", "holder_name": "Vikram R", "ifsc": "HDFC1234567", "account_number": "123456789012"}, "ifsc"),
    ({"kind": "bank", "holder_name": "Vikram R", "ifsc": "HDF0001234", "account_number": "123456789012"}, "ifsc"),
    ({"kind": "bank", "holder_name": "Vikram R", "ifsc": "HDFC0001234", "account_number": "12ab"}, "account_number"),
    ({"kind": "vpa", "vpa": "not-a-upi"}, "vpa"),
    ({"kind": "vpa", "vpa": "a@1"}, "vpa"),
    ({"kind": "card", "number": "4111"}, "body"),
])
def test_invalid_ifsc_or_upi_is_refused(pay, api, market, body, field):
    status, data = api.call("PUT", "/payments/payout-account", body, token=market.mentor["access_token"])
    assert status == 400, data
    assert any(field in k for k in data["fields"]) or field == "body", data
    _, got = api.call("GET", "/payments/payout-account", token=market.mentor["access_token"])
    assert got == {"account": None}


def test_bank_account_is_stored_masked_and_never_echoed(pay, api, market):
    status, data = api.call("PUT", "/payments/payout-account", {"kind": "bank", "holder_name": "Vikram Rao",
                                                                 "ifsc": "hdfc0001234", "account_number": "123456789012"},
                            token=market.mentor["access_token"])
    assert status == 200, data
    assert data["account"] == {"kind": "bank", "holder_name": "Vikram Rao", "ifsc": "HDFC0001234",
                               "masked": "XXXXXXXX9012", "account_last4": "9012"}
    assert "123456789012" not in api.last.body.decode() if isinstance(api.last.body, bytes) else True
    from chalicelib.payments.models import PayoutAccount

    stored = PayoutAccount.get(pay.user_id(market.mentor)).attribute_values
    assert "123456789012" not in repr(stored)


def mentor_with_balance(pay, api, market, amount=100_000):
    """A gift is withdrawable at once: 90 % of it."""
    b, _ = paid(pay, 10_000)
    _, g = api.call("POST", "/payments/gifts", {"booking_id": b["booking_id"], "amount_paise": amount},
                    token=market.learner["access_token"])
    pay.verify(pay.standin.pay(g["checkout"]["order_id"], "success"))
    assert pay.balances()["available"] == amount * 9 // 10
    api.call("PUT", "/payments/payout-account", {"kind": "vpa", "vpa": "vikram@okicici"},
             token=market.mentor["access_token"])


def test_withdrawal_pays_out_and_processed_webhooks_settle_it(pay, api, market):
    mentor_with_balance(pay, api, market)
    status, w = api.call("POST", "/payments/withdrawals", {"amount_paise": 50_000}, token=market.mentor["access_token"])
    assert status == 201, w
    assert w["destination"] == "vi****@okicici" and "24 hrs" in w["status_text"]
    assert pay.balances()["available"] == 40_000 and pay.balances()["payouts"] == 50_000
    pay.settle()
    pay.deliver([r for r in pay.standin.events() if r["event"].startswith("payout.")
                 and r["payload"]["payload"]["payout"]["entity"].get("reference_id") == w["withdrawal_id"]] * 2)
    _, history = api.call("GET", "/payments/withdrawals", token=market.mentor["access_token"])
    assert history["items"][0]["status"] == "processed" and history["items"][0]["utr"]
    assert pay.balances()["payouts"] == 0 and pay.balances()["available"] == 40_000
    assert ledger.balance(ledger.external(f"bank:{pay.user_id(market.mentor)}")) == 50_000
    assert ledger_total() == 0


def test_a_reversed_payout_returns_the_money(pay, api, market):
    mentor_with_balance(pay, api, market)
    pay.standin.control(payout_outcome="reversed")
    _, w = api.call("POST", "/payments/withdrawals", {"amount_paise": 20_000}, token=market.mentor["access_token"])
    pay.settle()
    events = [r for r in pay.standin.events() if r["event"].startswith("payout.")
              and r["payload"]["payload"]["payout"]["entity"].get("reference_id") == w["withdrawal_id"]]
    pay.deliver(list(reversed(events)))  # out of order: the reversal first
    _, history = api.call("GET", "/payments/withdrawals", token=market.mentor["access_token"])
    assert history["items"][0]["status"] == "reversed"
    assert pay.balances()["available"] == 90_000 and pay.balances()["payouts"] == 0
    assert ledger_total() == 0


def test_withdrawal_bad_amounts_and_concurrent_overdraw(pay, api, market):
    mentor_with_balance(pay, api, market)  # 90 000 available
    token = market.mentor["access_token"]
    for bad, code in ((9_999, 400), (10_000.5, 400), (-1, 400), ("50000", 400), (90_001, 409)):
        status, data = api.call("POST", "/payments/withdrawals", {"amount_paise": bad}, token=token)
        assert status == code, (bad, data)
    assert "₹900" in api.call("POST", "/payments/withdrawals", {"amount_paise": 90_001}, token=token)[1]["message"]
    statuses: list[int] = []

    def withdraw() -> None:
        statuses.append(api.call("POST", "/payments/withdrawals", {"amount_paise": 60_000}, token=token)[0])

    threads = [threading.Thread(target=withdraw) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 409, 409]
    assert pay.balances()["available"] == 30_000
    assert ledger.balance(ledger.mentor_available(pay.user_id(market.mentor))) >= 0


def test_withdrawing_needs_an_account(pay, api, market):
    status, data = api.call("POST", "/payments/withdrawals", {"amount_paise": 10_000},
                            token=market.mentor["access_token"])
    assert status == 409 and data["error"] == "no_payout_account"


def test_the_platform_withdraws_its_fees_through_the_same_path(pay, api):
    paid(pay, 200_000)  # 20 000 platform fee
    token = pay.admin
    api.call("PUT", "/payments/payout-account", {"kind": "bank", "holder_name": "PeerLearn Pvt Ltd",
                                                 "ifsc": "ICIC0000001", "account_number": "000111222333"}, token=token)
    status, w = api.call("POST", "/payments/withdrawals", {"amount_paise": 15_000}, token=token)
    assert status == 201, w
    _, revenue = api.call("GET", "/admin/revenue", token=token)
    assert revenue["platform_fees_paise"] == 5_000 and revenue["platform_payouts_pending_paise"] == 15_000
    assert revenue["captured_paise"] == 200_000


# ---------- dead letters ----------

def test_a_poison_event_is_dead_lettered_then_replayed_by_an_admin(pay, api):
    """An event about one of our orders that isn't recorded yet: retried, dead-lettered, replayed."""
    import razorpay

    from chalicelib.core.settings import get_settings

    b = pay.paid_booking(15_000)
    assert pay.admin  # an admin exists to be told
    s = get_settings()
    c = razorpay.Client(auth=(s.razorpay_key_id, s.razorpay_key_secret), base_url=s.razorpay_base_url)
    order = c.order.create({"amount": 15_000, "currency": "INR", "receipt": b["booking_id"],
                            "notes": {"peerlearn_kind": "booking", "booking_id": b["booking_id"]}})
    pay.standin.pay(order["id"], "success")
    captured = pay.events(order["id"], "payment.captured")
    assert pay.deliver(captured, consume=False) == [200]
    results = pay.consume()
    assert len(results) == 3 and all(isinstance(r, Exception) for r in results)
    _, dead = api.call("GET", "/admin/webhook-events?status=dead", token=pay.admin)
    assert [e["entity_id"] for e in dead["items"]] == [captured[0]["payload"]["payload"]["payment"]["entity"]["id"]]
    assert "NotYetKnown" in dead["items"][0]["error"] and dead["items"][0]["attempts"] == 3
    assert (dead["items"][0]["event"], dead["items"][0]["status"]) == ("payment.captured", "dead")
    _, notes = api.call("GET", "/notifications", token=pay.admin)
    [note] = [n for n in notes["items"] if n["kind"] == "webhook_dead"]
    assert note["title"] == "Webhook dead-lettered: payment.captured"
    assert note["body"].startswith(f"Event {dead['items'][0]['event_id']} failed 3 times: ")
    assert note["link"] == "/dashboard/admin/payments"

    # The operator records the order (here: as the app would have), then replays.
    from chalicelib.core import clock
    from chalicelib.payments.models import Payment

    now = clock.now_int()
    Payment(order_id=order["id"], kind="booking", booking_id=b["booking_id"], session_id=b["session"]["session_id"],
            session_title=b["session"]["title"], learner_id=b["learner"]["user_id"], mentor_id=pay.user_id(pay.market.mentor),
            amount_paise=15_000, mentor_paise=13_500, platform_paise=1_500, status="created",
            created_at=now, updated_at=now).save()
    event_id = dead["items"][0]["event_id"]
    status, replayed = api.call("POST", f"/admin/webhook-events/{event_id}/replay", {}, token=pay.admin)
    assert status == 202 and replayed["status"] == "replayed"
    status, data = api.call("POST", f"/admin/webhook-events/{event_id}/replay", {}, token=pay.admin)
    assert (status, data["error"]) == (409, "stale_state")  # replayed once only
    _, queued = api.call("GET", "/admin/webhook-events?status=replayed", token=pay.admin)
    assert [e["event_id"] for e in queued["items"]] == [event_id]  # the admin's "replayed" view, until processed
    pay.consume()
    assert pay.booking(b["booking_id"])["status"] == "confirmed"
    _, dead = api.call("GET", "/admin/webhook-events?status=dead", token=pay.admin)
    assert dead["items"] == []
    status, data = api.call("POST", "/admin/webhook-events/nope/replay", {}, token=pay.admin)
    assert (status, data["error"]) == (404, "not_found")


def test_dead_letters_are_listed_newest_first_a_page_at_a_time(pay, api, clock_at):
    """Two events about orders we never recorded: each is dead-lettered after three tries; the admin's
    list shows the later one first and pages through both with a cursor."""
    import razorpay

    from chalicelib.core.settings import get_settings

    s = get_settings()
    c = razorpay.Client(auth=(s.razorpay_key_id, s.razorpay_key_secret), base_url=s.razorpay_base_url)
    assert pay.admin
    payments = []
    for i in range(2):
        clock_at(i * 60)  # the second arrives a minute later
        b = pay.paid_booking(15_000 + i)
        order = c.order.create({"amount": 15_000 + i, "currency": "INR", "receipt": b["booking_id"],
                                "notes": {"peerlearn_kind": "booking", "booking_id": b["booking_id"]}})
        pay.standin.pay(order["id"], "success")
        captured = pay.events(order["id"], "payment.captured")
        payments.append(captured[0]["payload"]["payload"]["payment"]["entity"]["id"])
        pay.deliver(captured)
    seen, cursor = [], None
    for _ in range(3):
        status, page = api.call("GET", "/admin/webhook-events?status=dead&limit=1" + (f"&cursor={cursor}" if cursor else ""),
                                token=pay.admin)
        assert status == 200 and len(page["items"]) <= 1, page
        seen += [e["entity_id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == payments[::-1]


# ---------- reconciliation ----------

@pytest.fixture
def own_standin(monkeypatch):
    """A Razorpay account of this test's own (the shared one holds every other test's payments)."""
    from local.razorpay_standin import generate_credentials, start_standin

    creds = generate_credentials()
    s = start_standin(creds.key_id, creds.key_secret, creds.webhook_secret, None, settle_delay_ms=0)
    for key, value in s.app_environment().items():
        monkeypatch.setenv(key, value)
    yield s
    s.stop()


def test_reconciliation_matches_and_then_reports_a_difference_to_admins(api, client, own_standin, market,
                                                                         make_admin):
    from chalicelib.core import clock
    from chalicelib.payments import reconciliation
    from chalicelib.payments.records import ist_day

    pay = Payments(api, client, own_standin, market, make_admin)

    _, order = paid(pay, 12_345)
    today = ist_day(clock.now())
    assert pay.admin  # an admin exists to be told
    report = reconciliation.run(day=today)
    assert report["ok"] is True and report["checked_payments"] >= 1, report
    # A capture our records lost (Razorpay has it, we don't):
    from chalicelib.payments.models import Payment

    Payment.get(order).update(actions=[Payment.captured_day.set("1999-01-01")])  # filed on another day: fine
    assert reconciliation.run(day=today)["ok"] is True
    # Seen from the day we filed it on, Razorpay's list (by creation) lacks it: it is fetched on its own.
    report = reconciliation.run(day="1999-01-01")
    assert report["ok"] is True and report["checked_payments"] == 1, report
    Payment.get(order).update(actions=[Payment.razorpay_payment_id.set("pay_NeverAtRazorpay")])
    report = reconciliation.run(day="1999-01-01")  # ours names a payment Razorpay never had
    assert [(d["kind"], d["order_id"]) for d in report["differences"]] == [("payment_missing_at_razorpay", order)]
    Payment.get(order).delete()
    report = reconciliation.run(day=today)
    assert report["ok"] is False
    assert [(d["kind"], d["order_id"]) for d in report["differences"]] == [("payment_missing_in_ledger", order)]
    _, reports = api.call("GET", "/admin/reconciliation", token=pay.admin)
    assert reports["items"][0]["day"] == today and reports["items"][0]["ok"] is False
    _, notes = api.call("GET", "/notifications", token=pay.admin)
    assert any(n["kind"] == "reconciliation_mismatch" for n in notes["items"])


# ---------- the tables ----------

def test_earnings_table_chart_and_csv(pay, api, market):
    b, order = paid(pay, 49_900)
    token = market.mentor["access_token"]
    _, e = api.call("GET", "/payments/earnings", token=token)
    assert [(i["order_id"], i["mentor_paise"], i["earning_status"]) for i in e["items"]] == [(order, 44_910, "held")]
    assert e["summary"]["held_paise"] == 44_910 and e["summary"]["available_paise"] == 0
    assert e["items"][0]["learner"]["name"]
    _, series = api.call("GET", "/payments/earnings/series?days=7", token=token)
    assert len(series["days"]) == 7 and series["days"][-1]["earned_paise"] == 44_910
    assert api.call("GET", "/payments/earnings/series?days=3", token=token)[0] == 400
    resp = api.client.http.get("/payments/earnings.csv", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/csv")
    text = resp.body.decode() if isinstance(resp.body, bytes) else resp.body
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["date", "session", "learner", "kind"]
    assert rows[1][4:7] == ["499.00", "449.10", "0.00"]


def test_the_earnings_chart_puts_each_capture_on_the_mentors_own_day(pay, api, market, clock_at):
    """The mentor is in Kolkata (UTC+5:30): a payment captured at 18:00 UTC is that evening there, one
    captured at 20:00 UTC is the next morning; one captured before the chart's first day is not shown."""
    import time
    from datetime import UTC, datetime, timedelta

    now = time.time()
    t = datetime.fromtimestamp(now, UTC).replace(hour=20, minute=0, second=0, microsecond=0)
    if t.timestamp() > now:
        t -= timedelta(days=1)  # the last 20:00 UTC: the app's clock only moves back, tokens stay valid
    for when, price in ((t - timedelta(days=10), 20_000), (t - timedelta(hours=2), 30_000), (t, 49_900)):
        clock_at(when.timestamp() - now)
        paid(pay, price)
    _, series = api.call("GET", "/payments/earnings/series?days=7", token=market.mentor["access_token"])
    kolkata_today = (t + timedelta(hours=5, minutes=30)).date()
    assert [d["date"] for d in series["days"]] == [(kolkata_today - timedelta(days=6 - i)).isoformat() for i in range(7)]
    assert [d["earned_paise"] for d in series["days"]] == [0, 0, 0, 0, 0, 27_000, 44_910]
    assert all(d["gifts_paise"] == 0 for d in series["days"])


def test_csv_cells_cannot_become_spreadsheet_formulas(pay, api, market):
    paid(pay, 10_000, title="=HYPERLINK(\"x\") lesson")
    resp = api.client.http.get("/payments/earnings.csv",
                               headers={"Authorization": f"Bearer {market.mentor['access_token']}"})
    body = resp.body.decode() if isinstance(resp.body, bytes) else resp.body
    assert "'=HYPERLINK" in body


def test_learner_and_admin_tables(pay, api, market):
    _, order = paid(pay, 30_000)
    _, mine = api.call("GET", "/payments/mine", token=market.learner["access_token"])
    assert [(p["order_id"], p["status"], p["mentor"]["name"]) for p in mine["items"]] == [
        (order, "captured", "Vikram Mentor")]
    _, other = api.call("GET", "/payments/mine", token=market.other["access_token"])
    assert other["items"] == []
    assert api.call("GET", f"/payments/orders/{order}", token=market.other["access_token"])[0] == 403
    _, all_ = api.call("GET", "/admin/payments", token=pay.admin)
    row = next(p for p in all_["items"] if p["order_id"] == order)
    assert (row["mentor_paise"], row["platform_paise"]) == (27_000, 3_000)
    _, captured = api.call("GET", "/admin/payments?status=captured&limit=1", token=pay.admin)
    assert captured["items"][0]["status"] == "captured"
    assert api.call("GET", "/admin/payments?status=bogus", token=pay.admin)[0] == 400


def test_every_payments_list_pages_with_a_cursor(pay, api, market):
    orders = [paid(pay, 10_000 + i)[1] for i in range(3)]
    for path, token in (("/payments/mine", market.learner["access_token"]),
                        ("/payments/earnings", market.mentor["access_token"]),
                        ("/admin/payments", pay.admin), ("/admin/payments?status=captured", pay.admin)):
        seen, cursor = [], None
        for _ in range(5):
            sep = "&" if "?" in path else "?"
            url = f"{path}{sep}limit=1" + (f"&cursor={cursor}" if cursor else "")
            status, page = api.call("GET", url, token=token)
            assert status == 200, (url, page)
            seen += [p["order_id"] for p in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert sorted(seen) == sorted(orders), path
    _, e = api.call("GET", "/payments/earnings", token=market.mentor["access_token"])
    assert e["summary"]["gifts_paise"] == 0


def test_the_settle_job_releases_earnings_once_the_refund_is_settled(pay, clock_at):
    b, order = paid(pay, 20_000)
    from chalicelib.bookings.service import complete_for_session
    from chalicelib.jobs import earnings as jobs
    from chalicelib.payments import refunds

    pay.standin.control(settle_delay_ms=3_000)  # Razorpay keeps the refund pending for a while
    refunds.refund_payment(order, 5_000, reason="admin")
    pay.mentor_attends(b["session"]["session_id"])
    complete_for_session(b["session"]["session_id"])
    drain_events()  # a refund pending: nothing released
    assert pay.balances()["available"] == 0
    clock_at(3 * 86_400)  # after the session's end
    assert jobs.settle() == {"released": 0, "waiting": 1, "absent": 0, "payouts_resent": 0,
                            "refunds_resent": 0}
    clock_at(0)
    pay.deliver(pay.events(order, "refund.processed"))  # waits for the stand-in to settle it
    clock_at(3 * 86_400)
    assert jobs.settle()["released"] == 1
    assert pay.balances() == {"held": 0, "available": 18_000 - 4_500, "platform": 2_000 - 500, "payouts": 0}
    assert jobs.settle()["released"] == 0  # once


def test_a_payout_request_that_never_reached_razorpayx_is_resent_with_the_same_key(pay, api, market, monkeypatch,
                                                                                     clock_at):
    mentor_with_balance(pay, api, market)
    from chalicelib.jobs import earnings as jobs
    from chalicelib.payments import gateway

    real = gateway.create_payout

    def outage(body, key):
        raise gateway.PaymentsUnavailable()

    monkeypatch.setattr(gateway, "create_payout", outage)
    status, w = api.call("POST", "/payments/withdrawals", {"amount_paise": 30_000}, token=market.mentor["access_token"])
    assert status == 201 and w["status"] == "requested"
    monkeypatch.setattr(gateway, "create_payout", real)
    clock_at(600)
    assert jobs.settle()["payouts_resent"] == 1
    assert jobs.settle()["payouts_resent"] == 0
    payouts = [r for r in pay.events(w["withdrawal_id"]) if r["event"].startswith("payout.")]
    refs = {r["payload"]["payload"]["payout"]["entity"]["id"] for r in pay.standin.events()
            if r["event"].startswith("payout.")
            and r["payload"]["payload"]["payout"]["entity"].get("reference_id") == w["withdrawal_id"]}
    assert len(refs) == 1 and payouts is not None


def test_stuck_payouts_wait_five_minutes_to_the_second_and_each_is_resent_once(pay, api, market, monkeypatch):
    """Two requests that never reached RazorpayX, and one whose answer was recorded but whose retry mark
    stayed behind: after exactly 300 s the two are sent again (the same key each), the third only
    leaves the index."""
    import time

    from chalicelib.core import clock
    from chalicelib.payments import gateway, withdrawals
    from chalicelib.payments.models import Withdrawal

    mentor_with_balance(pay, api, market)
    t0 = int(time.time())
    clock.set_clock(lambda: float(t0))
    try:
        real = gateway.create_payout
        sent: list[str] = []

        def outage(body, key):
            raise gateway.PaymentsUnavailable()

        monkeypatch.setattr(gateway, "create_payout", outage)
        ids = []
        for amount in (10_000, 20_000, 30_000):
            status, w = api.call("POST", "/payments/withdrawals", {"amount_paise": amount},
                                 token=market.mentor["access_token"])
            assert status == 201 and w["status"] == "requested", w
            ids.append(w["withdrawal_id"])
        Withdrawal(withdrawal_id=ids[0]).update(actions=[Withdrawal.payout_id.set("pout_recorded")])

        def counted(body, key):
            sent.append(key)
            return real(body, key)

        monkeypatch.setattr(gateway, "create_payout", counted)
        clock.set_clock(lambda: float(t0 + 299))
        assert withdrawals.retry_stuck_payouts() == 0 and sent == []  # the first answer may still come
        clock.set_clock(lambda: float(t0 + 300))
        assert withdrawals.retry_stuck_payouts() == 2
        assert sorted(sent) == sorted(ids[1:])  # the recorded one is not sent again
        assert [Withdrawal.get(i).retry_key for i in ids] == [None, None, None]
        assert withdrawals.retry_stuck_payouts() == 0 and len(sent) == 2
    finally:
        clock.reset_clock()


def test_an_admin_refund_with_the_same_idempotency_key_refunds_once(pay, api):
    _, order = paid(pay, 10_000)
    body = {"amount_paise": 1_000, "reason": "Late start", "idempotency_key": "click-1234567"}
    first = api.call("POST", f"/admin/payments/{order}/refunds", body, token=pay.admin)
    second = api.call("POST", f"/admin/payments/{order}/refunds", body, token=pay.admin)
    assert first[0] == second[0] == 201 and first[1]["refund_id"] == second[1]["refund_id"]
    assert pay.payment(order)["refunded_paise"] == 1_000


def test_webhooks_signed_with_the_previous_secret_pass_during_a_rotation(pay, monkeypatch):
    b = pay.paid_booking(10_000)
    r = pay.checkout(b["booking_id"])
    record = pay.events(r["order_id"], "payment.captured")[0]
    old = pay.standin.webhook_secret
    monkeypatch.setenv("RAZORPAY_WEBHOOK_SECRET", "a-brand-new-secret-0123456789")
    assert pay.post_webhook(record)[0] == 400
    monkeypatch.setenv("RAZORPAY_WEBHOOK_SECRET_PREVIOUS", old)
    assert pay.post_webhook(record)[0] == 200
    pay.consume()
    assert pay.booking(b["booking_id"])["status"] == "confirmed"


@pytest.mark.parametrize("reached_razorpay", [False, True])
def test_a_refund_call_that_failed_ambiguously_is_settled_without_refunding_twice(pay, monkeypatch, clock_at,
                                                                                   reached_razorpay):
    assert pay.admin  # signed in before the clock moves (TOTP follows the real time)
    _, order = paid(pay, 20_000)
    from chalicelib.jobs import earnings as jobs
    from chalicelib.payments import gateway, refunds

    real = gateway.refund

    def lost(payment_id, amount, notes):
        if reached_razorpay:
            real(payment_id, amount, notes)  # Razorpay made it; the answer never came back
        raise gateway.PaymentsUnavailable()

    monkeypatch.setattr(gateway, "refund", lost)
    r = refunds.refund_payment(order, 5_000, reason="admin")
    assert r.status == "pending" and r.razorpay_refund_id is None
    monkeypatch.setattr(gateway, "refund", real)
    assert jobs.settle()["refunds_resent"] == 0  # too early: the webhook may still come
    clock_at(11 * 60)
    assert jobs.settle()["refunds_resent"] == (0 if reached_razorpay else 1)
    assert jobs.settle()["refunds_resent"] == 0  # once
    payment_id = pay.payment(order)["razorpay_payment_id"]
    pay.settle()
    at_razorpay = gateway.refunds_of(payment_id)
    assert [x["amount"] for x in at_razorpay] == [5_000]  # never twice
    clock_at(0)
    pay.deliver(pay.events(order))
    _, got = pay.api.call("GET", f"/payments/refunds?order_id={order}", token=pay.admin)
    assert [(x["status"], x["razorpay_refund_id"]) for x in got["items"]] == [("processed", at_razorpay[0]["id"])]
    assert pay.payment(order)["refunded_paise"] == 5_000
