"""Approval requests and their deadlines, exactly: when a request must be answered, what the learner
and the mentor are told when it is asked, answered late or left unanswered, what the sweeper closes
(and what it leaves alone), and what a refused answer leaves unchanged. The clock is set, never slept."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.bookings import service as bookings
from chalicelib.bookings.models import Booking
from chalicelib.catalog.models import Session
from chalicelib.core.clock import iso
from chalicelib.core.errors import Conflict
from tests.functional.bookings.support import (
    HOUR,
    bell,
    cancelled_events,
    confirmed_events,
    free_request,
    paid_request,
    token,
)
from tests.functional.conftest import at_quarter, drain_events
from tests.functional.payments_helpers import Payments


def test_a_request_far_from_the_start_must_be_answered_within_twelve_hours(api, market, frozen):
    b = free_request(api, market, market.learner, "Far away", starts_in=3 * 86_400)
    stored = Booking.get(b["booking_id"])
    assert stored.approval_due_at == frozen.now + 12 * HOUR
    assert b["approval_due_at"] == iso(frozen.now + 12 * HOUR)


def test_a_request_close_to_the_start_must_be_answered_two_hours_before_it(api, market, frozen):
    b = free_request(api, market, market.learner, "Soon", starts_in=5 * HOUR)
    start = int(Booking.get(b["booking_id"]).starts_at)
    assert Booking.get(b["booking_id"]).approval_due_at == start - 2 * HOUR
    assert b["approval_due_at"] == iso(start - 2 * HOUR)


def test_a_paid_request_gets_its_deadline_when_it_is_paid(pay, market, frozen):
    held = pay.paid_booking(20_000, requires_approval=True, title="Paid later")
    assert Booking.get(held["booking_id"]).approval_due_at is None  # not asked yet: nothing to answer
    frozen.at(frozen.now + 300)  # paid five minutes later: the twelve hours run from the payment
    b, _ = paid_request_of(pay, held)
    assert Booking.get(b["booking_id"]).approval_due_at == frozen.now + 12 * HOUR
    assert b["approval_due_at"] == iso(frozen.now + 12 * HOUR)


def paid_request_of(pay: Payments, held: dict[str, Any]) -> tuple[dict[str, Any], str]:
    r = pay.checkout(held["booking_id"], who={**pay.market.learner, "access_token": token(pay.market.learner)})
    status, data = pay.verify(r, who={**pay.market.learner, "access_token": token(pay.market.learner)})
    assert status == 200 and data["booking"]["status"] == "pending_approval", data
    return data["booking"], r["order_id"]


# ---------- what asking says ----------

def test_a_free_request_asks_the_mentor_by_the_learners_name_and_promises_no_refund(api, market, frozen):
    b = free_request(api, market, market.learner, "Free ask", starts_in=2 * 86_400)
    assert bell(market.learner) == [("booking_pending_approval", "Request sent: Free ask",
                                     "The mentor will approve or decline your booking.", "/dashboard/learner")]
    assert bell(market.mentor) == [("booking_pending_approval", "Asha Rao wants to book Free ask",
                                    "Approve or decline this request before it expires.", "/dashboard/mentor")]
    assert Booking.get(b["booking_id"]).status == "pending_approval"


def test_a_one_paisa_request_is_a_paid_request_with_the_full_refund_promise(api, market, frozen):
    # The smallest price there is: the paid wording starts at one paisa, not above it.
    status, s = api.call("POST", "/sessions", {
        "title": "One paisa", "description": "Equations, step by step.", "topics": ["Algebra"],
        "category": "Mathematics", "starts_at": at_quarter(2 * 86_400), "duration_min": 60, "price_paise": 1,
        "seats": 1, "requires_approval": True}, token=token(market.mentor))
    assert status == 201, s
    status, held = api.call("POST", f"/sessions/{s['session_id']}/book", {}, token=token(market.learner))
    assert status == 201 and held["status"] == "pending_payment", held
    bookings.mark_paid(held["booking_id"])  # what a captured payment calls
    assert bell(market.learner, "booking_pending_approval") == [(
        "booking_pending_approval", "Request sent: One paisa",
        "The mentor will approve or decline your booking. If they don't answer in time, you are refunded in full.",
        "/dashboard/learner")]
    assert bell(market.mentor) == [("booking_pending_approval", "Asha Rao wants to book One paisa",
                                    "Approve or decline this request (paid) before it expires.", "/dashboard/mentor")]


# ---------- a payment for a seat that is no longer held ----------

def test_a_second_payment_for_a_request_already_waiting_is_refused_and_changes_nothing(api, market, frozen):
    status, s = api.call("POST", "/sessions", {
        "title": "Paid twice", "description": "Equations, step by step.", "topics": ["Algebra"],
        "category": "Mathematics", "starts_at": at_quarter(2 * 86_400), "duration_min": 60, "price_paise": 5_000,
        "seats": 1, "requires_approval": True}, token=token(market.mentor))
    assert status == 201, s
    _, held = api.call("POST", f"/sessions/{s['session_id']}/book", {}, token=token(market.learner))
    bookings.mark_paid(held["booking_id"], paid_order_id="order_first")
    due = Booking.get(held["booking_id"]).approval_due_at
    frozen.at(frozen.now + 600)
    with pytest.raises(Conflict) as refused:
        bookings.mark_paid(held["booking_id"], paid_order_id="order_second")
    assert (refused.value.code, refused.value.message) == (
        "stale_state", "This booking is pending approval; it can't be confirmed.")
    kept = Booking.get(held["booking_id"])
    assert (kept.status, kept.paid_order_id, kept.approval_due_at) == ("pending_approval", "order_first", due)
    assert len(bell(market.mentor, "booking_pending_approval")) == 1  # the mentor is asked once


def test_a_payment_after_the_hold_expired_is_refused_and_the_seat_stays_free(api, market, frozen):
    status, s = api.call("POST", "/sessions", {
        "title": "Too late", "description": "Equations, step by step.", "topics": ["Algebra"],
        "category": "Mathematics", "starts_at": at_quarter(2 * 86_400), "duration_min": 60, "price_paise": 5_000,
        "seats": 1, "requires_approval": True}, token=token(market.mentor))
    assert status == 201, s
    _, held = api.call("POST", f"/sessions/{s['session_id']}/book", {}, token=token(market.learner))
    frozen.at(int(Booking.get(held["booking_id"]).hold_expires_at))
    assert bookings.expire_holds() == {"expired": 1}
    with pytest.raises(Conflict) as refused:
        bookings.mark_paid(held["booking_id"], paid_order_id="order_late")
    assert (refused.value.code, refused.value.message) == ("stale_state", "This booking is expired; it can't be confirmed.")
    kept = Booking.get(held["booking_id"])
    assert (kept.status, kept.approval_key, kept.approval_due_at, kept.paid_order_id) == ("expired", None, None, None)
    assert Session.get(s["session_id"]).seats_taken == 0
    assert bell(market.mentor) == []  # never asked


# ---------- answering on time, late, or a seat that isn't waiting ----------

def test_the_mentor_can_approve_until_one_second_before_the_deadline(api, market, frozen):
    b = free_request(api, market, market.learner, "Just in time", starts_in=3 * 86_400)
    frozen.at(int(Booking.get(b["booking_id"]).approval_due_at) - 1)
    status, ok = api.call("POST", f"/bookings/{b['booking_id']}/approve", {}, token=token(market.mentor))
    assert status == 200 and ok["status"] == "confirmed" and ok["approval_due_at"] is None, ok
    assert bell(market.learner, "booking_approved") == [("booking_approved", "Booked ✔ Just in time",
                                                         "The mentor approved your booking.", "/dashboard/learner")]


def test_approving_at_the_deadline_is_refused_as_expired_and_changes_nothing(api, market, frozen):
    b = free_request(api, market, market.learner, "Too slow", starts_in=3 * 86_400)
    due = int(Booking.get(b["booking_id"]).approval_due_at)
    frozen.at(due)
    status, late = api.call("POST", f"/bookings/{b['booking_id']}/approve", {}, token=token(market.mentor))
    assert (status, late) == (409, {"error": "approval_expired", "message":
                                    "This request expired before it was approved; the learner has been refunded."})
    kept = Booking.get(b["booking_id"])
    assert (kept.status, kept.approval_due_at, kept.approval_key) == ("pending_approval", due, "due")
    assert confirmed_events(b["booking_id"]) == []
    assert bell(market.learner, "booking_approved") == []
    # ...and the sweeper, running at that second, closes it.
    assert bookings.expire_approvals() == {"expired": 1}
    assert Booking.get(b["booking_id"]).status == "rejected"


def test_approving_a_seat_not_yet_paid_for_says_it_is_pending_payment(pay, api, market, frozen):
    held = pay.paid_booking(20_000, requires_approval=True, title="Unpaid")
    status, data = api.call("POST", f"/bookings/{held['booking_id']}/approve", {}, token=token(market.mentor))
    assert (status, data) == (409, {"error": "stale_state", "message": "This booking is already pending payment."})
    kept = Booking.get(held["booking_id"])
    assert (kept.status, kept.hold_key) == ("pending_payment", "hold")
    assert confirmed_events(held["booking_id"]) == []


# ---------- the sweeper: unanswered requests are rejected and refunded ----------

def test_unanswered_requests_are_rejected_at_their_deadline_with_the_refund_and_the_notices(pay, api, market, frozen):
    paid, order = paid_request(pay, "Paid ask", price=30_000)  # due twelve hours after its payment
    free = free_request(api, market, market.other, "Free ask", starts_in=10 * HOUR)  # due eight hours out
    frozen.at(frozen.now + HOUR)
    later = free_request(api, market, market.learner, "Later ask", starts_in=3 * 86_400)  # due after both
    due_paid = int(Booking.get(paid["booking_id"]).approval_due_at)
    assert int(Booking.get(free["booking_id"]).approval_due_at) < due_paid < int(
        Booking.get(later["booking_id"]).approval_due_at)

    frozen.at(due_paid - 1)
    assert bookings.expire_approvals() == {"expired": 1}  # only the free one, due earlier
    frozen.at(due_paid)  # the paid one's deadline, to the second
    assert bookings.expire_approvals() == {"expired": 1}
    assert bookings.expire_approvals() == {"expired": 0}  # nothing twice

    p, f, lt = (Booking.get(x["booking_id"]) for x in (paid, free, later))
    assert (p.status, p.refund_due_paise, p.refund_status) == ("rejected", 30_000, "requested")
    assert (f.status, f.refund_due_paise, f.refund_status) == ("rejected", 0, None)
    assert (lt.status, lt.approval_key) == ("pending_approval", "due")  # not due: left alone
    assert [(e["refund_paise"], e["reason"]) for e in cancelled_events(paid["booking_id"])] == [
        (30_000, "approval_expired")]
    assert [(e["refund_paise"], e["reason"]) for e in cancelled_events(free["booking_id"])] == [(0, "approval_expired")]
    assert Session.get(paid["session"]["session_id"]).seats_taken == 0
    assert Session.get(free["session"]["session_id"]).seats_taken == 0

    assert bell(market.learner, "booking_rejected") == [
        ("booking_rejected", "Not approved in time: Paid ask",
         "The mentor didn't answer your request in time. You are refunded ₹300 in full.", "/sessions")]
    assert bell(market.other, "booking_rejected") == [
        ("booking_rejected", "Not approved in time: Free ask",
         "The mentor didn't answer your request in time. Nothing was charged.", "/sessions")]
    expired = "You didn't answer a booking request in time; the learner was refunded."
    assert sorted(bell(market.mentor, "booking_expired")) == [
        ("booking_expired", "Request expired: Free ask", expired, "/dashboard/mentor"),
        ("booking_expired", "Request expired: Paid ask", expired, "/dashboard/mentor")]

    # The mentor's approvals list no longer shows them; the later request is still there.
    status, page = api.call("GET", "/mentor/approvals", token=token(market.mentor))
    assert status == 200 and [i["booking_id"] for i in page["items"]] == [later["booking_id"]]
    # Payments refunds the paid one, and the learner is told why.
    drain_events()
    pay.deliver(pay.events(order))
    assert ("refund_requested", "Refund of ₹300 on its way",
            "The mentor didn't answer your booking request in time. It goes back to your original payment method.",
            "/dashboard/learner/payments") in bell(market.learner)


def test_two_requests_due_together_are_both_closed_and_counted(api, market, frozen):
    one = free_request(api, market, market.learner, "First", starts_in=3 * 86_400)
    two = free_request(api, market, market.other, "Second", starts_in=4 * 86_400)
    frozen.at(frozen.now + 12 * HOUR)  # both were asked at the same second
    assert bookings.expire_approvals() == {"expired": 2}
    assert {Booking.get(x["booking_id"]).status for x in (one, two)} == {"rejected"}


def test_a_request_cancelled_while_the_sweeper_runs_is_skipped_and_the_next_one_still_closes(
        api, market, frozen, monkeypatch):
    first = free_request(api, market, market.other, "Cancelled meanwhile", starts_in=10 * HOUR)  # due first
    second = free_request(api, market, market.learner, "Still due", starts_in=3 * 86_400)
    real_refund_due = bookings.refund_due
    raced: list[str] = []

    def learner_cancels_first(b: Booking, by_mentor: bool) -> int:
        if not raced:  # between the sweeper's query and its close, the learner cancels the first one
            raced.append(b.booking_id)
            bookings.cancel(b.learner_id, b.booking_id)
        return real_refund_due(b, by_mentor=by_mentor)

    monkeypatch.setattr(bookings, "refund_due", learner_cancels_first)
    frozen.at(frozen.now + 12 * HOUR)
    assert bookings.expire_approvals() == {"expired": 1}
    assert raced == [first["booking_id"]]
    assert Booking.get(first["booking_id"]).status == "cancelled"
    assert Booking.get(second["booking_id"]).status == "rejected"
    assert bell(market.other, "booking_rejected") == []  # the learner who cancelled is not told "not approved"


def test_the_minute_sweep_releases_unpaid_holds_and_unanswered_requests(pay, api, market, frozen):
    held = pay.paid_booking(20_000, title="Held")  # a plain paid seat, held 15 minutes
    frozen.at(frozen.now + 60)
    asked = free_request(api, market, market.other, "Asked", starts_in=3 * 86_400)
    frozen.at(frozen.now + 12 * HOUR)
    assert bookings.sweep() == {"expired": 1, "approvals_expired": 1}
    assert Booking.get(held["booking_id"]).status == "expired"
    assert Booking.get(asked["booking_id"]).status == "rejected"
    assert bookings.sweep() == {"expired": 0, "approvals_expired": 0}


def test_after_an_expired_request_the_bell_order_still_shows_the_newest_notice_first(api, market, frozen):
    asked = free_request(api, market, market.learner, "Expired ask", starts_in=3 * 86_400)
    frozen.at(int(Booking.get(asked["booking_id"]).approval_due_at))
    assert bookings.expire_approvals() == {"expired": 1}
    frozen.at(frozen.now + 60)
    status, s = api.call("POST", "/sessions", {
        "title": "Booked after", "description": "Equations, step by step.", "topics": ["Algebra"],
        "category": "Mathematics", "starts_at": at_quarter(5 * 86_400), "duration_min": 60, "price_paise": 0,
        "seats": 1, "requires_approval": False}, token=token(market.mentor))
    assert status == 201, s
    assert api.call("POST", f"/sessions/{s['session_id']}/book", {}, token=token(market.learner))[0] == 201
    for user, newest in ((market.learner, "Booked ✔ Booked after"), (market.mentor, "New booking: Booked after")):
        status, page = api.call("GET", "/notifications", token=token(user))
        assert status == 200, page
        assert page["items"][0]["title"] == newest  # the expiry notice does not stay on top
