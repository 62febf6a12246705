"""Go live within the window, end, complete by schedule; only the mentor and confirmed learners enter."""

from __future__ import annotations

import pytest

from chalicelib.catalog import service as catalog
from chalicelib.core.errors import Conflict
from tests.functional.conftest import at_quarter, drain_events


def test_go_live_window_and_room_access(api, market, make_user, make_admin, clock_at, ws):
    s = market.create(starts_at=at_quarter(3600), seats=2)
    sid, mtok = s["session_id"], market.mentor["access_token"]
    _, b = market.book(sid)
    status, data = api.call("POST", f"/sessions/{sid}/go-live", {}, token=mtok)
    assert status == 409 and data["error"] == "too_early"

    room = s["room_code"]
    # Who may enter: the mentor and confirmed learners only.
    status, r = api.call("GET", f"/rooms/{room}", token=market.learner["access_token"])
    assert status == 200 and r["role"] == "learner" and {p["role"] for p in r["participants"]} == {"mentor", "learner"}
    assert api.call("GET", f"/rooms/{room}", token=mtok)[1]["role"] == "mentor"
    status, data = api.call("GET", f"/rooms/{room}", token=market.other["access_token"])
    assert status == 403 and data["message"] == "Access denied"
    assert api.call("GET", f"/rooms/{room}", token=make_user("mentor")["access_token"])[0] == 403
    assert api.call("GET", f"/rooms/{room}")[1]["auth_flow"] == "login"
    # Admins don't enter rooms (spec §8).
    import pyotp

    admin = make_admin()
    _, ch = api.call("POST", "/auth/login", {"email": admin["email"], "password": admin["password"]})
    _, at = api.call("POST", "/auth/login/totp", {"challenge": ch["challenge"], "code": pyotp.TOTP(admin["secret"]).now()})
    assert api.call("GET", f"/rooms/{room}", token=at["access_token"])[0] == 403
    # A room code never leaks through public reads.
    assert api.call("GET", f"/sessions/{sid}")[1]["room_code"] is None

    # 15 minutes before the start the mentor can go live; learners are told.
    clock_at(3600 + 900 - 15 * 60)
    mentor_id = market.mentor["user"]["user_id"]
    live = catalog.go_live(mentor_id, sid)
    assert live["status"] == "live"
    drain_events()  # learners hear of it through session.went_live
    from chalicelib.notifications.models import Notification

    kinds = [n.kind for n in Notification.query(market.learner["user"]["user_id"])]
    assert "session_live" in kinds
    with pytest.raises(Conflict, match="already live"):
        catalog.go_live(mentor_id, sid)
    catalog.end_session(mentor_id, sid)
    drain_events()
    from chalicelib.bookings.models import Booking

    assert Booking.get(b["booking_id"]).status == "completed"


def test_sessions_complete_by_schedule(api, market, clock_at):
    s = market.create(starts_at=at_quarter(3600), duration_min=30)
    assert catalog.complete_ended() == {"completed": 0}
    clock_at(3 * 3600)
    assert catalog.complete_ended() == {"completed": 1}
    assert catalog.load(s["session_id"]).status == "completed"


def test_mentor_sessions_tabs(api, market):
    soon = market.create(starts_at=at_quarter(900))  # likely today (unless near midnight)
    later = market.create(starts_at=at_quarter(5 * 86400))
    tok = market.mentor["access_token"]
    today = {x["session_id"] for x in api.call("GET", "/mentor/sessions?tab=today", token=tok)[1]["items"]}
    upcoming = {x["session_id"] for x in api.call("GET", "/mentor/sessions?tab=upcoming", token=tok)[1]["items"]}
    assert later["session_id"] in upcoming and later["session_id"] not in today
    assert soon["session_id"] in today | upcoming
    assert api.call("GET", "/mentor/sessions?tab=past", token=tok)[1]["items"] == []
    assert api.call("GET", "/mentor/sessions?tab=yesterday", token=tok)[0] == 400


def test_activity_feed_merges_and_pages(api, market, make_user):
    tok = market.learner["access_token"]
    mentors = [market.mentor] + [make_user("mentor") for _ in range(2)]
    expected = []
    for i, m in enumerate(mentors):
        s = market.create(token=m["access_token"], starts_at=at_quarter((i + 1) * 86400))
        expected.append(("booking", market.book(s["session_id"])[1]["booking_id"]))
        from tests.functional.live_requests.test_live_requests import request_body

        r = api.call("POST", "/requests", request_body(m["user"]["user_id"]), token=tok)[1]
        expected.append(("request", r["request_id"]))
    seen, cursor = [], None
    for _ in range(10):
        url = "/learner/activity?limit=2" + (f"&cursor={cursor}" if cursor else "")
        status, page = api.call("GET", url, token=tok)
        assert status == 200
        seen += [(i["kind"], i["booking"]["booking_id"] if i["kind"] == "booking" else i["request"]["request_id"])
                 for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen)) == 6
    assert seen == list(reversed(expected))  # newest first
    status, data = api.call("GET", "/learner/activity?cursor=%7B%7D", token=tok)
    assert status == 400
