"""The end of a session, for its bookings: confirmed seats complete once, each with the event that
releases the mentor's earning; seats never paid for or never approved expire, a paid one refunded."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.bookings import service as bookings
from chalicelib.bookings.models import Booking
from chalicelib.core.events import OutboxEvent
from tests.functional.bookings.support import paid_request, uid


def completed_events(session_id: str) -> list[dict[str, Any]]:
    return sorted((json.loads(e.payload) for e in OutboxEvent.scan() if e.type == "booking.completed"
                   and json.loads(e.payload)["session_id"] == session_id), key=lambda p: p["booking_id"])


def test_a_free_seat_completes_once_with_its_event(api, market):
    s = market.create(seats=2)
    status, b = market.book(s["session_id"])
    assert status == 201 and b["status"] == "confirmed"
    assert bookings.complete_for_session(s["session_id"]) == 1
    assert Booking.get(b["booking_id"]).status == "completed"
    assert completed_events(s["session_id"]) == [{
        "booking_id": b["booking_id"], "session_id": s["session_id"], "learner_id": uid(market.learner),
        "mentor_id": uid(market.mentor), "paid": False}]
    assert bookings.complete_for_session(s["session_id"]) == 0  # run again: nothing more
    assert len(completed_events(s["session_id"])) == 1


def test_paid_confirmed_completes_and_unanswered_or_unpaid_seats_expire(api, pay, market, make_user):
    approved, _ = paid_request(pay, "Calculus, approved")
    session_id = approved["session"]["session_id"]
    status, ok = api.call("POST", f"/bookings/{approved['booking_id']}/approve", {},
                          token=market.mentor["access_token"])
    assert status == 200 and ok["status"] == "confirmed"
    waiting = make_user("learner")  # paid, never answered by the mentor
    status, w = market.book(session_id, waiting)
    r = pay.checkout(w["booking_id"], who=waiting)
    assert pay.verify(r, waiting)[1]["booking"]["status"] == "pending_approval"
    status, unpaid = market.book(session_id, market.other)  # held, never paid
    assert status == 201 and unpaid["status"] == "pending_payment"

    assert bookings.complete_for_session(session_id) == 1  # only the confirmed seat completes
    done, expired, held = (Booking.get(x["booking_id"]) for x in (approved, w, unpaid))
    assert done.status == "completed"
    assert (expired.status, int(expired.refund_due_paise), expired.refund_status) == ("expired", 30_000, "requested")
    assert (held.status, int(held.refund_due_paise or 0), held.refund_status) == ("expired", 0, None)
    assert [e["paid"] for e in completed_events(session_id)] == [True]
    reasons = [json.loads(e.payload) for e in OutboxEvent.scan() if e.type == "booking.cancelled"
               and json.loads(e.payload)["session_id"] == session_id]
    assert [(e["booking_id"], e["refund_paise"], e["reason"]) for e in reasons] == [
        (w["booking_id"], 30_000, "approval_expired")]  # the unpaid hold refunds nothing: no event
    assert bookings.complete_for_session(session_id) == 0


def test_every_confirmed_seat_of_the_session_completes_in_one_run(api, market, make_user):
    s = market.create(seats=3)
    third = make_user("learner")
    ids = []
    for who in (market.learner, market.other, third):
        status, b = market.book(s["session_id"], who)
        assert status == 201 and b["status"] == "confirmed"
        ids.append(b["booking_id"])
    assert bookings.complete_for_session(s["session_id"]) == 3
    assert [Booking.get(i).status for i in ids] == ["completed"] * 3
    assert sorted(e["booking_id"] for e in completed_events(s["session_id"])) == sorted(ids)
