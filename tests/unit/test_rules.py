"""Marketplace rules that need no storage: slots, splits, refund shares, ranking, cursors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.catalog.mentors import rank
from chalicelib.core import paging, timeslots
from chalicelib.core.errors import BadRequest
from chalicelib.payments.ledger import split
from chalicelib.payments.money import mentor_share_of_refund

Q = timeslots.SLOT_SECONDS


def test_a_session_covers_exactly_its_quarter_hours():
    assert timeslots.slots(4 * Q, 6 * Q) == [4, 5]
    assert timeslots.slots(4 * Q, 4 * Q + 1) == [4]  # a second past the boundary is another slot
    assert timeslots.aligned(8 * Q) and not timeslots.aligned(8 * Q + 60)


def test_back_to_back_sessions_share_no_slot_but_overlapping_ones_do():
    first, next_one, overlapping = (timeslots.slots(0, 2 * Q), timeslots.slots(2 * Q, 4 * Q),
                                    timeslots.slots(Q, 3 * Q))
    assert not set(first) & set(next_one)
    assert set(first) & set(overlapping) and set(next_one) & set(overlapping)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=10_000))
def test_a_split_always_adds_up_and_the_odd_paisa_goes_to_the_platform(amount, bps):
    mentor, platform = split(amount, bps)
    assert mentor + platform == amount
    assert mentor == amount * bps // 10_000


def test_a_negative_split_is_refused():
    with pytest.raises(ValueError):
        split(-1)


def test_the_mentors_part_of_a_refund_is_proportional_and_rounded_down():
    assert mentor_share_of_refund(50_000, 50_000) == 45_000  # a full refund takes back the full 90 %
    assert mentor_share_of_refund(33_333, 100_000) == 29_999
    assert mentor_share_of_refund(100, 0) == 0


def test_one_perfect_review_does_not_outrank_forty_great_ones():
    assert rank(5, 1) < rank(192, 40)  # forty reviews averaging 4.8
    assert rank(0, 0) < rank(3, 1)  # an unreviewed mentor comes after any reviewed one


def test_a_cursor_round_trips_and_stays_in_its_partition():
    key = {"user_id": {"S": "u1"}, "created_at": {"N": "17"}}
    cursor = paging.encode(key)
    assert paging.decode(cursor, {"user_id", "created_at"}, bound={"user_id": "u1"}) == key
    with pytest.raises(BadRequest):
        paging.decode(cursor, {"user_id", "created_at"}, bound={"user_id": "someone-else"})


@pytest.mark.parametrize("cursor", ["%%%", "e30", paging.encode({"user_id": {"M": {}}, "x": {"S": "1"}}),
                                    paging.encode({"user_id": {"N": "not-a-number"}, "x": {"S": "1"}})])
def test_a_forged_cursor_is_a_400(cursor):
    with pytest.raises(BadRequest):
        paging.decode(cursor, {"user_id", "x"})


def test_the_pure_tier_cannot_open_a_socket():
    import socket

    from pytest_socket import SocketBlockedError

    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("127.0.0.1", 9))
