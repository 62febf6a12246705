"""Direct messages: who may talk, unread counts, delivered/read ticks, live frames, blocking."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from chalicelib.messages import service
from chalicelib.messages.models import Conversation, DirectMessage, pair_key
from tests.functional.conftest import at_quarter
from tests.functional.realtime.test_realtime import call, ticket


def uid(user):
    return user["user"]["user_id"]


def booked(market):
    """The learner books one of the mentor's sessions: the two may talk."""
    s = market.create()
    status, b = market.book(s["session_id"])
    assert status == 201, b
    return b


def send(api, who, to, text="Hi! Looking forward to the session."):
    return api.call("POST", f"/conversations/{uid(to)}/messages", {"body": text}, token=who["access_token"])


def stored(a, b):
    return list(DirectMessage.query(pair_key(uid(a), uid(b))))


def test_a_booking_pair_talks_both_ways_with_unread_counts_and_ticks(api, market):
    booked(market)
    learner, mentor = market.learner, market.mentor
    status, m = send(api, learner, mentor)
    assert status == 201 and m["body"] == "Hi! Looking forward to the session." and m["status"] == "sent"

    # The learner's own list: the conversation, nothing unread.
    _, mine = api.call("GET", "/conversations", token=learner["access_token"])
    assert mine["unread_total"] == 0 and [c["peer"]["user_id"] for c in mine["items"]] == [uid(mentor)]
    assert mine["items"][0]["unread"] == 0 and mine["items"][0]["last_message"]["preview"].startswith("Hi!")

    # The mentor fetches the list: one unread, and fetching it counts as delivered.
    _, theirs = api.call("GET", "/conversations", token=mentor["access_token"])
    assert theirs["unread_total"] == 1 and theirs["items"][0]["unread"] == 1
    assert theirs["items"][0]["peer"]["user_id"] == uid(learner)
    _, page = api.call("GET", f"/conversations/{uid(mentor)}/messages", token=learner["access_token"])
    assert [x["status"] for x in page["items"]] == ["delivered"]

    # The mentor opens it: read on both sides.
    status, conv = api.call("POST", f"/conversations/{uid(learner)}/read", token=mentor["access_token"])
    assert status == 200 and conv["unread"] == 0
    assert api.call("GET", "/conversations", token=mentor["access_token"])[1]["unread_total"] == 0
    _, page = api.call("GET", f"/conversations/{uid(mentor)}/messages", token=learner["access_token"])
    assert [x["status"] for x in page["items"]] == ["read"]
    assert page["conversation"]["peer_read_upto"] == m["message_id"]

    status, reply = send(api, mentor, learner, "See you then.")
    assert status == 201
    _, page = api.call("GET", f"/conversations/{uid(learner)}/messages", token=mentor["access_token"])
    assert [x["body"] for x in page["items"]] == ["See you then.", "Hi! Looking forward to the session."]
    assert api.call("GET", "/conversations", token=learner["access_token"])[1]["unread_total"] == 1


def test_a_request_is_enough_and_the_mentor_may_write_first(api, market):
    status, _ = api.call("POST", "/requests", {"mentor_id": uid(market.mentor), "title": "Help with recursion",
                                               "domain": "Programming", "proposed_at": at_quarter(2 * 86400)},
                         token=market.learner["access_token"])
    assert status == 201
    status, conv = api.call("GET", f"/conversations/{uid(market.learner)}", token=market.mentor["access_token"])
    assert status == 200 and conv["last_message"] is None and conv["peer"]["name"]
    assert send(api, market.mentor, market.learner, "Which language?")[0] == 201


def test_people_who_share_nothing_cannot_message_and_nothing_is_stored(api, market):
    booked(market)  # the learner and the mentor share a booking; `other` shares nothing with either
    other, mentor, learner = market.other, market.mentor, market.learner
    for who, to in ((other, mentor), (mentor, other), (other, learner), (learner, learner)):
        status, err = send(api, who, to)
        assert status == 403 and err["error"] == "not_eligible", (status, err)
        assert api.call("GET", f"/conversations/{uid(to)}", token=who["access_token"])[1]["error"] == "not_eligible"
        assert api.call("POST", f"/conversations/{uid(to)}/block", token=who["access_token"])[0] == 403
    assert stored(other, mentor) == [] and stored(other, learner) == []
    assert list(Conversation.query(uid(other))) == [] and list(Conversation.query(uid(mentor))) == []
    assert api.call("GET", "/conversations", token=mentor["access_token"])[1]["items"] == []
    status, err = send(api, market.learner, {"user": {"user_id": "x" * 41}})
    assert status == 404


def test_empty_and_too_long_messages_are_refused_and_nothing_is_stored(api, market):
    booked(market)
    learner, mentor = market.learner, market.mentor
    for text, says in (("", "Write a message first."), ("   \n ", "Write a message first."),
                       ("x" * 4001, "at most 4,000 characters")):
        status, err = send(api, learner, mentor, text)
        assert status == 400 and err["error"] == "validation_error" and says in err["fields"]["body"], err
    status, err = api.call("POST", f"/conversations/{uid(mentor)}/messages", {"body": 42},
                           token=learner["access_token"])
    assert status == 400
    assert api.call("POST", f"/conversations/{uid(mentor)}/messages", {}, token=learner["access_token"])[0] == 400
    assert stored(learner, mentor) == [] and list(Conversation.query(uid(mentor))) == []
    status, m = send(api, learner, mentor, "é" * 4000)  # exactly the limit, in characters
    assert status == 201 and len(m["body"]) == 4000


def test_messages_render_as_given_text(api, market):
    booked(market)
    text = "<img src=x onerror=alert(1)> & <b>bold</b>"
    _, m = send(api, market.learner, market.mentor, text)
    assert m["body"] == text  # stored and answered as plain text; the SPA renders it as text


def test_blocking_stops_messages_both_ways_until_unblocked(api, market):
    booked(market)
    learner, mentor = market.learner, market.mentor
    send(api, learner, mentor)
    status, conv = api.call("POST", f"/conversations/{uid(learner)}/block", token=mentor["access_token"])
    assert status == 200 and conv["blocked"] is True and conv["blocked_by_peer"] is False
    status, err = send(api, learner, mentor, "Hello?")
    assert status == 403 and err["error"] == "blocked"
    status, err = send(api, mentor, learner, "Hi")
    assert status == 409 and err["error"] == "you_blocked"
    _, seen = api.call("GET", f"/conversations/{uid(mentor)}", token=learner["access_token"])
    assert seen["blocked_by_peer"] is True and seen["blocked"] is False
    assert len(stored(learner, mentor)) == 1
    assert api.call("GET", "/conversations", token=mentor["access_token"])[1]["unread_total"] == 1

    assert api.call("POST", f"/conversations/{uid(learner)}/unblock", token=mentor["access_token"])[1]["blocked"] is False
    assert send(api, learner, mentor, "Hello?")[0] == 201
    assert len(stored(learner, mentor)) == 2


def test_a_block_racing_a_message_is_refused_by_the_write_itself(api, market):
    """The sender's read of the conversation is stale; the transaction's condition still refuses it."""
    booked(market)
    learner, mentor = market.learner, market.mentor
    send(api, learner, mentor)
    real = service._checked

    def stale_then_block(user_id, role, peer_id):
        item = real(user_id, role, peer_id)
        service._checked = real  # type: ignore[assignment]
        service.set_block(uid(mentor), "mentor", uid(learner), True)  # lands after the read
        return item

    service._checked = stale_then_block  # type: ignore[assignment]
    try:
        status, err = send(api, learner, mentor, "Are you there?")
    finally:
        service._checked = real  # type: ignore[assignment]
    assert status == 403 and err["error"] == "blocked"
    assert len(stored(learner, mentor)) == 1
    assert api.call("GET", "/conversations", token=mentor["access_token"])[1]["unread_total"] == 1


def test_live_delivery_reaches_every_tab_of_both_sides_and_nobody_else(api, market, ws):
    booked(market)
    learner, mentor, other = market.learner, market.mentor, market.other
    for cid, who in (("m-tab1", mentor), ("m-tab2", mentor), ("l-tab", learner), ("o-tab", other)):
        assert call("$connect", cid, query={"ticket": ticket(api, who["access_token"])})["statusCode"] == 200
    _, m = send(api, learner, mentor, "Live?")
    for cid in ("m-tab1", "m-tab2"):
        frame = [f for f in ws.to(cid) if f["type"] == "dm.message"][-1]
        assert frame["peer_id"] == uid(learner) and frame["message"]["body"] == "Live?"
        assert frame["peer_name"] == learner["user"]["name"]
        assert frame["unread"] == 1 and frame["unread_total"] == 1
    mine = [f for f in ws.to("l-tab") if f["type"] == "dm.message"][-1]
    assert mine["peer_id"] == uid(mentor) and mine["message"]["message_id"] == m["message_id"]
    assert mine["peer_name"] == mentor["user"]["name"]
    assert ws.to("o-tab") == []

    # The mentor's tab received it and says so: the learner's tab gets the delivered tick.
    status, _ = api.call("POST", f"/conversations/{uid(learner)}/delivered", {"upto": m["message_id"]},
                         token=mentor["access_token"])
    assert status == 200
    receipt = [f for f in ws.to("l-tab") if f["type"] == "dm.receipt"][-1]
    assert isinstance(receipt.pop("seq"), int)  # every pushed frame is numbered for replay
    assert receipt == {"type": "dm.receipt", "peer_id": uid(mentor), "delivered_upto": m["message_id"],
                       "read_upto": None}
    # Reading it in one tab updates the counts in the other.
    api.call("POST", f"/conversations/{uid(learner)}/read", token=mentor["access_token"])
    assert [f for f in ws.to("m-tab2") if f["type"] == "dm.unread"][-1]["unread_total"] == 0
    assert [f for f in ws.to("l-tab") if f["type"] == "dm.receipt"][-1]["read_upto"] == m["message_id"]
    assert ws.to("o-tab") == []


def test_delivered_marks_only_move_forward(api, market):
    booked(market)
    learner, mentor = market.learner, market.mentor
    _, m1 = send(api, learner, mentor, "one")
    _, m2 = send(api, learner, mentor, "two")
    tok = mentor["access_token"]
    api.call("POST", f"/conversations/{uid(learner)}/delivered", {"upto": m2["message_id"]}, token=tok)
    api.call("POST", f"/conversations/{uid(learner)}/delivered", {"upto": m1["message_id"]}, token=tok)
    assert Conversation.get(uid(learner), uid(mentor)).peer_delivered_upto == m2["message_id"]
    status, _ = api.call("POST", f"/conversations/{uid(learner)}/delivered", {"upto": "z" * 26}, token=tok)
    assert status == 200  # a mark past the last message is ignored
    assert Conversation.get(uid(learner), uid(mentor)).peer_delivered_upto == m2["message_id"]


def test_racing_messages_and_reads_keep_the_unread_count_exact(api, market):
    booked(market)
    learner_id, mentor_id = uid(market.learner), uid(market.mentor)

    def write(i):
        service.send(learner_id, "learner", mentor_id, f"message {i}")

    def read(_):
        service.mark_read(mentor_id, "mentor", learner_id)

    jobs = [(write, i) for i in range(16)] + [(read, i) for i in range(6)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda job: job[0](job[1]), jobs))
    conv = Conversation.get(mentor_id, learner_id, consistent_read=True)
    after = [m for m in DirectMessage.query(pair_key(learner_id, mentor_id))
             if conv.read_upto is None or m.message_id > conv.read_upto]
    assert int(conv.unread) == len(after) == service.unread_total(mentor_id)
    service.mark_read(mentor_id, "mentor", learner_id)
    assert service.unread_total(mentor_id) == 0
    assert len(list(DirectMessage.query(pair_key(learner_id, mentor_id)))) == 16


def test_messages_and_conversations_page_with_cursors(api, market):
    booked(market)
    s = market.create(starts_at=at_quarter(3 * 86400))
    assert market.book(s["session_id"], market.other)[0] == 201
    learner, mentor, other = market.learner, market.mentor, market.other
    for i in range(7):
        send(api, learner, mentor, f"m{i}")
    send(api, other, mentor, "from the other learner")
    tok = mentor["access_token"]

    _, first = api.call("GET", "/conversations?limit=1", token=tok)
    assert [c["peer"]["user_id"] for c in first["items"]] == [uid(other)] and first["next_cursor"]
    _, second = api.call("GET", f"/conversations?limit=1&cursor={first['next_cursor']}", token=tok)
    assert [c["peer"]["user_id"] for c in second["items"]] == [uid(learner)]
    assert first["unread_total"] == 8

    seen, cursor = [], None
    while True:
        path = f"/conversations/{uid(learner)}/messages?limit=3" + (f"&cursor={cursor}" if cursor else "")
        status, page = api.call("GET", path, token=tok)
        assert status == 200
        seen += [m["body"] for m in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [f"m{i}" for i in reversed(range(7))]

    # A cursor is bound to its conversation, and a made-up one is refused.
    _, p1 = api.call("GET", f"/conversations/{uid(learner)}/messages?limit=3", token=tok)
    status, err = api.call("GET", f"/conversations/{uid(other)}/messages?cursor={p1['next_cursor']}", token=tok)
    assert status == 400 and err["error"] == "bad_cursor"
    assert api.call("GET", "/conversations?cursor=nonsense", token=tok)[1]["error"] == "bad_cursor"


def test_admins_have_no_inbox(api, market):
    from chalicelib.core.jwt_tokens import issue_access_token

    token, _ = issue_access_token("admin-1", "admin", "Root")
    status, err = api.call("GET", "/conversations", token=token)
    assert status == 403 and err["error"] == "access_denied"
