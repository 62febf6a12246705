"""Signaling: peers, relay only within the room, no spoofing, tab replacement, limits, attendance."""

from __future__ import annotations

import json

from chalicelib.core.events import OutboxEvent
from chalicelib.rooms.models import Attendance, ChatMessage, RoomPeer, WhiteboardBatch
from tests.functional.realtime.test_realtime import call

OFFER = {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}


def events_of(kind):
    return [json.loads(e.payload) for e in OutboxEvent.scan() if e.type == kind]  # a test may scan


def test_join_relay_and_leave(room):
    m = room.join(room.mentor, "m1")
    assert m["you"] == "m1" and m["peers"] == [] and m["state"]["both_present"] is False
    joined = room.join(room.learner, "l1")
    assert [p["peer_id"] for p in joined["peers"]] == ["m1"]
    assert joined["peers"][0]["role"] == "mentor" and joined["peers"][0]["media"] == {
        "audio": True, "video": True, "screen": False}
    peer_joined = room.frames("m1", "peer.joined")[-1]
    assert peer_joined["peer"]["peer_id"] == "l1" and peer_joined["peer"]["user_id"] == room.learner["user"]["user_id"]
    assert room.frames("m1", "presence")[-1]["both_present"] is True

    # the newcomer offers; the relay names the sender by its connection, whatever the frame claims
    room.send("l1", "signal", to="m1", description=OFFER, **{"from": "forged", "sender_id": "someone"})
    relayed = room.frames("m1", "signal")[-1]
    assert relayed == {"type": "signal", "room": room.code, "from": "l1", "description": OFFER}
    room.send("m1", "signal", to="l1", candidate={"candidate": "candidate:1 1 udp 1 127.0.0.1 5000 typ host",
                                                   "sdpMid": "0", "sdpMLineIndex": 0})
    assert room.frames("l1", "signal")[-1]["from"] == "m1"
    # a burst of trickled candidates travels as one frame, relayed as one
    burst = [{"candidate": f"candidate:{i} 1 udp 1 127.0.0.1 {5000 + i} typ host", "sdpMid": "0",
              "sdpMLineIndex": 0} for i in range(8)]
    room.send("m1", "signal", to="l1", candidates=burst)
    assert room.frames("l1", "signal")[-1] == {"type": "signal", "room": room.code, "from": "m1",
                                                "candidates": burst}

    room.send("l1", "media", audio=False, video=True, screen=True)
    assert room.frames("m1", "media")[-1] == {"type": "media", "from": "l1", "audio": False, "video": True,
                                              "screen": True, "room": room.code, "channel": f"sessions:{room.code}"}
    assert room.frames("l1", "media") == []  # not echoed
    room.send("l1", "quality", level="poor")
    assert room.frames("m1", "quality")[-1]["level"] == "poor"

    room.send("l1", "leave")
    assert room.frames("m1", "peer.left")[-1]["peer"]["peer_id"] == "l1"
    assert room.frames("m1", "presence")[-1]["both_present"] is False
    assert [p.connection_id for p in RoomPeer.query(room.code)] == ["m1"]
    learner_id = room.learner["user"]["user_id"]
    intervals = [a for a in Attendance.query(room.code) if a.user_id == learner_id]
    assert len(intervals) == 1 and intervals[0].left_at is not None
    # the learner's leave ends only their side: the mentor is still in, the session is not over
    assert room.get("", room.mentor)[1]["session"]["status"] == "scheduled"
    room.tick()
    assert room.send("l1", "signal", to="m1", description=OFFER)["error"] == "not_in_room"


def test_the_join_carries_the_joiners_media_state(room):
    room.join(room.mentor, "m1", media={"audio": False, "video": True, "screen": False})
    joined = room.join(room.learner, "l1", media={"audio": True, "video": False, "screen": False})
    assert joined["peers"][0]["media"] == {"audio": False, "video": True, "screen": False}
    assert room.frames("m1", "peer.joined")[-1]["peer"]["media"] == {"audio": True, "video": False, "screen": False}
    assert room.send("l1", "join", media={"audio": "yes"})["error"] == "bad_message"
    assert room.frames("m1", "peer.joined")[-1]["peer"]["media"]["video"] is False  # the bad join changed nothing


def test_attendance_intervals_and_events_are_written_together(room):
    from tests.functional.conftest import drain_events

    room.join(room.mentor, "m1")
    room.join(room.learner, "l1")
    room.tick(30)
    call("$disconnect", "l1")  # $disconnect is a leave
    assert room.frames("m1", "peer.left")[-1]["peer"]["peer_id"] == "l1"
    room.tick(5)
    room.join(room.learner, "l2")
    joined, left = events_of("room.attendance.joined"), events_of("room.attendance.left")
    assert len(joined) == 3 and len(left) == 1
    assert left[0]["user_id"] == room.learner["user"]["user_id"] and left[0]["role"] == "learner"
    assert left[0]["session_id"] == room.session["session_id"] and left[0]["room_code"] == room.code
    drain_events()
    status, att = room.get("/attendance", room.mentor)
    assert status == 200
    learner = next(a for a in att["items"] if a["role"] == "learner")
    assert len(learner["intervals"]) == 2 and learner["intervals"][0]["left_at"] is not None
    assert learner["intervals"][1]["left_at"] is None and 30 <= learner["total_seconds"] <= 40
    # the timer pauses while one side is away
    state = room.get("", room.learner)[1]["state"]
    assert state["both_present"] is True and 30 <= state["elapsed_seconds"] <= 40
    assert state["call_started_at"] is not None
    # a learner sees the mentor's and their own attendance only
    _, mine = room.get("/attendance", room.learner)
    assert {a["role"] for a in mine["items"]} == {"mentor", "learner"}


def test_relay_never_leaves_the_room(room):
    room.join(room.mentor, "m1")
    room.join(room.learner, "l1")
    # a connection that is not a peer of this room is unknown here; a room you did not join refuses you
    room.connect(room.other, "o1")
    assert room.send("l1", "signal", to="o1", description=OFFER)["error"] == "unknown_peer"
    assert room.ws.to("o1") == []
    assert room.send("o1", "signal", to="m1", description=OFFER)["error"] == "not_in_room"
    assert room.send("l1", "signal", room="other-room", to="m1", description=OFFER)["error"] == "not_in_room"
    assert room.send("l1", "signal", to="l1", description=OFFER)["error"] == "unknown_peer"
    assert [m for m in room.ws.to("m1") if m.get("type") == "signal"] == []


def test_a_newer_tab_replaces_the_older(room):
    room.join(room.mentor, "m1")
    room.join(room.learner, "tab1")
    room.tick()
    second = room.join(room.learner, "tab2")
    assert [p["peer_id"] for p in second["peers"]] == ["m1"]
    assert room.frames("tab1", "room.replaced")
    assert sorted(p.connection_id for p in RoomPeer.query(room.code)) == ["m1", "tab2"]
    assert room.frames("m1", "peer.left")[-1]["peer"]["peer_id"] == "tab1"
    room.tick()
    assert room.send("tab1", "signal", to="m1", description=OFFER)["error"] == "not_in_room"


def test_bad_frames_get_error_frames_and_store_nothing(room):
    room.join(room.mentor, "m1")
    room.join(room.learner, "l1")
    call("$default", "l1", "{not json")
    assert room.ws.to("l1")[-1]["error"] == "bad_message"
    cases = [
        ({"type": "teleport"}, "bad_message"),
        ({"type": "chat", "text": "", "client_id": "a"}, "bad_message"),
        ({"type": "chat", "text": "hi"}, "bad_message"),
        ({"type": "chat", "text": "x" * 2001, "client_id": "b"}, "bad_message"),
        ({"type": "chat", "text": "hi", "client_id": "c" * 41}, "bad_message"),
        ({"type": "signal", "to": "m1"}, "bad_message"),
        ({"type": "signal", "to": "m1", "description": {"type": "bogus", "sdp": ""}}, "bad_message"),
        ({"type": "signal", "to": "m1", "candidates": []}, "bad_message"),
        ({"type": "signal", "to": "m1", "candidates": [{"candidate": "c"}] * 33}, "bad_message"),
        ({"type": "signal", "to": "m1", "candidates": [{"candidate": "c", "evil": 1}]}, "bad_message"),
        ({"type": "signal", "to": "m1", "candidates": [{"candidate": "c"}], "description": OFFER}, "bad_message"),
        ({"type": "signal", "to": "m1", "description": {"type": "offer", "sdp": "x" * 17000}}, "too_large"),
        ({"type": "media", "audio": "yes", "video": True, "screen": False}, "bad_message"),
        ({"type": "quality", "level": "superb"}, "bad_message"),
        ({"type": "wb", "ops": []}, "bad_message"),
        ({"type": "wb", "ops": [{"op": "stroke", "id": "s", "tool": "pen", "color": "red", "width": 2,
                                 "points": [[0, 0]]}]}, "bad_message"),
        ({"type": "wb", "ops": [{"op": "stroke", "id": "s", "tool": "pen", "color": "#112233", "width": 2,
                                 "points": [[0.5, 1.5]]}]}, "bad_message"),
        ({"type": "wb", "ops": [{"op": "clear"}]}, "access_denied"),  # the mentor's
        ({"type": "wb", "ops": [{"op": "stroke", "id": "s", "tool": "pen", "color": "#112233", "width": 2,
                                 "points": [[0.123456789, 0.123456789]] * 1000}]}, "too_large"),
    ]
    for frame, code in cases:
        room.tick()
        call("$default", "l1", {"action": "room", "room": room.code, **frame})
        last = room.ws.to("l1")[-1]
        assert last["type"] == "error" and last["error"] == code, (frame, last)
    assert list(ChatMessage.query(room.code)) == [] and list(WhiteboardBatch.query(room.code)) == []
    assert [m for m in room.ws.to("m1") if m.get("type") in ("chat", "wb", "signal", "media", "quality")] == []


def test_rate_limits_per_connection_and_kind(room):
    room.join(room.mentor, "m1")
    room.join(room.learner, "l1")
    room.freeze()
    for i in range(5):
        room.send("l1", "chat", text=f"hello {i}", client_id=f"c{i}")
    reply = room.send("l1", "chat", text="one too many", client_id="c5")
    assert reply["error"] == "rate_limited" and 0 < reply["retry_after_ms"] <= 1000
    # it names the refused line, so that the client sends that one again when the window opens
    assert reply["ref_type"] == "chat" and reply["ref_id"] == "c5"
    # other kinds and other connections keep being served
    room.send("l1", "quality", level="good")
    assert room.frames("m1", "quality")
    room.send("m1", "chat", text="mentor still talks", client_id="m")
    assert room.frames("l1", "chat")[-1]["message"]["text"] == "mentor still talks"
    assert len(list(ChatMessage.query(room.code))) == 6
    room.tick()
    room.send("l1", "chat", text="next second", client_id="c6")
    assert room.frames("m1", "chat")[-1]["message"]["text"] == "next second"
    room.send("l1", "quality", level="fair")
    assert room.send("l1", "quality", level="poor")["error"] == "rate_limited"


def test_chat_is_stored_once_paged_and_kept_as_text(room):
    room.join(room.mentor, "m1")
    room.join(room.learner, "l1")
    script = '<script>alert("x")</script><b>bold</b>'
    room.tick()
    room.send("l1", "chat", text=f"  {script}  ", client_id="same")
    room.send("l1", "chat", text="a retry with the same client id", client_id="same")
    got = room.frames("m1", "chat")
    assert len(got) == 1 and got[0]["message"]["text"] == script
    assert got[0]["message"]["sender_id"] == room.learner["user"]["user_id"]
    assert got[0]["message"]["sender_role"] == "learner"
    assert len(room.frames("l1", "chat")) == 2  # the retry is answered to the sender only
    for i in range(7):
        if i % 4 == 3:
            room.tick()
        room.send("m1", "chat", text=f"m{i}", client_id=f"m{i}")
    texts, cursor = [], None
    while True:
        status, page = room.get("/chat?limit=3" + (f"&cursor={cursor}" if cursor else ""), room.learner)
        assert status == 200 and len(page["items"]) <= 3
        texts += [m["text"] for m in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert texts == [script] + [f"m{i}" for i in range(7)]
    assert room.get("/chat?cursor=bogus", room.learner)[0] == 400
    assert room.get("/chat?limit=1000", room.learner)[0] == 400


def test_whiteboard_seq_order_and_a_late_joiner_sees_everything(room):
    room.join(room.mentor, "m1")
    stroke = {"op": "stroke", "id": "s1", "tool": "pen", "color": "#1e3a8a", "width": 3,
              "points": [[0.1, 0.1], [0.2, 0.25]]}
    room.send("m1", "wb", ops=[stroke])
    room.send("m1", "wb", ops=[{**stroke, "points": [[0.3, 0.3]]}])
    room.send("m1", "wb", ops=[{"op": "undo", "id": "s1"}])
    room.send("m1", "wb", ops=[{"op": "clear"}])
    seqs = [f["batch"]["seq"] for f in room.frames("m1", "wb")]
    assert seqs == [1, 2, 3, 4]
    late = room.join(room.learner, "l1")
    assert late["peers"][0]["peer_id"] == "m1"
    _, page = room.get("/whiteboard", room.learner)
    assert [b["seq"] for b in page["items"]] == [1, 2, 3, 4] and page["next_cursor"] is None
    assert page["items"][0]["ops"][0]["points"] == [[0.1, 0.1], [0.2, 0.25]]
    assert page["items"][3]["ops"] == [{"op": "clear"}]
    room.send("l1", "wb", ops=[{**stroke, "id": "l-1"}])
    assert room.frames("m1", "wb")[-1]["batch"]["seq"] == 5
    assert room.frames("m1", "wb")[-1]["batch"]["sender_id"] == room.learner["user"]["user_id"]


def test_a_session_the_clock_completes_closes_its_room(room):
    from chalicelib.catalog import service as catalog
    from tests.functional.conftest import drain_events

    room.join(room.mentor, "m1")
    room.join(room.learner, "l1")
    room.at(room.session["duration_min"] * 60 + 300)  # the schedule (every 5 minutes) completes it
    assert catalog.complete_ended()["completed"] == 1
    drain_events()
    for cid in ("m1", "l1"):
        assert room.frames(cid, "room.ended")[-1]["reason"] == "completed"
    assert list(RoomPeer.query(room.code)) == []
    assert all(a.left_at is not None for a in Attendance.query(room.code))  # attendance stops counting
    drain_events()  # a second delivery finds nobody and changes nothing
    assert len(room.frames("l1", "room.ended")) == 1


def test_a_join_that_loses_the_race_on_its_own_socket_is_answered_not_failed(room, monkeypatch):
    """Two joins on one socket (the client's retry, or a join sent twice) both read the peers before
    either wrote: the second's transaction is cancelled; it answers room.joined once more, opens no
    second interval and announces nobody twice."""
    room.join(room.mentor, "m1")
    room.join(room.learner, "l1")
    announced = len(room.frames("m1", "peer.joined"))
    from chalicelib.rooms import state

    real_peers = state.peers
    monkeypatch.setattr(state, "peers", lambda code: [p for p in real_peers(code) if p.connection_id != "l1"])
    room.send("l1", "join")
    assert room.frames("l1", "room.joined")[-1]["you"] == "l1"
    assert room.errors("l1") == []
    learner_id = room.learner["user"]["user_id"]
    assert len([a for a in Attendance.query(room.code) if a.user_id == learner_id]) == 1
    assert len(room.frames("m1", "peer.joined")) == announced
    monkeypatch.setattr(state, "peers", real_peers)
    room.send("l1", "signal", to="m1", description=OFFER)
    assert room.frames("m1", "signal")[-1]["from"] == "l1"  # still in the room, relaying


def test_a_join_whose_transaction_is_cancelled_for_another_reason_asks_for_a_retry(room, monkeypatch):
    from pynamodb.exceptions import TransactWriteError

    from chalicelib.rooms import attendance

    room.join(room.mentor, "m1")
    real_open = attendance.open_interval

    def conflicted(*args, **kwargs):
        raise TransactWriteError("TransactionCanceledException: [TransactionConflict]")

    monkeypatch.setattr(attendance, "open_interval", conflicted)
    room.connect(room.learner, "l1")
    answer = room.send("l1", "join")
    assert answer["error"] == "join_conflict" and answer["ref_type"] == "join" and answer["retry_after_ms"] > 0
    assert [p.connection_id for p in RoomPeer.query(room.code)] == ["m1"]
    monkeypatch.setattr(attendance, "open_interval", real_open)
    assert room.join(room.learner, "l1")["you"] == "l1"  # the retry gets in
