"""Lossless reconnect (per-user sequence + replay), anonymous connections, presence and the
per-connection message limit."""

from __future__ import annotations

import time
from typing import Any

import pytest

from chalicelib.core import clock
from chalicelib.realtime.models import WsConnection, WsSubscription, WsUserEvent
from chalicelib.realtime.service import PUBLIC_LIVE, push
from tests.functional.conftest import drain_events
from tests.functional.realtime.test_realtime import call, ticket


def anon_ticket(api: Any) -> str:
    status, data = api.call("POST", "/realtime/ticket/anonymous")
    assert status == 201 and data["expires_in"] == 60, data
    return str(data["ticket"])


def errors(ws: Any, cid: str) -> list[dict[str, Any]]:
    return [f for f in ws.to(cid) if f.get("type") == "error"]


# ---------- sequence and replay ----------

def test_every_push_is_numbered_per_user_and_replayed_in_order(api, make_user, ws):
    a, b = make_user(), make_user()
    uid_a, uid_b = a["user"]["user_id"], b["user"]["user_id"]
    assert push(uid_a, {"type": "probe", "n": 0}) == 0  # no connection: stored all the same
    for n in range(1, 6):
        push(uid_a, {"type": "probe", "n": n})
    push(uid_b, {"type": "probe", "n": 99})

    status, page = api.call("GET", "/realtime/events?since=0&limit=2", token=a["access_token"])
    assert status == 200
    seqs = [f["seq"] for f in page["items"]]
    assert seqs == sorted(seqs) and len(seqs) == 2 and page["next_cursor"]
    everything = list(page["items"])
    while page["next_cursor"]:
        status, page = api.call("GET", f"/realtime/events?since=0&limit=2&cursor={page['next_cursor']}",
                                token=a["access_token"])
        assert status == 200
        everything += page["items"]
    probes = [f for f in everything if f["type"] == "probe"]
    assert [f["n"] for f in probes] == [0, 1, 2, 3, 4, 5]  # in order, exactly once, none of b's
    all_seqs = [f["seq"] for f in everything]
    assert all_seqs == list(range(1, len(all_seqs) + 1)) and page["last_seq"] == all_seqs[-1]

    since = probes[3]["seq"]
    status, tail = api.call("GET", f"/realtime/events?since={since}", token=a["access_token"])
    assert [f["n"] for f in tail["items"] if f["type"] == "probe"] == [4, 5]
    status, theirs = api.call("GET", "/realtime/events?since=0", token=b["access_token"])
    assert [f.get("n") for f in theirs["items"] if f["type"] == "probe"] == [99]


def test_a_dropped_tab_replays_exactly_what_it_missed(api, make_user, ws):
    user = make_user()
    uid = user["user"]["user_id"]
    for cid in ("tab1", "tab2"):
        call("$connect", cid, query={"ticket": ticket(api, user["access_token"])})
        call("$default", cid, {"action": "subscribe", "channel": f"notifications:{uid}"})
    push(uid, {"type": "probe", "n": 1})
    seen = ws.to("tab2")[-1]["seq"]
    ws.gone.add("tab2")  # the tab's socket died
    push(uid, {"type": "probe", "n": 2})
    push(uid, {"type": "probe", "n": 3})
    assert [f["n"] for f in ws.to("tab1") if f["type"] == "probe"] == [1, 2, 3]

    call("$connect", "tab2b", query={"ticket": ticket(api, user["access_token"])})
    call("$default", "tab2b", {"action": "subscribe", "channel": f"notifications:{uid}"})
    subscribed = next(f for f in ws.to("tab2b") if f["type"] == "subscribed")
    assert subscribed["last_seq"] == seen + 2  # the tab learns it is behind
    status, page = api.call("GET", f"/realtime/events?since={seen}", token=user["access_token"])
    assert status == 200 and [f["n"] for f in page["items"]] == [2, 3]


@pytest.mark.parametrize("query", ["since=-1", "since=abc", "limit=0", "limit=101", "cursor=not-a-cursor",
                                   "since=0&extra=1"])
def test_bad_replay_queries_are_400_and_change_nothing(api, make_user, query):
    user = make_user()
    before = WsUserEvent.count(user["user"]["user_id"])
    status, data = api.call("GET", f"/realtime/events?{query}", token=user["access_token"])
    assert status == 400, data
    assert WsUserEvent.count(user["user"]["user_id"]) == before


def test_someone_elses_cursor_is_refused(api, make_user):
    a, b = make_user(), make_user()
    for n in range(3):
        push(a["user"]["user_id"], {"type": "probe", "n": n})
    _, page = api.call("GET", "/realtime/events?limit=1", token=a["access_token"])
    status, data = api.call("GET", f"/realtime/events?cursor={page['next_cursor']}", token=b["access_token"])
    assert status == 400 and data["error"] == "bad_cursor"


def test_replay_needs_a_signed_in_user(api):
    status, _ = api.call("GET", "/realtime/events?since=0")
    assert status == 401


# ---------- anonymous connections ----------

def test_a_signed_out_visitor_listens_to_public_live_only(api, make_user, ws):
    other = make_user()
    call("$connect", "anon", query={"ticket": anon_ticket(api)})
    conn = WsConnection.get("anon")
    assert conn.role == "anonymous" and conn.user_id.startswith("anon-")

    call("$default", "anon", {"action": "subscribe", "channel": PUBLIC_LIVE})
    assert ws.to("anon")[-1] == {"type": "subscribed", "channel": PUBLIC_LIVE}

    for channel in (f"notifications:{other['user']['user_id']}", f"notifications:{conn.user_id}", "sessions:abc"):
        call("$default", "anon", {"action": "subscribe", "channel": channel})
        refused = ws.to("anon")[-1]
        assert refused["type"] == "error" and refused["error"] == "access_denied", refused
        assert "Sign in" in refused["message"] and refused["channel"] == channel
    call("$default", "anon", {"action": "room", "type": "join", "room": "abc"})
    assert ws.to("anon")[-1]["error"] == "access_denied"
    assert set(WsConnection.get("anon").channels or []) == {PUBLIC_LIVE}  # nothing else stored
    assert list(WsSubscription.query(f"notifications:{other['user']['user_id']}")) == []


def test_signed_in_users_may_listen_to_public_live_too(api, make_user, ws):
    user = make_user()
    call("$connect", "c1", query={"ticket": ticket(api, user["access_token"])})
    call("$default", "c1", {"action": "subscribe", "channel": PUBLIC_LIVE})
    assert ws.to("c1")[-1] == {"type": "subscribed", "channel": PUBLIC_LIVE}


# ---------- bad input stores nothing ----------

def test_bad_frames_store_nothing(api, make_user, ws):
    user = make_user()
    uid = user["user"]["user_id"]
    call("$connect", "c1", query={"ticket": ticket(api, user["access_token"])})
    events_before = WsUserEvent.count(uid)
    for body in ("{not json", "[1, 2]", '{"action": 7}', '{"action": "teleport", "channel": "x"}',
                 '{"action": "subscribe", "channel": "' + "x" * 33_000 + '"}'):
        call("$default", "c1", body)
    assert [e["error"] for e in errors(ws, "c1")] == ["bad_message", "bad_message", "bad_message",
                                                      "unknown_action", "too_large"]
    assert all(e["message"] for e in errors(ws, "c1"))
    assert WsConnection.get("c1").channels is None and WsUserEvent.count(uid) == events_before


# ---------- throttling ----------

def test_more_frames_a_second_than_allowed_are_throttled(api, make_user, ws, monkeypatch):
    monkeypatch.setenv("PEERLEARN_WS_MESSAGES_PER_SECOND", "3")
    now = {"t": float(int(time.time())) + 0.2}
    clock.set_clock(lambda: now["t"])
    user = make_user()
    call("$connect", "c1", query={"ticket": ticket(api, user["access_token"])})
    call("$connect", "c2", query={"ticket": ticket(api, user["access_token"])})
    for _ in range(5):
        call("$default", "c1", {"action": "ping"})
    call("$default", "c1", "junk counts too")
    frames = ws.to("c1")
    assert frames[:3] == [{"type": "pong"}] * 3
    throttled = frames[3:]
    assert len(throttled) == 3 and all(f["error"] == "throttled" for f in throttled)
    assert "at most 3 a second" in throttled[0]["message"] and 0 < throttled[0]["retry_after_ms"] <= 1000
    call("$default", "c1", {"action": "subscribe", "channel": f"notifications:{user['user']['user_id']}"})
    assert ws.to("c1")[-1]["error"] == "throttled" and WsConnection.get("c1").channels is None

    call("$default", "c2", {"action": "ping"})  # the limit is per connection
    assert ws.to("c2")[-1] == {"type": "pong"}
    now["t"] += 1.0  # the next second
    call("$default", "c1", {"action": "ping"})
    assert ws.to("c1")[-1] == {"type": "pong"}


# ---------- presence ----------

def test_presence_follows_connections_across_tabs(api, make_user, ws, clock_at):
    mentor, learner = make_user("mentor"), make_user()
    mid, lid = mentor["user"]["user_id"], learner["user"]["user_id"]
    ids = f"{mid},{lid}"
    assert api.call("GET", f"/presence?user_ids={ids}")[1] == {"online": []}

    call("$connect", "watch", query={"ticket": anon_ticket(api)})
    call("$default", "watch", {"action": "subscribe", "channel": PUBLIC_LIVE})
    call("$connect", "m1", query={"ticket": ticket(api, mentor["access_token"])})
    call("$connect", "m2", query={"ticket": ticket(api, mentor["access_token"])})
    call("$connect", "l1", query={"ticket": ticket(api, learner["access_token"])})
    drain_events()  # the presence event, through the outbox
    assert ws.to("watch")[-1] == {"type": "presence", "user_id": mid, "online": True, "channel": PUBLIC_LIVE}
    assert all(f.get("user_id") != lid for f in ws.to("watch"))  # learners are not broadcast

    assert api.call("GET", f"/presence?user_ids={ids}")[1] == {"online": [mid]}  # signed out: mentors only
    assert api.call("GET", f"/presence?user_ids={ids}", token=mentor["access_token"])[1] == {"online": [mid, lid]}

    call("$disconnect", "m1")  # another tab is still open
    assert api.call("GET", f"/presence?user_ids={mid}")[1] == {"online": [mid]}
    call("$disconnect", "m2")
    assert api.call("GET", f"/presence?user_ids={mid}")[1] == {"online": []}
    drain_events()
    assert ws.to("watch")[-1] == {"type": "presence", "user_id": mid, "online": False, "channel": PUBLIC_LIVE}

    from chalicelib.realtime.service import online_among

    assert online_among([lid]) == [lid]
    clock_at(2 * 3600 + 1)  # a connection that never said goodbye expires with its TTL
    assert online_among([lid]) == []


def test_presence_query_limits(api):
    assert api.call("GET", "/presence")[0] == 400
    many = ",".join(f"u{i}" for i in range(51))
    status, data = api.call("GET", f"/presence?user_ids={many}")
    assert status == 400 and data["error"] == "too_many_users"


def test_the_admin_view_lists_online_users_by_role(api, make_user, ws):
    from chalicelib.realtime.service import online_by_role

    mentor = make_user("mentor")
    call("$connect", "m1", query={"ticket": ticket(api, mentor["access_token"])})
    call("$connect", "a1", query={"ticket": anon_ticket(api)})
    rows, _ = online_by_role("mentor", None, 10)
    assert [r.user_id for r in rows] == [mentor["user"]["user_id"]]
    rows, _ = online_by_role("anonymous", None, 10)
    assert len(rows) == 1
