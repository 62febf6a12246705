"""The learner's Activity feed tells an accepted request's row whether its seat is paid yet."""

from __future__ import annotations

import pytest

from tests.functional.conftest import at_quarter
from tests.functional.live_requests.test_live_requests import request_body
from tests.functional.payments_helpers import Payments


@pytest.fixture
def pay(api, client, standin, market, make_admin):
    return Payments(api, client, standin, market, make_admin)


def _request_row(api, market, request_id, kind):
    _, feed = api.call("GET", f"/learner/activity?type={kind}", token=market.learner["access_token"])
    return next(i for i in feed["items"] if i["kind"] == "request" and i["request"]["request_id"] == request_id)


def test_an_accepted_paid_request_says_pending_payment_then_confirmed(pay, api, market):
    mid = market.mentor["user"]["user_id"]
    _, r = api.call("POST", "/requests", request_body(mid, budget_paise=80_000), token=market.learner["access_token"])
    assert _request_row(api, market, r["request_id"], "requests")["booking_status"] is None
    _, accepted = api.call("POST", f"/requests/{r['request_id']}/accept", {}, token=market.mentor["access_token"])
    for kind in ("requests", "all"):  # from a BatchGet, and from the booking on the same page
        assert _request_row(api, market, r["request_id"], kind)["booking_status"] == "pending_payment"
    status, _ = pay.verify(pay.checkout(accepted["booking_id"]))
    assert status == 200
    for kind in ("requests", "all"):
        assert _request_row(api, market, r["request_id"], kind)["booking_status"] == "confirmed"


def test_learner_seats_says_which_cards_the_caller_holds(pay, api, market):
    free = market.create(price_paise=0, seats=1, starts_at=at_quarter(86_400 + 10 * 3_600))
    paid = pay.paid_booking(49_900)
    other = market.create(price_paise=0, seats=2, starts_at=at_quarter(86_400 + 12 * 3_600))
    assert market.book(free["session_id"])[0] == 201  # sold out now, held by our learner
    ids = f"{free['session_id']},{paid['session']['session_id']},{other['session_id']}"

    status, page = api.call("GET", f"/learner/seats?session_ids={ids}", token=market.learner["access_token"])
    assert status == 200
    seats = {s["session_id"]: s for s in page["items"]}
    assert set(seats) == {free["session_id"], paid["session"]["session_id"]}  # not `other`
    assert seats[free["session_id"]]["status"] == "confirmed" and seats[free["session_id"]]["room_code"]
    assert seats[paid["session"]["session_id"]]["status"] == "pending_payment"
    assert seats[paid["session"]["session_id"]]["room_code"] is None  # no room before the seat is paid

    _, theirs = api.call("GET", f"/learner/seats?session_ids={ids}", token=market.other["access_token"])
    assert theirs["items"] == []
    assert api.call("GET", f"/learner/seats?session_ids={ids}", token=market.mentor["access_token"])[0] == 403
    assert api.call("GET", "/learner/seats?session_ids=" + ",".join(["x"] * 51),
                    token=market.learner["access_token"])[0] == 400
