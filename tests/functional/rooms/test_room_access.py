"""Who gets into the room (REST and the `sessions:{code}` channel) and when it is open."""

from __future__ import annotations

ROUTES = ["", "/ice-servers", "/chat", "/whiteboard", "/resources", "/recordings", "/attendance"]


def test_only_the_mentor_and_confirmed_learners_get_in_over_rest(room, api, make_admin):
    for path in ROUTES:
        assert room.get(path, room.mentor)[0] == 200, path
        assert room.get(path, room.learner)[0] == 200, path
        for who in (room.other, room.pending, room.cancelled, room.admin):
            status, data = room.get(path, who)
            assert status == 403 and data["error"] == "access_denied" and data["message"] == "Access denied", (path, data)
        status, data = room.get(path, None)
        assert status == 401 and data["auth_flow"] == "login"
    status, r = room.get("", room.learner)
    assert r["role"] == "learner" and [p["role"] for p in r["participants"]] == ["mentor", "learner"]
    assert [t["title"] for t in r["state"]["topics"]] == ["Algebra", "Equations", "Graphs"]
    assert r["state"]["recording"] == {"status": "off", "asked_by": None, "accepted_by": []}
    assert r["state"]["both_present"] is False and r["state"]["elapsed_seconds"] == 0
    assert r["booking_id"] == room.booking_id  # the learner's own seat (a gift from the room names it)
    assert room.get("", room.mentor)[1]["booking_id"] is None
    assert api.call("GET", "/rooms/nope-nope", token=room.learner["access_token"])[0] == 404


def test_only_participants_join_or_subscribe_on_the_channel(room, api, make_admin):
    for i, who in enumerate((room.other, room.pending, room.cancelled, room.admin)):
        cid = room.connect(who, f"x{i}")
        reply = room.send(cid, "join")
        assert reply["type"] == "error" and reply["error"] == "access_denied" and reply["ref_type"] == "join"
        from tests.functional.realtime.test_realtime import call

        call("$default", cid, {"action": "subscribe", "channel": f"sessions:{room.code}"})
        assert room.ws.to(cid)[-1]["error"] == "access_denied"
    from chalicelib.rooms.models import Attendance, RoomPeer

    assert list(RoomPeer.query(room.code)) == [] and list(Attendance.query(room.code)) == []
    # a participant may subscribe to the channel (while the room is open)
    cid = room.connect(room.learner, "l1")
    from tests.functional.realtime.test_realtime import call

    call("$default", cid, {"action": "subscribe", "channel": f"sessions:{room.code}"})
    assert room.ws.to(cid)[-1] == {"type": "subscribed", "channel": f"sessions:{room.code}"}


def test_the_window_opens_15_minutes_before_the_start_and_closes_with_the_session(room, api):
    room.at(-16 * 60)
    cid = room.connect(room.learner, "l1")
    reply = room.send(cid, "join")
    assert reply["error"] == "room_closed" and reply["opens_at"] == room.session["starts_at"][:11] + reply["opens_at"][11:]
    mentor = room.connect(room.mentor, "m1")
    assert room.send(mentor, "join")["error"] == "room_closed"
    room.at(-15 * 60)
    room.tick()
    assert room.send(cid, "join")["type"] == "presence" or room.frames(cid, "room.joined")
    # once completed nobody joins, but history stays readable for participants
    room.tick()
    assert room.post("/end", room.mentor)[0] == 200
    room.tick()
    fresh = room.connect(room.learner, "l2")
    reply = room.send(fresh, "join")
    assert reply["error"] == "room_closed" and "completed" in reply["message"]
    assert room.get("/chat", room.learner)[0] == 200
    assert room.get("/pack", room.learner)[0] == 200


def test_the_mentor_joins_a_live_session(room, api):
    from chalicelib.catalog import service as catalog

    room.at(-15 * 60)
    catalog.go_live(room.mentor["user"]["user_id"], room.session["session_id"])
    joined = room.join(room.mentor, "m1")
    assert joined["you"] == "m1" and joined["peers"] == []
