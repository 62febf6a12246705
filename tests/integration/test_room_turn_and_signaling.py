"""The live room against real parts: a real coturn accepts the TURN credential the backend issues
(`GET /api/rooms/{code}/ice-servers`) and refuses an expired one; two real WebSocket clients join
the room through the local gateway, signal each other and chat."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import websockets

from bench._common import create_session, create_users, mint_tokens, stack_environment
from tests.support.coturn import TurnClient

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def turn_stack(coturn: Any, stack_factory: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A local stack that hands out the test coturn (relay only), as the browser tests run it."""
    stack = stack_factory(tmp_path_factory.mktemp("turn-stack"), "--no-spa",
                          env={**coturn.app_environment(), "PEERLEARN_TURN_TTL_SECONDS": "120"})
    yield stack
    code = stack.stop()
    assert code == 0, stack.stderr()[-4000:]


@pytest.fixture(scope="module")
def live_room(turn_stack: Any) -> dict[str, Any]:
    """A free session starting within 15 minutes (the room is open), its mentor and a booked learner."""
    info = turn_stack.info
    with stack_environment(info):
        mentor, = create_users(1, role="mentor", tag="it-room")
        learner, = create_users(1, role="learner", tag="it-room")
        mint_tokens([mentor, learner])
    session = create_session(info, mentor, seats=2, days_ahead=0, title="Room over real sockets")
    booked = requests.post(f"{info['api_url']}/sessions/{session['session_id']}/book", json={}, timeout=20,
                           headers={"Authorization": f"Bearer {learner.token}"})
    assert booked.status_code == 201 and booked.json()["status"] == "confirmed", booked.text
    return {"info": info, "mentor": mentor, "learner": learner, "code": session["room_code"]}


def test_coturn_accepts_the_backends_credential_and_refuses_an_expired_one(coturn: Any, live_room: Any) -> None:
    info, code = live_room["info"], live_room["code"]
    answer = requests.get(f"{info['api_url']}/rooms/{code}/ice-servers", timeout=20,
                          headers={"Authorization": f"Bearer {live_room['learner'].token}"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["ice_transport_policy"] == "relay"
    turn = next(s for s in body["ice_servers"] if s.get("username"))
    assert turn["urls"] == [coturn.turn_url]
    expiry = int(turn["username"].split(":")[0])
    assert time.time() + 100 < expiry <= time.time() + 121
    with TurnClient(coturn.host, coturn.port) as c:
        granted = c.allocate(turn["username"], turn["credential"])
    assert granted.ok, (granted.error_code, granted.error_reason)
    host, port = granted.xor_address(0x0016) or ("", 0)
    assert host == "127.0.0.1" and port > 0  # a relayed transport address on loopback

    # the same scheme with an expiry in the past: coturn itself says no
    from chalicelib.rooms.ice import turn_credential

    user_id = live_room["learner"].user_id
    stale_user, stale_password = turn_credential(coturn.secret, user_id, code, int(time.time()) - 5)
    with TurnClient(coturn.host, coturn.port) as c:
        refused = c.allocate(stale_user, stale_password)
    assert not refused.ok and refused.error_code == 401
    # and a credential signed with another secret
    forged_user, forged_password = turn_credential("not-the-secret", user_id, code, int(time.time()) + 600)
    with TurnClient(coturn.host, coturn.port) as c:
        assert c.allocate(forged_user, forged_password).error_code == 401


async def _recv(ws: Any, kind: str, timeout: float = 10.0) -> dict[str, Any]:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        left = deadline - asyncio.get_running_loop().time()
        frame = json.loads(await asyncio.wait_for(ws.recv(), max(left, 0.01)))
        if frame.get("type") == kind:
            return dict(frame)


def _ticket_url(info: dict[str, Any], token: str) -> str:
    answer = requests.post(f"{info['api_url']}/realtime/ticket", headers={"Authorization": f"Bearer {token}"},
                           timeout=20)
    assert answer.status_code == 201, answer.text
    return f"{answer.json()['url']}?ticket={answer.json()['ticket']}"


def test_two_peers_join_signal_and_chat_through_the_real_gateway(turn_stack: Any, live_room: Any) -> None:
    info, code = live_room["info"], live_room["code"]
    mentor_url = _ticket_url(info, live_room["mentor"].token)
    learner_url = _ticket_url(info, live_room["learner"].token)

    async def scenario() -> None:
        async with websockets.connect(mentor_url, origin=turn_stack.url) as m, \
                websockets.connect(learner_url, origin=turn_stack.url) as learner:
            await m.send(json.dumps({"action": "room", "type": "join", "room": code}))
            mine = await _recv(m, "room.joined")
            assert mine["peers"] == []
            await learner.send(json.dumps({"action": "room", "type": "join", "room": code}))
            theirs = await _recv(learner, "room.joined")
            assert [p["peer_id"] for p in theirs["peers"]] == [mine["you"]]
            assert (await _recv(m, "peer.joined"))["peer"]["peer_id"] == theirs["you"]
            offer = {"type": "offer", "sdp": "v=0\r\n"}
            await learner.send(json.dumps({"action": "room", "type": "signal", "room": code, "to": mine["you"],
                                           "description": offer, "from": "spoofed"}))
            relayed = await _recv(m, "signal")
            assert relayed["from"] == theirs["you"] and relayed["description"] == offer
            await m.send(json.dumps({"action": "room", "type": "chat", "room": code, "text": "<b>hi</b>",
                                     "client_id": "c1"}))
            chat = await _recv(learner, "chat")
            assert chat["message"]["text"] == "<b>hi</b>" and chat["message"]["sender_role"] == "mentor"
        # both sockets closed: $disconnect left the room for both
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            att = requests.get(f"{info['api_url']}/rooms/{code}/attendance", timeout=20,
                               headers={"Authorization": f"Bearer {live_room['mentor'].token}"}).json()
            if all(i["left_at"] for a in att["items"] for i in a["intervals"]):
                break
            await asyncio.sleep(0.2)
        assert all(a["intervals"] and a["intervals"][-1]["left_at"] for a in att["items"]), att

    asyncio.run(scenario())
