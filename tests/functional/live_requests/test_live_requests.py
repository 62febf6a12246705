"""Learners request live sessions; mentors accept, counter-offer or decline — forward only."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.bookings.models import Booking
from chalicelib.catalog.models import Session
from chalicelib.core.errors import Conflict
from chalicelib.live_requests import service as requests
from chalicelib.live_requests.models import LiveRequest
from tests.functional.conftest import at_quarter


def request_body(mentor_id: str, **over):
    body = {"mentor_id": mentor_id, "title": "Help with recursion", "domain": "Programming",
            "proposed_at": at_quarter(2 * 86400), "duration_min": 60, "budget_paise": 0,
            "message": "I keep getting stack overflows."}
    body.update(over)
    return body


def test_request_accept_creates_a_private_confirmed_session(api, market):
    mid = market.mentor["user"]["user_id"]
    status, r = api.call("POST", "/requests", request_body(mid), token=market.learner["access_token"])
    assert status == 201 and r["status"] == "pending" and r["status_label"] == "⏳ Pending"
    _, feed = api.call("GET", "/learner/activity?type=requests", token=market.learner["access_token"])
    assert feed["items"][0]["request"]["status_label"] == "⏳ Pending"
    _, panel = api.call("GET", "/mentor/requests", token=market.mentor["access_token"])
    assert [x["request_id"] for x in panel["items"]] == [r["request_id"]]

    status, accepted = api.call("POST", f"/requests/{r['request_id']}/accept", {}, token=market.mentor["access_token"])
    assert status == 200 and accepted["status"] == "accepted" and accepted["session_id"] and accepted["booking_id"]
    s = Session.get(accepted["session_id"])
    assert s.visibility == "private" and s.for_learner_id == market.learner["user"]["user_id"] and s.seats_taken == 1
    assert Booking.get(accepted["booking_id"]).status == "confirmed"
    assert api.call("GET", "/sessions")[1]["items"] == []  # unlisted
    _, panel = api.call("GET", "/mentor/requests", token=market.mentor["access_token"])
    assert panel["items"] == []
    # The learner can open the private session; another learner cannot.
    assert api.call("GET", f"/sessions/{s.session_id}", token=market.learner["access_token"])[0] == 200
    assert api.call("GET", f"/sessions/{s.session_id}", token=market.other["access_token"])[0] == 404


def test_budget_means_a_payment_hold(api, market):
    mid = market.mentor["user"]["user_id"]
    _, r = api.call("POST", "/requests", request_body(mid, budget_paise=80000), token=market.learner["access_token"])
    _, accepted = api.call("POST", f"/requests/{r['request_id']}/accept", {}, token=market.mentor["access_token"])
    assert Booking.get(accepted["booking_id"]).status == "pending_payment"


def test_modify_and_reply_then_learner_accepts(api, market):
    mid = market.mentor["user"]["user_id"]
    _, r = api.call("POST", "/requests", request_body(mid), token=market.learner["access_token"])
    new_time = at_quarter(3 * 86400)
    status, offered = api.call("POST", f"/requests/{r['request_id']}/offer",
                               {"proposed_at": new_time, "budget_paise": 0, "message": "Thursday works better."},
                               token=market.mentor["access_token"])
    assert status == 200 and offered["status"] == "offered" and offered["offer"]["proposed_at"] == new_time
    status, done = api.call("POST", f"/requests/{r['request_id']}/accept-offer", {}, token=market.learner["access_token"])
    assert status == 200 and done["status"] == "accepted"
    from chalicelib.core.clock import iso

    assert iso(Session.get(done["session_id"]).starts_at) == new_time
    # Forward only: the mentor can't accept it again.
    status, data = api.call("POST", f"/requests/{r['request_id']}/accept", {}, token=market.mentor["access_token"])
    assert status == 409 and data["error"] == "stale_state"


def test_decline_withdraw_and_decline_offer(api, market):
    mid = market.mentor["user"]["user_id"]
    tok = market.learner["access_token"]
    _, r1 = api.call("POST", "/requests", request_body(mid), token=tok)
    status, d = api.call("POST", f"/requests/{r1['request_id']}/decline", {"reason": "Fully booked this week"},
                         token=market.mentor["access_token"])
    assert status == 200 and d["status"] == "declined" and d["decline_reason"] == "Fully booked this week"
    _, r2 = api.call("POST", "/requests", request_body(mid), token=tok)
    assert api.call("POST", f"/requests/{r2['request_id']}/withdraw", {}, token=tok)[1]["status"] == "withdrawn"
    _, r3 = api.call("POST", "/requests", request_body(mid), token=tok)
    api.call("POST", f"/requests/{r3['request_id']}/offer", {"proposed_at": at_quarter(4 * 86400), "budget_paise": 100},
             token=market.mentor["access_token"])
    assert api.call("POST", f"/requests/{r3['request_id']}/decline-offer", {}, token=tok)[1]["status"] == "declined"
    status, data = api.call("POST", f"/requests/{r3['request_id']}/withdraw", {}, token=tok)
    assert status == 409


def test_at_most_three_open_requests_per_mentor(api, market, make_user):
    mid = market.mentor["user"]["user_id"]
    tok = market.learner["access_token"]
    ids = [api.call("POST", "/requests", request_body(mid), token=tok)[1]["request_id"] for _ in range(3)]
    status, data = api.call("POST", "/requests", request_body(mid), token=tok)
    assert status == 409 and data["error"] == "too_many_requests"
    other_mentor = make_user("mentor")["user"]["user_id"]
    assert api.call("POST", "/requests", request_body(other_mentor), token=tok)[0] == 201
    api.call("POST", f"/requests/{ids[0]}/withdraw", {}, token=tok)
    assert api.call("POST", "/requests", request_body(mid), token=tok)[0] == 201


def test_bad_request_input(api, market):
    mid = market.mentor["user"]["user_id"]
    tok = market.learner["access_token"]
    for over, field in [({"proposed_at": "2020-01-01T10:00:00Z"}, "proposed_at"), ({"duration_min": 300}, "duration_min"),
                        ({"budget_paise": -1}, "budget_paise"), ({"title": ""}, "title")]:
        status, data = api.call("POST", "/requests", request_body(mid, **over), token=tok)
        assert status == 400 and field in data["fields"], (over, data)
    assert api.call("POST", "/requests", request_body("nobody"), token=tok)[0] == 404
    assert sum(1 for _ in LiveRequest.scan()) == 0


def test_only_the_addressed_mentor_answers(api, market, make_user):
    mid = market.mentor["user"]["user_id"]
    _, r = api.call("POST", "/requests", request_body(mid), token=market.learner["access_token"])
    intruder = make_user("mentor")
    assert api.call("POST", f"/requests/{r['request_id']}/accept", {}, token=intruder["access_token"])[0] == 403
    assert api.call("GET", f"/requests/{r['request_id']}", token=market.other["access_token"])[0] == 403
    assert api.call("POST", f"/requests/{r['request_id']}/withdraw", {}, token=market.other["access_token"])[0] == 403


def test_accept_and_withdraw_race_has_one_outcome(market):
    mid, lid = market.mentor["user"]["user_id"], market.learner["user"]["user_id"]
    from chalicelib.live_requests.schemas import RequestIn

    for _ in range(5):
        r = requests.create(lid, RequestIn.model_validate(request_body(mid)))

        def act(which: str, rid: str = r["request_id"]) -> str:
            try:
                (requests.accept(mid, rid) if which == "accept" else requests.withdraw(lid, rid))
                return which
            except Conflict:
                return "lost"

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(act, ["accept", "withdraw"]))
        final = LiveRequest.get(r["request_id"])
        assert results.count("lost") == 1
        winner = next(x for x in results if x != "lost")
        assert final.status == ("accepted" if winner == "accept" else "withdrawn")
        sessions = list(Session.by_mentor.query(mid))
        if winner == "accept":
            assert final.session_id in {s.session_id for s in sessions}
        else:
            assert final.session_id is None
        if final.session_id:  # free the mentor's slot for the next round
            from chalicelib.catalog import service as catalog

            catalog.cancel_session(mid, final.session_id, "")


def test_open_requests_expire_when_their_time_passes(api, market, clock_at):
    mid = market.mentor["user"]["user_id"]
    _, r = api.call("POST", "/requests", request_body(mid, proposed_at=at_quarter(3600)), token=market.learner["access_token"])
    assert requests.expire_open() == {"expired": 0}
    clock_at(3 * 3600)
    assert requests.expire_open() == {"expired": 1}
    assert LiveRequest.get(r["request_id"]).status == "expired"


def test_offer_time_reaches_the_reader_as_a_structured_time_and_mentor_hears_offer_accepted(api, market):
    """The server never formats a time into text (it said "Wed 02 Dec, 17:45 UTC"): the body says `{at}`
    and `at` carries the instant, which the SPA shows in the reader's timezone and its one format."""
    from chalicelib.notifications.models import Notification

    mid = market.mentor["user"]["user_id"]
    _, r = api.call("POST", "/requests", request_body(mid), token=market.learner["access_token"])
    when = at_quarter(3 * 86400)
    api.call("POST", f"/requests/{r['request_id']}/offer", {"proposed_at": when, "budget_paise": 0},
             token=market.mentor["access_token"])
    _, bell = api.call("GET", "/notifications", token=market.learner["access_token"])
    offer_note = next(n for n in bell["items"] if n["kind"] == "request_offered")
    assert offer_note["body"] == "The mentor proposed {at} for ₹0."
    assert offer_note["at"] == when
    stored = next(n for n in Notification.query(market.learner["user"]["user_id"]) if n.kind == "request_offered")
    assert stored.at is not None and not any(zone in stored.body for zone in ("UTC", "IST", "GMT"))
    api.call("POST", f"/requests/{r['request_id']}/accept-offer", {}, token=market.learner["access_token"])
    kinds = [n.kind for n in Notification.query(mid)]
    assert "offer_accepted" in kinds


CLOSE_THE_OFFER = {
    "learner declines the offer": ("learner", "decline-offer", None, "declined"),
    "learner withdraws the request": ("learner", "withdraw", None, "withdrawn"),
    "mentor takes the offer back": ("mentor", "decline", {"reason": "Sorry, that slot is gone"}, "declined"),
}


@pytest.mark.parametrize("closer", CLOSE_THE_OFFER.values(), ids=list(CLOSE_THE_OFFER))
def test_accepting_a_closed_offer_is_stale_and_leaves_the_other_open_request_alone(api, market, monkeypatch, closer):
    """Two open requests to one mentor; the offer on one is closed, then the learner accepts it anyway.

    The second accept comes from a learner whose read predates the close (another tab, or a click racing
    the mentor), so it reaches the transaction: only the status condition on the request item refuses it.
    The per-pair open counter cannot, because the other open request keeps it above zero."""
    from chalicelib.core.counters import Counter
    from chalicelib.notifications.models import Notification

    mid, lid = market.mentor["user"]["user_id"], market.learner["user"]["user_id"]
    tok, mtok = market.learner["access_token"], market.mentor["access_token"]
    _, offered = api.call("POST", "/requests", request_body(mid), token=tok)
    _, other = api.call("POST", "/requests", request_body(mid, title="Help with closures"), token=tok)
    rid = offered["request_id"]
    status, _ = api.call("POST", f"/requests/{rid}/offer",
                         {"proposed_at": at_quarter(3 * 86400), "budget_paise": 0, "message": "Thursday?"}, token=mtok)
    assert status == 200
    seen_while_offered = LiveRequest.get(rid)  # what the learner's second tab loaded

    who, action, body, closed_as = closer
    status, closed = api.call("POST", f"/requests/{rid}/{action}", body or {},
                              token=tok if who == "learner" else mtok)
    assert status == 200 and closed["status"] == closed_as
    other_before = LiveRequest.get(other["request_id"])
    counter = requests.counter_name(lid, mid)
    assert Counter.get(counter).value == 1

    # Straight after the close the service refuses it from its own read ...
    status, data = api.call("POST", f"/requests/{rid}/accept-offer", {}, token=tok)
    assert (status, data["error"]) == (409, "stale_state"), data
    # ... and with the read from before the close, the transaction's status condition refuses it.
    with monkeypatch.context() as patch:
        patch.setattr(requests, "_as_learner", lambda learner_id, request_id: seen_while_offered)
        status, data = api.call("POST", f"/requests/{rid}/accept-offer", {}, token=tok)
    assert (status, data["error"]) == (409, "stale_state"), data

    after = LiveRequest.get(rid)
    assert (after.status, after.session_id, after.booking_id) == (closed_as, None, None)
    assert list(Session.by_mentor.query(mid)) == []
    assert sum(1 for _ in Booking.scan()) == 0
    assert Counter.get(counter).value == 1  # the other request still counts as open
    assert not any(n.kind == "request_accepted" for n in Notification.query(lid))
    still_open = LiveRequest.get(other["request_id"])
    assert still_open.status == "pending" and still_open.updated_at == other_before.updated_at
    assert still_open.open_mentor_id == mid and still_open.session_id is None
    _, panel = api.call("GET", "/mentor/requests", token=mtok)
    assert [x["request_id"] for x in panel["items"]] == [other["request_id"]]
    # The untouched request can still be accepted as usual.
    status, accepted = api.call("POST", f"/requests/{other['request_id']}/accept", {}, token=mtok)
    assert status == 200 and accepted["status"] == "accepted"
    assert Counter.get(counter).value == 0


def test_mentor_requests_history_filters_page_by_cursor(api, market, clock_at):
    """Handled requests stay findable: answered, declined, expired (a filtered Query, paged by cursor)."""
    mid = market.mentor["user"]["user_id"]
    mentor = market.mentor["access_token"]

    def ask(who, **over):
        status, r = api.call("POST", "/requests", request_body(mid, **over), token=who["access_token"])
        assert status == 201, r
        return r["request_id"]

    answered = ask(market.learner, proposed_at=at_quarter(2 * 86400))
    declined = [ask(market.other, proposed_at=at_quarter(2 * 86400 + 3600 * i)) for i in (1, 2)]
    expiring = ask(market.learner, proposed_at=at_quarter(3600))
    still_open = ask(market.other, proposed_at=at_quarter(2 * 86400 + 3 * 3600))
    assert api.call("POST", f"/requests/{answered}/accept", {}, token=mentor)[0] == 200
    for rid in declined:
        assert api.call("POST", f"/requests/{rid}/decline", {"reason": "Fully booked that week."}, token=mentor)[0] == 200
    clock_at(3 * 3600)
    assert requests.expire_open() == {"expired": 1}

    def ids(status, **extra):
        page = requests.for_mentor(mid, status, extra.get("cursor"), extra.get("limit", 20))
        return [r.request_id for r in page.items], page.next_cursor

    assert ids("answered")[0] == [answered]
    assert ids("expired")[0] == [expiring]
    assert ids("open")[0] == [still_open]
    assert len(ids("all")[0]) == 5
    first, cursor = ids("declined", limit=1)
    assert cursor and first == [declined[1]]  # newest first
    second, _ = ids("declined", limit=1, cursor=cursor)
    assert second == [declined[0]]
    # and over HTTP, with the labels the SPA shows
    clock_at(0)
    status, page = api.call("GET", "/mentor/requests?status=declined", token=mentor)
    assert status == 200 and [r["status_label"] for r in page["items"]] == ["Declined", "Declined"]
    assert api.call("GET", "/mentor/requests?status=nope", token=mentor)[0] == 400
