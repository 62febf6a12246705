"""The daily reconciliation, difference by difference: what the report holds (every field of every
difference), what it counts, what admins are told, and the admin's list of reports.

Each test has a Razorpay account of its own (`own_standin`): the shared stand-in holds every other
test's payments, and the reconciliation reads everything Razorpay has for the day."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest

from chalicelib.core import clock
from chalicelib.payments import gateway, reconciliation, refunds
from chalicelib.payments.models import Payment, Refund
from chalicelib.payments.records import ist_day
from tests.functional.payments_helpers import Payments


@pytest.fixture
def own_standin(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A Razorpay account of this test's own (the shared one holds every other test's payments)."""
    from local.razorpay_standin import generate_credentials, start_standin

    creds = generate_credentials()
    s = start_standin(creds.key_id, creds.key_secret, creds.webhook_secret, None, settle_delay_ms=0)
    for key, value in s.app_environment().items():
        monkeypatch.setenv(key, value)
    yield s
    s.stop()


@pytest.fixture
def pay(api: Any, client: Any, own_standin: Any, market: Any, make_admin: Any) -> Payments:
    return Payments(api, client, own_standin, market, make_admin)


def paid(pay: Payments, price: int) -> tuple[str, str]:
    """A confirmed, paid booking: (order id, Razorpay payment id)."""
    b = pay.paid_booking(price)
    r = pay.checkout(b["booking_id"])
    status, data = pay.verify(r)
    assert status == 200 and data["booking"]["status"] == "confirmed", data
    return r["order_id"], r["razorpay_payment_id"]


def settled(pay: Payments, entity_id: str) -> None:
    """Razorpay's refund webhooks for `entity_id` delivered and processed (the refund's final status)."""
    pay.deliver([r for r in pay.events(entity_id) if r["event"].startswith("refund.")])


def by_kind(differences: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(differences, key=lambda d: (d["kind"], str(d["razorpay_id"])))


def mismatch_notes(api: Any, token: str) -> list[dict[str, Any]]:
    _, notes = api.call("GET", "/notifications", token=token)
    return [{k: n[k] for k in ("title", "body", "link")} for n in notes["items"]
            if n["kind"] == "reconciliation_mismatch"]


# ---------- a day that reconciles ----------

def test_a_day_with_partial_full_and_failed_refunds_reconciles_and_counts_what_it_checked(pay: Payments, api: Any):
    """A partial refund, a full refund (Razorpay then shows the payment as "refunded") and a refund
    Razorpay failed: nothing differs; the failed refund is left out on both sides."""
    partial, partial_pay = paid(pay, 49_900)
    full, full_pay = paid(pay, 20_000)
    failing, failing_pay = paid(pay, 30_000)
    refunds.refund_payment(partial, 10_000, reason="admin")
    refunds.refund_payment(full, None, reason="admin")
    settled(pay, partial_pay)
    settled(pay, full_pay)
    pay.standin.control(refund_outcome="failed")
    refunds.refund_payment(failing, 5_000, reason="admin")
    settled(pay, failing_pay)
    assert pay.standin.store.get("payments", full_pay)["status"] == "refunded"
    assert [r.status for r in Refund.by_order.query(failing)] == ["failed"]
    assert pay.admin  # an admin exists, and must not be bothered
    today = ist_day(clock.now())
    report = reconciliation.run(day=today)
    assert report == {"day": today, "ok": True, "differences": [], "checked_payments": 3, "checked_refunds": 2,
                      "ran_at": report["ran_at"]}
    assert mismatch_notes(api, pay.admin) == []
    # The fully refunded payment (status "refunded" at Razorpay) is one Razorpay lists for the day:
    # filed by us on another day, it is still found and counted.
    Payment.get(full).update(actions=[Payment.captured_day.set("1999-01-01")])
    again = reconciliation.run(day=today)
    assert (again["ok"], again["checked_payments"], again["checked_refunds"]) == (True, 3, 2)
    # ...and, seen from the day we filed it on, Razorpay's answer for it ("refunded") is a capture too.
    elsewhere = reconciliation.run(day="1999-01-01")
    assert (elsewhere["ok"], elsewhere["differences"], elsewhere["checked_payments"],
            elsewhere["checked_refunds"]) == (True, [], 1, 0)


def test_an_empty_day_reconciles_with_nothing_checked(pay: Payments, api: Any):
    report = reconciliation.run(day="2001-02-03")
    assert report == {"day": "2001-02-03", "ok": True, "differences": [], "checked_payments": 0,
                      "checked_refunds": 0, "ran_at": report["ran_at"]}
    _, page = api.call("GET", "/admin/reconciliation", token=pay.admin)
    assert page == {"items": [report], "next_cursor": None}


# ---------- every kind of difference ----------

def test_every_kind_of_difference_is_reported_with_its_ids_and_amounts_and_admins_are_told(
        pay: Payments, api: Any, monkeypatch: pytest.MonkeyPatch):
    today = ist_day(clock.now())
    # Razorpay has a capture we lost, and a fully refunded one (from its dashboard) we lost too:
    lost, lost_pay = paid(pay, 10_000)
    gone, gone_pay = paid(pay, 20_000)
    dash_full = gateway.refund(gone_pay, 20_000, {})
    # ours says 29,000 where Razorpay captured 30,000; and a partial refund made on Razorpay's dashboard:
    short, short_pay = paid(pay, 30_000)
    dash_part = gateway.refund(short_pay, 5_000, {})
    # ours names a payment Razorpay never had (and so misses the one it has for that order):
    wrong, wrong_pay = paid(pay, 40_000)
    # a refund of ours recorded for less than Razorpay refunded, one Razorpay never got, and one
    # whose Razorpay id Razorpay doesn't know:
    refunded, refunded_pay = paid(pay, 25_000)
    less = refunds.refund_payment(refunded, 7_000, reason="admin")
    settled(pay, refunded_pay)
    real_refund = gateway.refund

    def outage(*args: Any, **kwargs: Any) -> Any:
        raise gateway.PaymentsUnavailable()

    monkeypatch.setattr(gateway, "refund", outage)
    unsent = refunds.refund_payment(refunded, 3_000, reason="admin")
    monkeypatch.setattr(gateway, "refund", real_refund)
    phantom = refunds.refund_payment(refunded, 2_000, reason="admin")
    settled(pay, refunded_pay)
    for order in (lost, gone):
        Payment.get(order).delete()
    Payment.get(short).update(actions=[Payment.amount_paise.set(29_000)])
    last = max(int(p.captured_at) for p in Payment.captured_by_day.query(today))
    # the wrong one is the last we captured that day (so it is checked after those that match)
    Payment.get(wrong).update(actions=[Payment.razorpay_payment_id.set("pay_NeverAtRazorpay"),
                                       Payment.captured_at.set(last + 60)])
    less_rz = Refund.get(less.refund_id).razorpay_refund_id
    Refund.get(less.refund_id).update(actions=[Refund.amount_paise.set(6_000)])
    phantom_rz = Refund.get(phantom.refund_id).razorpay_refund_id
    Refund.get(phantom.refund_id).update(actions=[Refund.razorpay_refund_id.set("rfnd_NeverAtRazorpay")])
    assert Refund.get(unsent.refund_id).razorpay_refund_id is None
    assert pay.admin  # an admin to be told

    report = reconciliation.run(day=today)
    expected = [
        {"kind": "payment_missing_in_ledger", "razorpay_id": lost_pay, "order_id": lost, "amount_paise": 10_000},
        {"kind": "payment_missing_in_ledger", "razorpay_id": gone_pay, "order_id": gone, "amount_paise": 20_000},
        {"kind": "payment_missing_in_ledger", "razorpay_id": wrong_pay, "order_id": wrong, "amount_paise": 40_000},
        {"kind": "payment_amount_differs", "razorpay_id": short_pay, "order_id": short, "ours_paise": 29_000,
         "theirs_paise": 30_000},
        {"kind": "payment_missing_at_razorpay", "razorpay_id": "pay_NeverAtRazorpay", "order_id": wrong,
         "amount_paise": 40_000},
        {"kind": "refund_missing_in_ledger", "razorpay_id": dash_full["id"], "payment_id": gone_pay,
         "amount_paise": 20_000},
        {"kind": "refund_missing_in_ledger", "razorpay_id": dash_part["id"], "payment_id": short_pay,
         "amount_paise": 5_000},
        {"kind": "refund_missing_in_ledger", "razorpay_id": phantom_rz, "payment_id": refunded_pay,
         "amount_paise": 2_000},
        {"kind": "refund_amount_differs", "razorpay_id": less_rz, "ours_paise": 6_000, "theirs_paise": 7_000},
        {"kind": "refund_missing_at_razorpay", "razorpay_id": unsent.refund_id, "refund_id": unsent.refund_id,
         "amount_paise": 3_000},
        {"kind": "refund_missing_at_razorpay", "razorpay_id": "rfnd_NeverAtRazorpay", "refund_id": phantom.refund_id,
         "amount_paise": 2_000},
    ]
    assert by_kind(report["differences"]) == by_kind(expected)
    assert len(report["differences"]) == len(expected)
    # Razorpay's 5 payments and our pay_NeverAtRazorpay; Razorpay's 4 refunds and our 2 unknown to it.
    assert (report["ok"], report["checked_payments"], report["checked_refunds"]) == (False, 6, 6)
    assert mismatch_notes(api, pay.admin) == [{"title": f"Payments for {today} don't reconcile",
                                               "body": "11 difference(s) between Razorpay and PeerLearn.",
                                               "link": "/dashboard/admin/payments"}]
    _, page = api.call("GET", "/admin/reconciliation", token=pay.admin)
    assert page["items"] == [report]


def test_a_payment_filed_on_another_day_is_fetched_and_its_amount_compared(pay: Payments):
    """Razorpay lists payments by creation, we file them by capture: a payment we filed on a day
    Razorpay's list for that day lacks is fetched on its own, and its amount still compared."""
    order, pay_id = paid(pay, 15_000)
    Payment.get(order).update(actions=[Payment.captured_day.set("1999-01-01"), Payment.amount_paise.set(14_000)])
    report = reconciliation.run(day="1999-01-01")
    assert (report["ok"], report["differences"], report["checked_payments"], report["checked_refunds"]) == (
        False, [{"kind": "payment_amount_differs", "razorpay_id": pay_id, "order_id": order, "ours_paise": 14_000,
                 "theirs_paise": 15_000}], 1, 0)


def test_razorpays_payment_of_an_order_we_recorded_with_another_payment_is_missing_in_the_ledger(pay: Payments):
    """Our record of the order (filed on another day) names another payment: Razorpay's capture of
    that order is not in our ledger."""
    order, pay_id = paid(pay, 12_000)
    Payment.get(order).update(actions=[Payment.captured_day.set("1999-01-01"),
                                       Payment.razorpay_payment_id.set("pay_SomeOtherAttempt")])
    report = reconciliation.run(day=ist_day(clock.now()))
    assert (report["differences"], report["checked_payments"]) == (
        [{"kind": "payment_missing_in_ledger", "razorpay_id": pay_id, "order_id": order, "amount_paise": 12_000}], 1)


def test_a_capture_at_razorpay_without_an_order_is_missing_in_the_ledger(pay: Payments):
    """A payment on the account that went through no PeerLearn order (a payment link, say)."""
    from local.razorpay_standin import ids

    store = pay.standin.store
    pid = ids.new_id("pay")
    with store._lock:
        store.payments[pid] = {"id": pid, "entity": "payment", "amount": 45_000, "currency": "INR",
                               "status": "captured", "order_id": None, "captured": True, "amount_refunded": 0,
                               "created_at": store.now()}
    report = reconciliation.run(day=ist_day(clock.now()))
    assert (report["differences"], report["checked_payments"]) == (
        [{"kind": "payment_missing_in_ledger", "razorpay_id": pid, "order_id": None, "amount_paise": 45_000}], 1)


def test_more_than_a_page_of_razorpay_payments_are_all_checked(pay: Payments, api: Any):
    """Razorpay lists 100 per page: a day of 201 captures (none of them ours) is read to the end,
    the report keeps the first 200 differences, and the admins are told the full count."""
    store = pay.standin.store
    for _ in range(201):
        order = store.create_order({"amount": 10_000, "currency": "INR"})
        pay.standin.pay(order["id"])
    theirs = {p["id"] for p in store.payments.values()}
    today = ist_day(clock.now())
    assert pay.admin  # an admin to be told
    report = reconciliation.run(day=today)
    assert (report["ok"], report["checked_payments"], len(report["differences"])) == (False, 201, 200)
    assert {d["razorpay_id"] for d in report["differences"]} <= theirs
    assert {d["kind"] for d in report["differences"]} == {"payment_missing_in_ledger"}
    assert mismatch_notes(api, pay.admin) == [{"title": f"Payments for {today} don't reconcile",
                                               "body": "201 difference(s) between Razorpay and PeerLearn.",
                                               "link": "/dashboard/admin/payments"}]


def test_razorpays_payments_of_another_day_are_not_checked(pay: Payments, clock_at: Any):
    """Two days ago, at Razorpay and in our ledger: today's report neither lists nor counts it."""
    clock_at(-2 * 86_400)
    pay.standin.control(clock_offset_s=-2 * 86_400)  # Razorpay's clock too
    order, _ = paid(pay, 10_000)
    pay.standin.control(clock_offset_s=0)
    clock_at(0)
    assert Payment.get(order).captured_day == ist_day(clock.now() - 2 * 86_400)
    report = reconciliation.run(day=ist_day(clock.now()))
    assert (report["ok"], report["checked_payments"], report["checked_refunds"]) == (True, 0, 0)
    two_days_ago = reconciliation.run(day=ist_day(clock.now() - 2 * 86_400))
    assert (two_days_ago["ok"], two_days_ago["checked_payments"]) == (True, 1)


# ---------- the admin's list of reports ----------

def test_the_admins_reports_page_newest_first_with_every_field(pay: Payments, api: Any):
    order, pay_id = paid(pay, 10_000)
    Payment.get(order).update(actions=[Payment.captured_day.set("2026-01-02"),
                                       Payment.razorpay_payment_id.set("pay_NeverAtRazorpay")])
    made = {day: reconciliation.run(day=day) for day in ("2026-01-01", "2026-01-02", "2026-01-03")}
    assert made["2026-01-02"]["differences"] == [{"kind": "payment_missing_at_razorpay",
                                                  "razorpay_id": "pay_NeverAtRazorpay", "order_id": order,
                                                  "amount_paise": 10_000}]
    seen: list[dict[str, Any]] = []
    cursor = None
    for _ in range(5):
        status, page = api.call("GET", "/admin/reconciliation?limit=1" + (f"&cursor={cursor}" if cursor else ""),
                                token=pay.admin)
        assert status == 200, page
        assert len(page["items"]) == 1
        seen += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [made["2026-01-03"], made["2026-01-02"], made["2026-01-01"]]
    assert [(r["ok"], r["checked_payments"]) for r in seen] == [(True, 0), (False, 1), (True, 0)]
    # a cursor names only a report's key: another index's key is refused, not read
    forged = base64.urlsafe_b64encode(json.dumps(
        {"day": {"S": "2026-01-02"}, "feed_key": {"S": "payments"}}).encode()).decode()
    status, err = api.call("GET", f"/admin/reconciliation?limit=1&cursor={forged}", token=pay.admin)
    assert (status, err["error"]) == (400, "bad_cursor")
