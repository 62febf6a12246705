"""Learners book seats: free, paid holds, approvals, cancellation policy — and nothing oversells."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.bookings import service as bookings
from chalicelib.bookings.models import Booking
from chalicelib.catalog.models import Session
from chalicelib.core.errors import Conflict
from tests.functional.conftest import at_quarter


def test_free_booking_is_confirmed_and_appears_in_activity(api, market, ws):
    s = market.create()
    status, b = market.book(s["session_id"])
    assert status == 201 and b["status"] == "confirmed" and b["amount_paise"] == 0
    assert b["session"]["seats_left"] == 0
    _, feed = api.call("GET", "/learner/activity?type=bookings", token=market.learner["access_token"])
    assert [i["booking"]["booking_id"] for i in feed["items"]] == [b["booking_id"]]
    _, notes = api.call("GET", "/notifications", token=market.learner["access_token"])
    assert notes["items"][0]["title"].startswith("Booked ✔")
    _, notes = api.call("GET", "/notifications", token=market.mentor["access_token"])
    assert notes["items"][0]["kind"] == "booking_new"


def test_paid_booking_holds_the_seat_for_15_minutes_then_releases_it(api, market, clock_at):
    s = market.create(price_paise=49900)
    status, b = market.book(s["session_id"])
    assert status == 201 and b["status"] == "pending_payment" and b["hold_expires_at"]
    status, data = market.book(s["session_id"], market.other)
    assert status == 409 and data["error"] == "sold_out"
    clock_at(14 * 60)
    assert bookings.expire_holds() == {"expired": 0}
    clock_at(15 * 60 + 1)
    assert bookings.expire_holds() == {"expired": 1}
    assert Booking.get(b["booking_id"]).status == "expired"
    # (15 minutes passed: the access tokens expired too, so book through the service.)
    b2 = bookings.book(market.other["user"]["user_id"], s["session_id"])
    assert b2["status"] == "pending_payment"


def test_payment_confirms_a_held_seat_once(api, market):
    s = market.create(price_paise=49900)
    _, b = market.book(s["session_id"])
    bookings.mark_paid(b["booking_id"])
    assert Booking.get(b["booking_id"]).status == "confirmed"
    with pytest.raises(Conflict):
        bookings.mark_paid(b["booking_id"])


def test_approval_flow(api, market):
    s = market.create(requires_approval=True, seats=2)
    _, b = market.book(s["session_id"])
    assert b["status"] == "pending_approval"
    _, pending = api.call("GET", "/mentor/approvals", token=market.mentor["access_token"])
    assert [x["booking_id"] for x in pending["items"]] == [b["booking_id"]]
    status, approved = api.call("POST", f"/bookings/{b['booking_id']}/approve", {}, token=market.mentor["access_token"])
    assert status == 200 and approved["status"] == "confirmed"
    status, data = api.call("POST", f"/bookings/{b['booking_id']}/approve", {}, token=market.mentor["access_token"])
    assert status == 409  # forward only
    _, b2 = market.book(s["session_id"], market.other)
    status, rejected = api.call("POST", f"/bookings/{b2['booking_id']}/reject", {}, token=market.mentor["access_token"])
    assert rejected["status"] == "rejected"
    assert Session.get(s["session_id"]).seats_taken == 1  # the rejected seat is free again


def test_booking_rules(api, market, make_user):
    s = market.create()
    status, data = api.call("POST", f"/sessions/{s['session_id']}/book", {}, token=market.mentor["access_token"])
    assert status == 403  # mentors don't book (and never their own session)
    assert market.book(s["session_id"])[0] == 201
    status, data = market.book(s["session_id"])
    assert status == 409 and data["error"] == "already_booked"
    # Another mentor's session at the same time: the learner is busy.
    other_mentor = make_user("mentor")
    clash = market.create(token=other_mentor["access_token"], starts_at=s["starts_at"], duration_min=30)
    status, data = market.book(clash["session_id"])
    assert status == 409 and data["message"] == "You have another session at that time. Slot taken, try another."


def test_cancelled_and_completed_sessions_cannot_be_booked(api, market):
    s = market.create()
    api.call("POST", f"/sessions/{s['session_id']}/cancel", {"reason": "Ill"}, token=market.mentor["access_token"])
    status, data = market.book(s["session_id"])
    assert status == 409 and data["error"] == "not_bookable" and "cancelled" in data["message"]
    s2 = market.create(starts_at=at_quarter(3 * 86400))
    api.call("POST", f"/sessions/{s2['session_id']}/end", {}, token=market.mentor["access_token"])
    status, data = market.book(s2["session_id"])
    assert status == 409 and "completed" in data["message"]


def test_learner_cancellation_policy(api, market, clock_at):
    s = market.create(price_paise=100000, starts_at=at_quarter(3 * 3600))
    _, b = market.book(s["session_id"])
    bookings.mark_paid(b["booking_id"])
    status, c = api.call("POST", f"/bookings/{b['booking_id']}/cancel", {}, token=market.learner["access_token"])
    assert status == 200 and c["status"] == "cancelled" and c["refund_due_paise"] == 100000
    assert c["refund_status"] == "requested"
    # Within 2 hours of the start: no refund.
    _, b2 = market.book(s["session_id"], market.other)
    bookings.mark_paid(b2["booking_id"])
    clock_at(2 * 3600)
    c2 = bookings.cancel(market.other["user"]["user_id"], b2["booking_id"])
    assert c2["refund_due_paise"] == 0 and "2 hours" in c2["refund_policy"]


def test_mentor_cancellation_refunds_and_notifies_everyone(api, market):
    s = market.create(price_paise=50000, seats=2)
    _, b1 = market.book(s["session_id"])
    bookings.mark_paid(b1["booking_id"])
    _, b2 = market.book(s["session_id"], market.other)  # still holding, not paid
    status, data = api.call("POST", f"/sessions/{s['session_id']}/cancel", {"reason": "Family emergency"},
                            token=market.mentor["access_token"])
    assert status == 200 and data["status"] == "cancelled"
    assert Booking.get(b1["booking_id"]).refund_due_paise == 50000
    assert Booking.get(b2["booking_id"]).refund_due_paise == 0
    _, notes = api.call("GET", "/notifications", token=market.learner["access_token"])
    assert any(n["kind"] == "session_cancelled" and "refunded in full" in n["body"] for n in notes["items"])
    assert api.call("GET", "/sessions")[1]["items"] == []  # no longer listed


def test_object_level_access_to_bookings(api, market, make_user):
    s = market.create()
    _, b = market.book(s["session_id"])
    assert api.call("GET", f"/bookings/{b['booking_id']}", token=market.other["access_token"])[0] == 403
    assert api.call("GET", f"/bookings/{b['booking_id']}", token=make_user("mentor")["access_token"])[0] == 403
    assert api.call("GET", f"/bookings/{b['booking_id']}", token=market.mentor["access_token"])[0] == 200
    assert api.call("POST", f"/bookings/{b['booking_id']}/cancel", {}, token=market.other["access_token"])[0] == 403
    assert api.call("GET", f"/bookings/{b['booking_id']}")[1]["auth_flow"] == "login"


def _race(session_id: str, learner_ids: list[str]) -> list[str]:
    def attempt(uid: str) -> str:
        try:
            return bookings.book(uid, session_id)["status"]
        except Conflict as exc:
            return exc.code

    with ThreadPoolExecutor(16) as pool:
        return list(pool.map(attempt, learner_ids))


def _learners(n: int) -> list[str]:
    from chalicelib.accounts.service import create_user

    return [create_user(role="learner", name=f"L{i}", email=f"l{i}@example.com", password="long enough pass 1",
                        profile={"interests": ["Python"]}, verified=True).user_id for i in range(n)]


def test_fifty_learners_race_for_one_seat(market):
    s = market.create(seats=1)
    results = _race(s["session_id"], _learners(50))
    assert results.count("confirmed") == 1 and results.count("sold_out") + results.count("busy") == 49
    assert Session.get(s["session_id"]).seats_taken == 1
    assert sum(1 for b in Booking.by_session.query(s["session_id"])) == 1


def test_thirty_learners_race_for_four_seats(market):
    s = market.create(seats=4)  # the most a room holds (a 5-peer mesh with the mentor)
    results = _race(s["session_id"], _learners(30))
    assert results.count("confirmed") == 4
    assert Session.get(s["session_id"]).seats_taken == 4
    assert sum(1 for b in Booking.by_session.query(s["session_id"])) == 4


def test_double_click_books_once(market):
    s = market.create(seats=3)
    uid = market.learner["user"]["user_id"]
    results = _race(s["session_id"], [uid] * 6)
    assert results.count("confirmed") == 1 and results.count("already_booked") + results.count("busy") == 5
    assert Session.get(s["session_id"]).seats_taken == 1


def test_cancelling_exactly_at_the_full_refund_cutoff_refunds_in_full(api, market):
    from datetime import UTC, datetime

    from chalicelib.core import clock

    starts = at_quarter(3 * 3600)
    s = market.create(price_paise=100000, starts_at=starts)
    _, b = market.book(s["session_id"])
    bookings.mark_paid(b["booking_id"])
    start_ts = int(datetime.strptime(starts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())
    clock.set_clock(lambda: float(start_ts - 2 * 3600))  # now == start − 2 h, to the second
    c = bookings.cancel(market.learner["user"]["user_id"], b["booking_id"])
    assert c["refund_due_paise"] == 100000
