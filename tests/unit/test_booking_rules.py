"""Bookings' pure rules: the refund policy and a new booking's shape, on in-memory models and a set clock."""

from __future__ import annotations

import pytest

from chalicelib.bookings import service
from chalicelib.bookings.models import HOLD, Booking
from chalicelib.catalog.models import Session
from chalicelib.core import clock

START = 1_900_000_800  # a quarter hour, far from any real "now"
CUTOFF = START - 2 * 3600  # the default full-refund window: 2 h before the start


@pytest.fixture(autouse=True)
def _reset_clock():
    yield
    clock.reset_clock()


def at(ts: int) -> None:
    clock.set_clock(lambda: float(ts))


def booking(status: str = "confirmed", amount: int = 50_000) -> Booking:
    return Booking(booking_id="b1", session_id="s1", learner_id="l1", mentor_id="m1", status=status,
                   amount_paise=amount, starts_at=START, ends_at=START + 3600, created_at=START - 86_400,
                   updated_at=START - 86_400)


def test_a_learner_cancelling_at_exactly_the_cutoff_gets_everything_back():
    at(CUTOFF)
    assert service.refund_due(booking(), by_mentor=False) == 50_000


def test_a_learner_cancelling_one_second_after_the_cutoff_gets_nothing():
    at(CUTOFF + 1)
    assert service.refund_due(booking(), by_mentor=False) == 0


def test_well_before_the_cutoff_is_a_full_refund_and_after_the_start_none():
    at(CUTOFF - 86_400)
    assert service.refund_due(booking(amount=12_345), by_mentor=False) == 12_345
    at(START + 60)
    assert service.refund_due(booking(amount=12_345), by_mentor=False) == 0


@pytest.mark.parametrize("now", [CUTOFF - 1, CUTOFF + 1, START, START + 7200])
def test_when_the_mentor_cancels_the_learner_is_refunded_in_full_at_any_time(now):
    at(now)
    assert service.refund_due(booking(amount=80_000), by_mentor=True) == 80_000


@pytest.mark.parametrize("status", ["pending_payment", "pending_approval", "cancelled", "expired", "rejected",
                                    "completed"])
@pytest.mark.parametrize("by_mentor", [False, True])
def test_nothing_is_refunded_for_a_seat_that_was_never_paid_and_confirmed(status, by_mentor):
    at(CUTOFF - 86_400)
    assert service.refund_due(booking(status=status), by_mentor=by_mentor) == 0


@pytest.mark.parametrize("by_mentor", [False, True])
def test_a_free_confirmed_booking_refunds_zero(by_mentor):
    at(CUTOFF - 86_400)
    assert service.refund_due(booking(amount=0), by_mentor=by_mentor) == 0


def test_the_refund_window_follows_its_setting(monkeypatch):
    monkeypatch.setenv("PEERLEARN_CANCEL_FULL_REFUND_HOURS", "24")
    at(START - 24 * 3600)
    assert service.refund_due(booking(), by_mentor=False) == 50_000
    at(START - 24 * 3600 + 1)
    assert service.refund_due(booking(), by_mentor=False) == 0


def session(price: int = 50_000) -> Session:
    return Session(session_id="s1", mentor_id="m1", starts_at=START, ends_at=START + 3600, price_paise=price)


def test_a_held_seat_expires_after_the_hold_window_and_is_on_the_sweepers_index():
    at(START - 86_400)
    b = service.new_booking(session(), "l1", "pending_payment", 50_000, request_id="r1")
    assert (b.session_id, b.learner_id, b.mentor_id, b.status, b.amount_paise) == ("s1", "l1", "m1",
                                                                                     "pending_payment", 50_000)
    assert (b.starts_at, b.ends_at, b.request_id) == (START, START + 3600, "r1")
    assert b.created_at == b.updated_at == START - 86_400
    assert b.hold_expires_at == START - 86_400 + 15 * 60 and b.hold_key == HOLD
    assert b.approval_mentor_id is None
    assert b.booking_id and b.booking_id != service.new_booking(session(), "l1", "confirmed", 0).booking_id


def test_a_booking_waiting_for_approval_is_on_the_mentors_approvals_index_and_holds_nothing():
    at(START - 86_400)
    b = service.new_booking(session(), "l1", "pending_approval", 50_000)
    assert b.approval_mentor_id == "m1"
    assert b.hold_key is None and b.hold_expires_at is None and b.request_id is None


def test_a_confirmed_booking_is_on_no_sparse_index():
    at(START - 86_400)
    b = service.new_booking(session(0), "l1", "confirmed", 0)
    assert (b.hold_key, b.hold_expires_at, b.approval_mentor_id) == (None, None, None)


def test_the_hold_window_follows_its_setting(monkeypatch):
    monkeypatch.setenv("PEERLEARN_HOLD_SECONDS", "60")
    at(START - 86_400)
    assert service.new_booking(session(), "l1", "pending_payment", 50_000).hold_expires_at == START - 86_400 + 60


def test_one_booking_guard_per_learner_and_session():
    assert service.guard_key("s1", "l1") == "booking#s1#l1"
    assert service.guard_key("s1", "l2") != service.guard_key("s2", "l1")
