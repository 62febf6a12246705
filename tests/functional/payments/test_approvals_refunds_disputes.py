"""Issue 11's money rules: approval sessions are paid first, the refund a cancellation gives is the
one shown, a session ended early is marked, and nothing is released before the dispute window
closes — or while a learner's report is open."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from chalicelib.bookings.models import Booking, ProblemReport
from chalicelib.core.events import OutboxEvent
from chalicelib.payments.models import Payment
from tests.functional.conftest import at_quarter, drain_events
from tests.functional.payments_helpers import Payments, ledger_total


@pytest.fixture
def pay(api, client, standin, market, make_admin):
    standin.control(reset=True, settle_delay_ms=0)
    return Payments(api, client, standin, market, make_admin)


def mint(user_id: str, role: str, name: str) -> str:
    """An access token valid at the app's (moved) clock: PyJWT checks `iat` against the wall clock,
    the app checks `exp` against its own."""
    import time

    import jwt

    from chalicelib.core import clock
    from chalicelib.core.jwt_tokens import ALGORITHM, _secret
    from chalicelib.core.settings import get_settings

    s = get_settings()
    claims = {"sub": user_id, "role": role, "name": name, "iss": s.jwt_issuer, "aud": s.jwt_audience,
              "iat": int(time.time()), "exp": clock.now_int() + 900, "typ": "access"}
    return jwt.encode(claims, _secret(), algorithm=ALGORITHM)


def token(user: dict[str, Any]) -> str:
    u = user["user"]
    return mint(u["user_id"], u["role"], u["name"])


def admin_token(make_admin) -> str:
    return mint(make_admin_id(make_admin), "admin", "Support")


def make_admin_id(make_admin) -> str:
    from chalicelib.accounts.service import find_by_email

    a = make_admin("support@peerlearn.in")
    return str(find_by_email(a["email"]).user_id)


def paid_confirmed(pay, price=25_000, **over):
    b = pay.paid_booking(price, **over)
    r = pay.checkout(b["booking_id"])
    status, data = pay.verify(r)
    assert status == 200, data
    return data["booking"], r["order_id"]


def on_hold(order_id: str) -> bool:
    from chalicelib.payments.schemas import PaymentOut

    return PaymentOut.from_model(Payment.get(order_id), learner_name="", mentor_name="", failed_attempts=0).on_hold


def titles(api, user) -> list[str]:
    status, page = api.call("GET", "/notifications", token=token(user))
    assert status == 200, page
    return [n["title"] for n in page["items"]]


# ---------- approval sessions: pay first, then the mentor answers ----------

def test_a_paid_approval_booking_waits_for_the_mentor_after_payment_and_approval_confirms_it(pay, api, market):
    b, _ = paid_confirmed(pay, 50_000, requires_approval=True)
    assert b["status"] == "pending_approval" and b["needs_approval"] is True
    assert b["session"]["approval_policy"].startswith("You pay now; the mentor approves within 12 hours")
    assert b["approval_due_at"] is not None
    assert not any(t.startswith("New booking") for t in titles(api, market.mentor))  # asked, not told "booked"
    assert pay.balances()["held"] == 45_000
    status, ok = api.call("POST", f"/bookings/{b['booking_id']}/approve", {}, token=market.mentor["access_token"])
    assert status == 200 and ok["status"] == "confirmed"
    assert any(e.type == "booking.confirmed" and b["booking_id"] in e.payload for e in OutboxEvent.scan())


def test_rejecting_a_paid_approval_booking_refunds_it_in_full(pay, api, market):
    b, order = paid_confirmed(pay, 50_000, requires_approval=True)
    status, rejected = api.call("POST", f"/bookings/{b['booking_id']}/reject", {}, token=market.mentor["access_token"])
    assert status == 200 and rejected["status"] == "rejected" and rejected["refund_due_paise"] == 50_000
    pay.deliver(pay.events(order))
    assert Payment.get(order).status == "refunded"
    assert pay.balances() == {"held": 0, "available": 0, "platform": 0, "payouts": 0}
    assert "Refund of ₹500 on its way" in titles(api, market.learner)
    assert ledger_total() == 0


def test_an_unanswered_request_is_rejected_and_refunded_at_its_deadline_once(pay, api, market, clock_at):
    from chalicelib.bookings import service as bookings

    b, order = paid_confirmed(pay, 30_000, requires_approval=True)
    due = Booking.get(b["booking_id"]).approval_due_at
    start = Booking.get(b["booking_id"]).starts_at
    assert due == min(Booking.get(b["booking_id"]).updated_at + 12 * 3600, start - 2 * 3600)
    assert bookings.expire_approvals() == {"expired": 0}  # not yet
    import time

    clock_at(due - time.time() + 1)
    results: list[dict[str, int]] = []
    runs = [threading.Thread(target=lambda: results.append(bookings.expire_approvals())) for _ in range(2)]
    for r in runs:
        r.start()
    for r in runs:
        r.join()
    assert sorted(x["expired"] for x in results) == [0, 1]  # two overlapping runs act once
    drain_events()
    pay.deliver(pay.events(order))
    assert Booking.get(b["booking_id"]).status == "rejected"
    assert Payment.get(order).status == "refunded"
    assert titles(api, market.learner).count(f"Not approved in time: {b['session']['title']}") == 1
    status, late = api.call("POST", f"/bookings/{b['booking_id']}/approve", {}, token=token(market.mentor))
    assert (status, late["error"]) == (409, "stale_state")


def test_an_approval_session_cannot_be_booked_once_approvals_have_closed(api, market):
    s = market.create(requires_approval=True, price_paise=10_000, starts_at=at_quarter(3600))
    status, data = market.book(s["session_id"])
    assert (status, data["error"]) == (409, "approval_closed")
    assert list(Booking.by_session.query(s["session_id"])) == []


# ---------- the refund a cancellation gives is the one shown ----------

def test_the_refund_shown_before_cancelling_is_what_cancelling_refunds_after_an_earlier_partial_refund(pay, api, market):
    b, order = paid_confirmed(pay, 25_000)
    assert b["refund_if_cancelled_paise"] == 25_000 and b["refunded_paise"] == 0
    status, _ = api.call("POST", f"/admin/payments/{order}/refunds", {"amount_paise": 5_000, "reason": "Goodwill"},
                         token=pay.admin)
    assert status == 201
    pay.deliver(pay.events(order))
    shown = pay.booking(b["booking_id"])
    assert shown["refunded_paise"] == 5_000 and shown["refund_if_cancelled_paise"] == 20_000
    status, c = api.call("POST", f"/bookings/{b['booking_id']}/cancel", {}, token=market.learner["access_token"])
    assert status == 200 and c["refund_due_paise"] == 20_000
    pay.deliver(pay.events(order))
    assert Payment.get(order).refunded_paise == 25_000
    assert pay.booking(b["booking_id"])["refunded_paise"] == 25_000


def test_inside_the_full_refund_window_the_booking_says_cancelling_refunds_nothing(pay, api, market):
    b, _ = paid_confirmed(pay, 25_000, starts_at=at_quarter(3600))
    assert b["refund_if_cancelled_paise"] == 0
    assert b["session"]["full_refund_until"] < b["session"]["starts_at"]


# ---------- ended early, the dispute window and "Report a problem" ----------

def _live_then_ended_after(pay, api, market, clock_at, minutes: int, price=20_000) -> tuple[dict[str, Any], str]:
    import time

    b, order = paid_confirmed(pay, price, starts_at=at_quarter(3 * 3600))
    start = Booking.get(b["booking_id"]).starts_at
    clock_at(start - time.time() + minutes * 60)
    sid = b["session"]["session_id"]
    assert api.call("POST", f"/sessions/{sid}/go-live", {}, token=token(market.mentor))[0] == 200
    pay.mentor_attends(sid)  # the mentor entered the room (the release waits for it)
    status, ended = api.call("POST", f"/sessions/{sid}/end", {}, token=token(market.mentor))
    assert status == 200, ended
    return b, order


def test_a_session_ended_after_a_minute_is_marked_early_and_nothing_is_released_at_once(pay, api, market, clock_at):
    b, _ = _live_then_ended_after(pay, api, market, clock_at, minutes=1)
    from chalicelib.jobs import earnings as jobs  # payments' release, told of the mentor's attendance

    seen = pay.booking(b["booking_id"], who={**market.learner, "access_token": token(market.learner)})
    assert seen["status"] == "completed" and seen["ended_early"] is True and seen["can_report_problem"] is True
    assert jobs.release_due()["released"] == 0
    assert pay.balances()["held"] == 18_000 and pay.balances()["available"] == 0


def test_a_session_ended_on_time_is_not_early_and_is_released_after_the_dispute_window(pay, api, market, clock_at):
    import time

    b, _ = _live_then_ended_after(pay, api, market, clock_at, minutes=55)
    from chalicelib.jobs import earnings as jobs  # payments' release, told of the mentor's attendance

    assert pay.booking(b["booking_id"], who={**market.learner, "access_token": token(market.learner)})[
        "ended_early"] is False
    end = Booking.get(b["booking_id"]).ends_at
    clock_at(end + 24 * 3600 - time.time() - 5)
    assert jobs.release_due()["released"] == 0
    clock_at(end + 24 * 3600 - time.time() + 1)
    assert jobs.release_due()["released"] == 1
    assert pay.balances()["available"] == 18_000


def test_a_report_holds_the_release_until_support_refunds_the_learner(pay, api, market, clock_at, make_admin):
    import time

    b, order = _live_then_ended_after(pay, api, market, clock_at, minutes=5)
    from chalicelib.jobs import earnings as jobs  # payments' release, told of the mentor's attendance

    status, reported = api.call("POST", f"/bookings/{b['booking_id']}/report-problem",
                                {"reason": "ended_early", "details": "  Ended after five minutes.  "},
                                token=token(market.learner))
    assert status == 201 and reported["problem_status"] == "open" and reported["can_report_problem"] is False
    assert ProblemReport.get(b["booking_id"]).details == "Ended after five minutes."
    assert any(t.startswith("A learner reported a problem") for t in titles(api, market.mentor))
    assert on_hold(order) is True
    again = api.call("POST", f"/bookings/{b['booking_id']}/report-problem", {"reason": "other"},
                     token=token(market.learner))
    assert (again[0], again[1]["error"]) == (409, "already_reported")
    clock_at(Booking.get(b["booking_id"]).ends_at + 3 * 86_400 - time.time())
    assert jobs.release_due()["released"] == 0  # long past the window: still held, the report is open
    admin = admin_token(make_admin)
    _, open_reports = api.call("GET", "/admin/problem-reports", token=admin)
    assert [r["booking_id"] for r in open_reports["items"]] == [b["booking_id"]]
    status, resolved = api.call("POST", f"/admin/problem-reports/{b['booking_id']}/resolve",
                                {"outcome": "refunded", "note": "Ended after 5 of 60 minutes."}, token=admin)
    assert status == 200 and resolved["status"] == "refunded"
    pay.deliver(pay.events(order))
    assert Payment.get(order).status == "refunded"
    assert pay.balances() == {"held": 0, "available": 0, "platform": 0, "payouts": 0}
    _, open_reports = api.call("GET", "/admin/problem-reports", token=admin)
    assert open_reports["items"] == []
    twice = api.call("POST", f"/admin/problem-reports/{b['booking_id']}/resolve", {"outcome": "released"},
                     token=admin)
    assert (twice[0], twice[1]["error"]) == (409, "stale_state")


def test_a_report_support_releases_pays_the_mentor_after_the_window(pay, api, market, clock_at, make_admin):
    import time

    b, order = _live_then_ended_after(pay, api, market, clock_at, minutes=5)
    from chalicelib.jobs import earnings as jobs  # payments' release, told of the mentor's attendance

    api.call("POST", f"/bookings/{b['booking_id']}/report-problem", {"reason": "quality"}, token=token(market.learner))
    status, _ = api.call("POST", f"/admin/problem-reports/{b['booking_id']}/resolve", {"outcome": "released"},
                         token=admin_token(make_admin))
    assert status == 200
    assert on_hold(order) is False
    clock_at(Booking.get(b["booking_id"]).ends_at + 24 * 3600 - time.time() + 1)
    assert jobs.release_due()["released"] == 1
    assert pay.balances()["available"] == 18_000


def test_reports_are_refused_outside_the_window_for_others_and_with_bad_input(pay, api, market, clock_at):
    import time

    b, _ = _live_then_ended_after(pay, api, market, clock_at, minutes=5)
    url = f"/bookings/{b['booking_id']}/report-problem"
    assert api.call("POST", url, {"reason": "other"}, token=token(market.other))[0] == 403
    assert api.call("POST", url, {"reason": "because"}, token=token(market.learner))[0] == 400
    assert api.call("POST", url, {"reason": "other", "details": "x" * 2001}, token=token(market.learner))[0] == 400
    assert api.call("POST", url, {"reason": "other", "extra": 1}, token=token(market.learner))[0] == 400
    ended = Booking.get(b["booking_id"])
    clock_at(int(ended.updated_at) + 24 * 3600 - time.time() + 1)
    status, late = api.call("POST", url, {"reason": "other"}, token=token(market.learner))
    assert (status, late["error"]) == (409, "report_window_closed")
    assert Booking.get(b["booking_id"]).problem_status is None
    with pytest.raises(ProblemReport.DoesNotExist):
        ProblemReport.get(b["booking_id"])


def test_a_booking_that_has_not_ended_cannot_be_reported(pay, api, market):
    b, _ = paid_confirmed(pay)
    status, data = api.call("POST", f"/bookings/{b['booking_id']}/report-problem", {"reason": "other"},
                            token=market.learner["access_token"])
    assert (status, data["error"]) == (409, "stale_state")
