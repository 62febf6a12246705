"""WebSocket base: single-use 60 s tickets, stored connections, ping/subscribe, push fan-out."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.realtime.models import WsConnection


def ws_event(route: str, connection_id: str, body: str | None = None, query: dict[str, str] | None = None) -> dict[str, Any]:
    event_type = {"$connect": "CONNECT", "$disconnect": "DISCONNECT", "$default": "MESSAGE"}[route]
    return {
        "requestContext": {"routeKey": route, "eventType": event_type, "connectionId": connection_id,
                           "apiId": "abc123", "stage": "ws", "domainName": "ws.test",
                           "requestTimeEpoch": 0, "messageDirection": "IN"},
        "queryStringParameters": query, "headers": {}, "body": body, "isBase64Encoded": False,
    }


def call(route: str, cid: str, body: dict[str, Any] | str | None = None, query: dict[str, str] | None = None) -> dict[str, Any]:
    import app as entry

    # The same Lambda entry points API Gateway invokes.
    handler = {"$connect": entry.ws_connect, "$disconnect": entry.ws_disconnect, "$default": entry.ws_message}[route]
    raw = body if isinstance(body, str) or body is None else json.dumps(body)
    return handler(ws_event(route, cid, raw, query), {})


def ticket(api, token: str) -> str:
    status, data = api.call("POST", "/realtime/ticket", token=token)
    assert status == 201 and data["expires_in"] == 60 and data["url"] == "ws://ws.test"
    return data["ticket"]


def test_connect_needs_a_valid_single_use_ticket(api, make_user, ws):
    token = make_user()["access_token"]
    assert call("$connect", "c0")["statusCode"] == 401  # no ticket
    assert call("$connect", "c0", query={"ticket": "made-up"})["statusCode"] == 401
    t = ticket(api, token)
    assert call("$connect", "c1", query={"ticket": t})["statusCode"] == 200
    reply = call("$connect", "c2", query={"ticket": t})
    assert reply["statusCode"] == 401 and "already used" in json.loads(reply["body"])["message"]
    assert WsConnection.get("c1").expires_at > 0


def test_expired_ticket_is_refused_even_if_the_item_still_exists(api, make_user, clock_at):
    token = make_user()["access_token"]
    t = ticket(api, token)
    clock_at(61)  # DynamoDB TTL would delete it eventually; the code must not wait for that
    reply = call("$connect", "c1", query={"ticket": t})
    assert reply["statusCode"] == 401 and "expired" in json.loads(reply["body"])["message"]


def test_ticket_needs_a_signed_in_user(api):
    status, data = api.call("POST", "/realtime/ticket")
    assert status == 401 and data["auth_flow"] == "login"


def test_ping_subscribe_and_pushed_notification(api, make_user, ws):
    user = make_user()
    call("$connect", "c1", query={"ticket": ticket(api, user["access_token"])})
    call("$default", "c1", {"action": "ping"})
    assert ws.to("c1")[-1] == {"type": "pong"}
    uid = user["user"]["user_id"]
    call("$default", "c1", {"action": "subscribe", "channel": f"notifications:{uid}"})
    assert {"type": "subscribed", "channel": f"notifications:{uid}", "last_seq": 1} in ws.to("c1")  # the welcome notice
    assert ws.to("c1")[-1] == {"type": "unread_count", "unread_count": 1}  # the welcome

    from chalicelib.notifications.service import notify

    notify(uid, "welcome", "Welcome to PeerLearn")
    pushed = ws.to("c1")[-1]
    assert pushed["type"] == "notification" and pushed["unread_count"] == 2 and pushed["seq"] == 2
    assert pushed["notification"]["title"] == "Welcome to PeerLearn"


def test_cannot_subscribe_to_someone_elses_notifications(api, make_user, ws):
    a, b = make_user(), make_user()
    call("$connect", "c1", query={"ticket": ticket(api, a["access_token"])})
    call("$default", "c1", {"action": "subscribe", "channel": f"notifications:{b['user']['user_id']}"})
    assert ws.to("c1")[-1]["type"] == "error" and ws.to("c1")[-1]["error"] == "access_denied"
    call("$default", "c1", {"action": "subscribe", "channel": "sessions:xyz"})
    assert ws.to("c1")[-1]["error"] == "access_denied"


def test_a_sign_in_elsewhere_rings_the_bell_in_real_time(api, make_user, ws):
    user = make_user()
    call("$connect", "c1", query={"ticket": ticket(api, user["access_token"])})
    api.call("POST", "/auth/login", {"email": user["email"], "password": user["password"]})
    pushed = ws.to("c1")[-1]
    assert pushed["notification"]["title"] == "New sign-in to your account" and pushed["unread_count"] == 2


def test_bad_frames_get_typed_errors(api, make_user, ws):
    user = make_user()
    call("$connect", "c1", query={"ticket": ticket(api, user["access_token"])})
    call("$default", "c1", "not json")
    assert ws.to("c1")[-1]["error"] == "bad_message"
    call("$default", "c1", {"action": "teleport"})
    assert ws.to("c1")[-1]["error"] == "unknown_action"
    call("$default", "c1", {"action": "ping", "pad": "x" * 40_000})
    assert ws.to("c1")[-1]["error"] == "too_large"


def test_push_reaches_every_connection_and_drops_gone_ones(api, make_user, ws):
    user = make_user()
    uid = user["user"]["user_id"]
    for cid in ("tab1", "tab2", "phone"):
        call("$connect", cid, query={"ticket": ticket(api, user["access_token"])})
    ws.gone.add("phone")
    from chalicelib.realtime.service import push

    assert push(uid, {"type": "hello"}) == 2
    assert ws.to("tab1")[-1] == ws.to("tab2")[-1] == {"type": "hello", "seq": 2}  # 1 was the welcome notice
    assert [c.connection_id for c in WsConnection.by_user.query(uid)] and "phone" not in {
        c.connection_id for c in WsConnection.by_user.query(uid)}


def test_disconnect_cleans_up(api, make_user, ws):
    user = make_user()
    uid = user["user"]["user_id"]
    call("$connect", "c1", query={"ticket": ticket(api, user["access_token"])})
    call("$default", "c1", {"action": "subscribe", "channel": f"notifications:{uid}"})
    call("$disconnect", "c1")
    from chalicelib.realtime.models import WsSubscription
    from chalicelib.realtime.service import push

    assert list(WsSubscription.query(f"notifications:{uid}")) == []
    assert push(uid, {"type": "hello"}) == 0


def test_expired_connection_is_not_served(api, make_user, ws, clock_at):
    user = make_user()
    call("$connect", "c1", query={"ticket": ticket(api, user["access_token"])})
    clock_at(2 * 3600 + 1)
    call("$default", "c1", {"action": "ping"})
    assert ws.to("c1")[-1]["error"] == "connection_expired"
    from chalicelib.realtime.service import push

    assert push(user["user"]["user_id"], {"type": "hello"}) == 0
