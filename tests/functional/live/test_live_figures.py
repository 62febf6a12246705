"""Public live figures: counted from stored data, published on `public:live` by the subscribers of
session, booking and room-attendance events, readable signed out."""

from __future__ import annotations

from typing import Any

from chalicelib.realtime.service import PUBLIC_LIVE
from tests.functional.conftest import drain_events
from tests.functional.realtime.test_realtime import call


def watch(api: Any, cid: str) -> None:
    """A signed-out visitor's socket, listening to the public channel."""
    status, t = api.call("POST", "/realtime/ticket/anonymous")
    assert status == 201
    assert call("$connect", cid, query={"ticket": t["ticket"]})["statusCode"] == 200
    call("$default", cid, {"action": "subscribe", "channel": PUBLIC_LIVE})


def updates(ws: Any, cid: str) -> list[dict[str, Any]]:
    return [f for f in ws.to(cid) if f.get("type") == "live.update"]


def test_live_count_seats_and_who_is_in_follow_the_events(room, api, ws):
    sid = room.session["session_id"]
    watch(api, "visitor")
    assert api.call("GET", "/live")[1] == {"live_count": 0, "live_mentor_ids": [], "sessions": []}

    status, _ = api.call("POST", f"/sessions/{sid}/go-live", token=room.mentor["access_token"])
    assert status == 200
    drain_events()
    last = updates(ws, "visitor")[-1]
    mid = room.mentor["user"]["user_id"]
    assert last["live_count"] == 1 and last["live_mentor_ids"] == [mid] and last["channel"] == PUBLIC_LIVE
    # 4 seats: one confirmed, one held while unpaid (a hold takes a seat), one cancelled
    assert last["session"] == {"session_id": sid, "mentor_id": mid, "status": "live", "seats": 4,
                               "seats_left": 2, "mentor_in": False, "learners_in": 0}
    _, figures = api.call("GET", "/live")  # signed out: the same figures
    assert figures["live_count"] == 1 and figures["sessions"] == [last["session"]]

    room.join(room.learner, "learner-tab")
    drain_events()
    assert updates(ws, "visitor")[-1]["session"]["learners_in"] == 1
    room.connect(room.learner, "learner-other-tab")  # a second tab of the same learner is still one person
    room.send("learner-other-tab", "join")
    drain_events()
    assert updates(ws, "visitor")[-1]["session"]["learners_in"] == 1

    room.join(room.mentor, "mentor-tab")
    drain_events()
    assert updates(ws, "visitor")[-1]["session"]["mentor_in"] is True
    # The confirmed learner is told the mentor is in (the Join button pulses), numbered for replay.
    told = [f for f in ws.to("learner-tab") if f.get("type") == "room.mentor_in"]
    assert told and told[-1]["session_id"] == sid and told[-1]["room_code"] == room.code and told[-1]["seq"] > 0
    assert not [f for f in ws.to("visitor") if f.get("type") == "room.mentor_in"]

    call("$disconnect", "mentor-tab")
    drain_events()
    assert updates(ws, "visitor")[-1]["session"]["mentor_in"] is False

    status, _ = api.call("POST", f"/sessions/{sid}/end", token=room.mentor["access_token"])
    assert status == 200
    drain_events()
    last = updates(ws, "visitor")[-1]
    assert last["live_count"] == 0 and last["live_mentor_ids"] == [] and last["session"]["status"] == "completed"
    assert api.call("GET", "/live")[1]["live_count"] == 0


def test_a_booking_changes_seats_left_on_a_scheduled_card(api, market, ws):
    s = market.create(seats=2)
    watch(api, "visitor")
    status, b = market.book(s["session_id"])  # a free session: confirmed at once
    assert status == 201 and b["status"] == "confirmed", b
    drain_events()
    last = updates(ws, "visitor")[-1]
    assert last["session"]["session_id"] == s["session_id"] and last["session"]["seats_left"] == 1
    assert last["session"]["status"] == "scheduled" and last["live_count"] == 0


def test_a_private_session_is_never_counted_or_published(api, market, ws):
    from chalicelib.catalog.models import Session
    from chalicelib.live import service

    s = market.create()
    Session.get(s["session_id"]).update(actions=[Session.visibility.set("private")])  # as a live request makes

    watch(api, "visitor")
    assert service.publish_session(s["session_id"]) == 0
    assert updates(ws, "visitor") == []
