"""The learner's Activity feed tells an accepted request's row whether its seat is paid yet."""

from __future__ import annotations

import pytest

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
