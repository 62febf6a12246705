"""What mentors and admins read of the money: the earnings list, CSV and chart (in the mentor's own
time zone), an order's refunds, platform revenue, the monthly report's money and the operator's
backfill of it, and Razorpay's list of a payment's refunds when an unsent refund is resent."""

from __future__ import annotations

import csv
import io
import time
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from chalicelib.core import clock
from chalicelib.payments import gateway, ledger, refunds, views
from chalicelib.payments.models import LedgerItem, Payment, Refund
from tests.functional.conftest import drain_events
from tests.functional.payments_helpers import Payments

KOLKATA = ZoneInfo("Asia/Kolkata")
NEW_YORK = ZoneInfo("America/New_York")
CSV_HEADER = ["date", "session", "learner", "kind", "amount_inr", "your_share_inr", "refunded_inr", "status"]


@pytest.fixture
def pay(api: Any, client: Any, standin: Any, market: Any, make_admin: Any) -> Payments:
    standin.control(reset=True, settle_delay_ms=0)
    return Payments(api, client, standin, market, make_admin)


def paid(pay: Payments, price: int, who: dict[str, Any] | None = None, **over: Any) -> tuple[dict[str, Any], str]:
    """A confirmed, paid booking and its order id."""
    b = pay.paid_booking(price, who, **over)
    r = pay.checkout(b["booking_id"], who=who)
    status, data = pay.verify(r, who)
    assert status == 200 and data["booking"]["status"] == "confirmed", data
    return b, r["order_id"]


def settle_refunds(pay: Payments, order_id: str) -> None:
    """Razorpay's refund webhooks for the order's payment delivered (each refund's final status)."""
    rz = Payment.get(order_id).razorpay_payment_id
    pay.deliver([r for r in pay.events(str(rz)) if r["event"].startswith("refund.")])


def csv_rows(api: Any, token: str) -> list[list[str]]:
    resp = api.client.http.get("/payments/earnings.csv", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200
    text = resp.body.decode() if isinstance(resp.body, bytes) else resp.body
    return list(csv.reader(io.StringIO(text)))


def local(ts: int, tz: ZoneInfo) -> str:
    return datetime.fromtimestamp(ts, tz).strftime("%Y-%m-%d %H:%M")


# ---------- the earnings list and CSV ----------

def test_the_earnings_list_and_csv_show_captured_and_refunded_payments_in_the_mentors_time_zone(
        pay: Payments, api: Any, market: Any, clock_at: Any):
    mentor = market.mentor["access_token"]
    assert api.call("PATCH", "/me", {"timezone": "America/New_York"}, token=mentor)[0] == 200
    # held: ordered, then paid two minutes later (the CSV shows when it was captured)
    clock_at(-3_000)
    b = pay.paid_booking(49_900, title="Linear algebra")
    r = pay.checkout(b["booking_id"])
    clock_at(-2_880)
    assert pay.verify(r)[0] == 200
    held = r["order_id"]
    clock_at(-2_000)
    _, partial = paid(pay, 30_000, title="Calculus")  # partly refunded: the mentor keeps part of the share
    clock_at(-1_000)
    _, full = paid(pay, 20_000, who=market.other, title="Statistics")  # refunded in full, by a learner since gone
    clock_at(-500)
    pending = pay.paid_booking(15_000, title="Never paid")  # ordered, never paid: not an earning
    assert pay.order(pending["booking_id"])[0] in (200, 201)
    clock_at(0)
    refunds.refund_payment(partial, 10_000, reason="admin")
    refunds.refund_payment(full, None, reason="admin")
    settle_refunds(pay, partial)
    settle_refunds(pay, full)
    from chalicelib.accounts.models import User

    User.get(pay.user_id(market.other)).delete()  # the learner's account is erased; their payment stays

    _, page = api.call("GET", "/payments/earnings", token=mentor)
    assert [(i["order_id"], i["status"], i["earning_status"]) for i in page["items"]] == [
        (full, "refunded", "reversed"), (partial, "partially_refunded", "held"), (held, "captured", "held")]
    assert page["summary"]["held_paise"] == 44_910 + 27_000 - 9_000

    p = {o: Payment.get(o) for o in (held, partial, full)}
    assert int(p[held].captured_at) - int(p[held].created_at) >= 120
    assert csv_rows(api, mentor) == [
        CSV_HEADER,
        [local(int(p[full].captured_at), NEW_YORK), "Statistics", "", "booking", "200.00", "0.00", "200.00",
         "reversed"],
        [local(int(p[partial].captured_at), NEW_YORK), "Calculus", "Asha Rao", "booking", "300.00", "180.00",
         "100.00", "held"],
        [local(int(p[held].captured_at), NEW_YORK), "Linear algebra", "Asha Rao", "booking", "499.00", "449.10",
         "0.00", "held"],
    ]


def test_the_earnings_list_pages_and_only_its_first_page_carries_the_summary(pay: Payments, api: Any, market: Any,
                                                                             clock_at: Any):
    mentor = market.mentor["access_token"]
    clock_at(-100)
    _, first = paid(pay, 10_000)
    clock_at(0)
    _, second = paid(pay, 20_000)
    status, one = api.call("GET", "/payments/earnings?limit=1", token=mentor)
    assert status == 200 and [i["order_id"] for i in one["items"]] == [second]
    assert one["summary"]["held_paise"] == 27_000
    _, two = api.call("GET", f"/payments/earnings?limit=1&cursor={one['next_cursor']}", token=mentor)
    assert [i["order_id"] for i in two["items"]] == [first] and two.get("summary") is None


def test_the_csv_holds_the_newest_rows_up_to_its_limit(pay: Payments, api: Any, market: Any, clock_at: Any,
                                                       monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(views, "CSV_MAX_ROWS", 2)  # 5,000 in production
    for i, offset in enumerate((-300, -200, -100)):
        clock_at(offset)
        paid(pay, 10_000 + i * 100, title=f"Lesson {i}")
    rows = csv_rows(api, market.mentor["access_token"])
    assert [r[1] for r in rows] == ["session", "Lesson 2", "Lesson 1"]


def test_a_stored_time_zone_that_no_longer_exists_falls_back_to_india(pay: Payments, api: Any, market: Any):
    from chalicelib.accounts.models import User

    _, order = paid(pay, 10_000)
    User.get(pay.user_id(market.mentor)).update(actions=[User.timezone.set("Mars/Olympus_Mons")])
    rows = csv_rows(api, market.mentor["access_token"])
    assert rows[1][0] == local(int(Payment.get(order).captured_at), KOLKATA)


# ---------- the chart ----------

def test_the_chart_counts_from_the_mentors_midnight_and_sums_each_day(pay: Payments, api: Any, market: Any):
    """Seven days in Kolkata: a capture at the first day's very midnight counts; two on one day add up,
    a partial refund takes the mentor's reversed share off, a gift is shown apart, and an order not
    paid yet changes nothing."""
    real = time.time
    today = datetime.fromtimestamp(real(), KOLKATA).date()
    first = today - timedelta(days=6)
    midnight = int(datetime(first.year, first.month, first.day, tzinfo=KOLKATA).timestamp())
    try:
        clock.set_clock(lambda: float(midnight))  # the capture lands on 00:00:00 of the chart's first day
        _, at_midnight = paid(pay, 20_000)
    finally:
        clock.set_clock(real)
    assert int(Payment.get(at_midnight).captured_at) == midnight
    b, one = paid(pay, 30_000)
    _, two = paid(pay, 10_000)
    refunds.refund_payment(one, 10_000, reason="admin")  # the mentor gives back 9,000 of their 27,000
    settle_refunds(pay, one)
    status, g = api.call("POST", "/payments/gifts", {"booking_id": b["booking_id"], "amount_paise": 5_000},
                         token=market.learner["access_token"])
    assert status == 201, g
    assert pay.verify(pay.standin.pay(g["checkout"]["order_id"], "success"))[0] == 200
    pending = pay.paid_booking(12_000)
    assert pay.order(pending["booking_id"])[0] in (200, 201)  # not paid: no captured_at
    status, series = api.call("GET", "/payments/earnings/series?days=7", token=market.mentor["access_token"])
    assert status == 200, series
    assert series["days"] == [
        {"date": (first + timedelta(days=i)).isoformat(),
         "earned_paise": {0: 18_000, 6: 27_000 - 9_000 + 9_000}.get(i, 0),
         "gifts_paise": 4_500 if i == 6 else 0}
        for i in range(7)]


# ---------- an order's refunds ----------

def test_an_orders_refunds_page_newest_first_and_a_cursor_stays_with_its_order(pay: Payments, api: Any,
                                                                                market: Any, clock_at: Any):
    learner = market.learner["access_token"]
    _, order = paid(pay, 30_000)
    _, other = paid(pay, 20_000)
    made = []
    for i, offset in enumerate((0, 100, 200)):
        clock_at(offset)
        made.append(refunds.refund_payment(order, 1_000 + i, reason="admin").refund_id)
    refunds.refund_payment(other, 500, reason="admin")
    clock_at(200)
    seen, cursor, first_cursor = [], None, None
    for _ in range(5):
        url = f"/payments/refunds?order_id={order}&limit=1" + (f"&cursor={cursor}" if cursor else "")
        status, page = api.call("GET", url, token=learner)
        assert status == 200, page
        seen += [(x["refund_id"], x["amount_paise"]) for x in page["items"]]
        cursor = page["next_cursor"]
        first_cursor = first_cursor or cursor
        if not cursor:
            break
    assert seen == [(made[2], 1_002), (made[1], 1_001), (made[0], 1_000)]
    status, err = api.call("GET", f"/payments/refunds?order_id={other}&limit=1&cursor={first_cursor}", token=learner)
    assert (status, err["error"]) == (400, "bad_cursor")


# ---------- platform revenue ----------

def test_revenue_before_any_payment_is_all_zero(pay: Payments, api: Any):
    status, revenue = api.call("GET", "/admin/revenue", token=pay.admin)
    assert (status, revenue) == (200, {"platform_fees_paise": 0, "platform_payouts_pending_paise": 0,
                                       "platform_withdrawn_paise": 0, "captured_paise": 0, "refunded_paise": 0})


def test_revenue_counts_what_the_platform_withdrew_to_its_bank(pay: Payments, api: Any):
    _, order = paid(pay, 200_000)  # 20,000 platform fee
    refunds.refund_payment(order, 50_000, reason="admin")  # 5,000 of it goes back
    settle_refunds(pay, order)
    token = pay.admin
    api.call("PUT", "/payments/payout-account", {"kind": "bank", "holder_name": "PeerLearn Pvt Ltd",
                                                 "ifsc": "ICIC0000001", "account_number": "000111222333"}, token=token)
    status, w = api.call("POST", "/payments/withdrawals", {"amount_paise": 12_000}, token=token)
    assert status == 201, w
    pay.settle()
    pay.deliver([r for r in pay.standin.events() if r["event"].startswith("payout.")
                 and r["payload"]["payload"]["payout"]["entity"].get("reference_id") == w["withdrawal_id"]])
    _, revenue = api.call("GET", "/admin/revenue", token=token)
    assert revenue == {"platform_fees_paise": 3_000, "platform_payouts_pending_paise": 0,
                       "platform_withdrawn_paise": 12_000, "captured_paise": 200_000, "refunded_paise": 50_000}


# ---------- the monthly report's money, and the operator's backfill ----------

def month_of_money(pay: Payments, api: Any, market: Any) -> None:
    """A booking (200,000) and a gift on it (10,000), a refund of 50,000, a refund Razorpay failed
    (5,000), and the platform withdrawing 10,000 of its fees: a month's money."""
    b, order = paid(pay, 200_000)
    status, g = api.call("POST", "/payments/gifts", {"booking_id": b["booking_id"], "amount_paise": 10_000},
                         token=market.learner["access_token"])
    assert status == 201, g
    assert pay.verify(pay.standin.pay(g["checkout"]["order_id"], "success"))[0] == 200
    refunds.refund_payment(order, 50_000, reason="admin")
    settle_refunds(pay, order)
    pay.standin.control(refund_outcome="failed")
    refunds.refund_payment(order, 5_000, reason="admin")
    settle_refunds(pay, order)
    pay.standin.control(refund_outcome="processed")
    token = pay.admin
    api.call("PUT", "/payments/payout-account", {"kind": "vpa", "vpa": "peerlearn@okicici"}, token=token)
    status, w = api.call("POST", "/payments/withdrawals", {"amount_paise": 10_000}, token=token)
    assert status == 201, w
    assert ledger.balance(ledger.PLATFORM_FEES) == 20_000 + 1_000 - 5_000 - 10_000


MONTH_MONEY = {"revenue_paise": 210_000, "refunds_paise": 50_000, "platform_fees_paise": 16_000}


def monthly_money(month: str) -> dict[str, int]:
    from chalicelib.jobs.models import MonthlyReport

    r = MonthlyReport.get(month, consistent_read=True)
    return {"revenue_paise": int(r.revenue_paise), "refunds_paise": int(r.refunds_paise),
            "platform_fees_paise": int(r.platform_fees_paise)}


def next_month_start(month: str) -> int:
    return clock.month_bounds(month)[1] + 1


def test_the_monthly_report_sums_the_months_captures_refunds_and_fees(pay: Payments, api: Any, market: Any,
                                                                      clock_at: Any):
    """Revenue is what learners paid (bookings and gifts); refunds what went back (a failed one nets
    to nothing); fees what the platform kept, net of refunds — a withdrawal of fees is not a refund."""
    from chalicelib.jobs import reports

    month = clock.month(clock.now())
    month_of_money(pay, api, market)
    clock_at(next_month_start(month) + 3_600 - time.time())  # the 1st, 01:00 IST: the job runs
    assert reports.run() == {"month": month, "reported": True}
    assert monthly_money(month) == MONTH_MONEY


def test_the_backfill_gives_old_reported_legs_their_month(pay: Payments, api: Any, market: Any,
                                                          capsys: pytest.CaptureFixture[str]):
    """Legs posted before the monthly report's index existed have no `posted_month`: the operator's
    backfill counts them (--dry-run changes nothing), then writes each one's month."""
    from chalicelib.jobs import cli, reports

    month = clock.month(clock.now())
    month_of_money(pay, api, market)
    reported = [i for i in LedgerItem.scan() if int(i.leg) > 0 and i.account in ledger.REPORTED]
    assert len(reported) == 11 and all(i.posted_month == month for i in reported)
    kept = next(i for i in reported if i.kind == "payment_captured" and i.account == ledger.PLATFORM_FEES)
    for item in reported:
        if item is not kept:
            item.update(actions=[LedgerItem.posted_month.remove()])
    assert reports.compute(month).platform_fees_paise == 20_000  # only the kept leg is seen

    def ledger_line(argv: list[str]) -> str:
        capsys.readouterr()
        assert cli.main(argv) == 0
        return next(line for line in capsys.readouterr().out.splitlines() if line.startswith("ledger legs"))

    assert ledger_line(["backfill-buckets", "--dry-run"]) == "ledger legs to change: 10"
    assert reports.compute(month).platform_fees_paise == 20_000  # a dry run changes nothing
    assert ledger_line(["backfill-buckets"]) == "ledger legs changed: 10"
    after = {(i.txn_id, int(i.leg)): i.posted_month for i in LedgerItem.scan() if int(i.leg) > 0}
    assert {k: v for k, v in after.items() if v is not None} == {(i.txn_id, int(i.leg)): month for i in reported}
    r = reports.compute(month)
    assert {"revenue_paise": int(r.revenue_paise), "refunds_paise": int(r.refunds_paise),
            "platform_fees_paise": int(r.platform_fees_paise)} == MONTH_MONEY
    assert ledger_line(["backfill-buckets"]) == "ledger legs changed: 0"


# ---------- resending a refund Razorpay may have got ----------

def test_an_unsent_refund_is_found_among_more_than_ten_refunds_of_its_payment_and_not_sent_twice(
        pay: Payments, monkeypatch: pytest.MonkeyPatch, clock_at: Any):
    """The refund call timed out after Razorpay made the refund; meanwhile the payment got ten more
    refunds (Razorpay lists 10 per page unless asked for more). The resend job finds ours by its id in
    the notes, adopts it, and sends nothing again."""
    _, order = paid(pay, 20_000)
    rz = str(Payment.get(order).razorpay_payment_id)
    real = gateway.refund

    def lost_reply(payment_id: str, amount: int, notes: dict[str, str]) -> dict[str, Any]:
        real(payment_id, amount, notes)
        raise gateway.PaymentsUnavailable()

    monkeypatch.setattr(gateway, "refund", lost_reply)
    ours = refunds.refund_payment(order, 1_000, reason="admin")
    monkeypatch.setattr(gateway, "refund", real)
    for _ in range(10):
        gateway.refund(rz, 100, {})  # from Razorpay's dashboard
    pay.settle()
    theirs = [r for r in pay.standin.store.refunds.values() if r["payment_id"] == rz]
    assert len(theirs) == 11
    mine = next(r for r in theirs if r["notes"].get("peerlearn_refund_id") == ours.refund_id)
    clock_at(700)
    assert refunds.resend_unsent() == 0
    drain_events()
    again = Refund.get(ours.refund_id)
    assert (again.razorpay_refund_id, again.status) == (mine["id"], "processed")
    assert len([r for r in pay.standin.store.refunds.values() if r["payment_id"] == rz]) == 11



# ---------- money is read back consistently ----------

def test_balances_replays_and_a_postings_legs_are_read_with_consistent_reads(
        pay: Payments, api: Any, market: Any, monkeypatch: pytest.MonkeyPatch):
    """A balance, a posting's legs and "was this posted?" are read right after they are written (the
    earnings summary after a capture, a failed refund's reversal, a replayed event): DynamoDB must be
    asked for a strongly consistent read, or it may answer from before the write. moto is always
    consistent, so the requests themselves are checked."""
    from pynamodb.connection.base import Connection

    from chalicelib.payments.models import Balance

    _, order = paid(pay, 20_000)
    reads: list[tuple[str, str, Any]] = []
    real = Connection._make_api_call

    def record(self: Connection, operation: str, kwargs: dict[str, Any]) -> Any:
        if operation == "BatchGetItem":
            reads.extend((operation, t, spec.get("ConsistentRead")) for t, spec in kwargs["RequestItems"].items())
        elif operation in ("GetItem", "Query"):
            reads.append((operation, kwargs["TableName"], kwargs.get("ConsistentRead")))
        return real(self, operation, kwargs)

    monkeypatch.setattr(Connection, "_make_api_call", record)
    balances, ledger_table = Balance.Meta.table_name, LedgerItem.Meta.table_name
    _, page = api.call("GET", "/payments/earnings", token=market.mentor["access_token"])
    assert page["summary"]["held_paise"] == 18_000
    assert ("BatchGetItem", balances, True) in reads
    pay.standin.control(refund_outcome="failed")
    refunds.refund_payment(order, 5_000, reason="admin")
    settle_refunds(pay, order)  # the failure reverses the refund's legs, read back first
    assert ledger.balance(ledger.mentor_held(pay.user_id(market.mentor))) == 18_000
    leg = ledger.Leg
    assert ledger.post("replayed-once", "test", [leg("ext:a", -1), leg("ext:b", 1)]) is True
    assert ledger.post("replayed-once", "test", [leg("ext:a", -1), leg("ext:b", 1)]) is False
    money_reads = [r for r in reads if r[1] in (balances, ledger_table)]
    assert {op for op, _, _ in money_reads} == {"BatchGetItem", "GetItem", "Query"}
    assert all(consistent is True for _, _, consistent in money_reads), money_reads
