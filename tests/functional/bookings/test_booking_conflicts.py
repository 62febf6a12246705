"""Why a booking's transaction was refused, as the learner reads it: `_booking_conflict` re-reads the
state the losing write met (the races behind it are in test_bookings.py) and names it."""

from __future__ import annotations

from typing import Any

import pytest
from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError

from chalicelib.bookings import service as bookings
from chalicelib.catalog.models import Session
from chalicelib.core import clock
from chalicelib.core.errors import Conflict


def refused(*codes: str | None) -> TransactWriteError:
    """A cancelled TransactWriteItems with one reason per item (None: that item was fine)."""
    reasons = [CancellationReason(code=c) if c else None for c in codes]
    cause = VerboseClientError({"Error": {"Code": "TransactionCanceledException", "Message": "cancelled"}},
                               "TransactWriteItems", cancellation_reasons=reasons)
    return TransactWriteError("Failed to write transaction items", cause=cause)


CONDITION = refused(None, "ConditionalCheckFailed")


def conflict(exc: TransactWriteError, session_id: str, learner: dict[str, Any]) -> tuple[str, str]:
    out = bookings._booking_conflict(exc, session_id, learner["user"]["user_id"])
    assert isinstance(out, Conflict) and out.status == 409
    return out.code, out.message


def test_a_transaction_conflict_without_a_failed_condition_is_busy(market):
    s = market.create()
    for exc in (refused("TransactionConflict", None), refused(None, None), refused()):
        assert conflict(exc, s["session_id"], market.learner) == (
            "busy", "Too many people are booking right now. Please try again.")


@pytest.mark.parametrize("status", ["cancelled", "completed"])
def test_a_session_that_stopped_taking_bookings_says_so(market, status):
    s = market.create()
    Session(session_id=s["session_id"]).update(actions=[Session.status.set(status)])
    assert conflict(CONDITION, s["session_id"], market.learner) == (
        "not_bookable", f"This session is {status} and can't be booked.")


def test_a_live_session_is_still_bookable_until_its_end(market):
    s = market.create()
    Session(session_id=s["session_id"]).update(actions=[Session.status.set("live")])
    ends = int(Session.get(s["session_id"]).ends_at)
    clock.set_clock(lambda: ends - 1)
    try:
        # one second before the end the seat is what failed (the session is free, one seat: taken next)
        assert conflict(CONDITION, s["session_id"], market.learner)[0] == "slot_taken"
        clock.set_clock(lambda: ends)  # at the end exactly: over
        assert conflict(CONDITION, s["session_id"], market.learner) == (
            "not_bookable", "This session is over and can't be booked.")
    finally:
        clock.reset_clock()


def test_the_learner_who_holds_a_seat_is_told_it_is_theirs(market):
    s = market.create(seats=3)
    assert market.book(s["session_id"])[0] == 201
    assert conflict(CONDITION, s["session_id"], market.learner) == (
        "already_booked", "You have already booked this session.")
    # someone else, with seats left: not their booking, not sold out
    assert conflict(CONDITION, s["session_id"], market.other)[0] == "slot_taken"


def test_the_last_seat_gone_is_sold_out_and_one_left_is_a_clash(market):
    s = market.create(seats=2)
    assert market.book(s["session_id"])[0] == 201
    assert conflict(CONDITION, s["session_id"], market.other) == (
        "slot_taken", "You have another session at that time. Slot taken, try another.")
    Session(session_id=s["session_id"]).update(actions=[Session.seats_taken.set(2)])
    assert conflict(CONDITION, s["session_id"], market.other) == ("sold_out", "Sorry, this session is fully booked.")
    Session(session_id=s["session_id"]).update(actions=[Session.seats_taken.set(3)])  # over-full: still sold out
    assert conflict(CONDITION, s["session_id"], market.other)[0] == "sold_out"
