"""`sessions:{room}` is for the room's mentor and confirmed learners only: a pending or cancelled
learner and a stranger are refused with a clear error frame, and nothing is stored."""

from __future__ import annotations

from chalicelib.realtime.models import WsConnection, WsSubscription
from tests.functional.realtime.test_realtime import call


def test_only_confirmed_participants_may_subscribe_to_a_room(room, ws):
    channel = f"sessions:{room.code}"
    for who, cid in ((room.pending, "pending"), (room.cancelled, "cancelled"), (room.other, "stranger")):
        room.connect(who, cid)
        room.send(cid, "join")  # a join is refused as well
        call("$default", cid, {"action": "subscribe", "channel": channel})
        refused = ws.to(cid)[-1]
        assert refused["type"] == "error" and refused["error"] == "access_denied" and refused["channel"] == channel
        assert WsConnection.get(cid).channels is None
    assert {s.connection_id for s in WsSubscription.query(channel)} == set()

    room.connect(room.learner, "confirmed")
    call("$default", "confirmed", {"action": "subscribe", "channel": channel})
    assert ws.to("confirmed")[-1] == {"type": "subscribed", "channel": channel}
