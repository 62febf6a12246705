"""Topics, recording consent and multipart upload, resources, feedback, ending, gifts, the pack, ICE."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import requests

from chalicelib.core import clients, clock
from chalicelib.core.events import OutboxEvent
from chalicelib.rooms.models import Feedback, RoomFile


def events_of(kind):
    return [json.loads(e.payload) for e in OutboxEvent.scan() if e.type == kind]  # a test may scan


def test_topics_are_ticked_by_the_mentor_stored_and_broadcast(room):
    room.join(room.mentor, "m1")
    room.join(room.learner, "l1")
    status, t = room.post("/topics/1", room.mentor, {"covered": True}, method="PUT")
    assert status == 200 and t["index"] == 1 and t["title"] == "Equations" and t["covered"] and t["covered_at"]
    assert room.frames("l1", "topic")[-1]["topic"] == t
    assert room.post("/topics/1", room.learner, {"covered": False}, method="PUT")[0] == 403
    assert room.post("/topics/3", room.mentor, {"covered": True}, method="PUT")[0] == 404
    assert room.post("/topics/x", room.mentor, {"covered": True}, method="PUT")[0] == 404
    assert room.post("/topics/0", room.mentor, {"covered": "yes"}, method="PUT")[0] == 400
    topics = room.get("", room.learner)[1]["state"]["topics"]
    assert [x["covered"] for x in topics] == [False, True, False]
    room.post("/topics/1", room.mentor, {"covered": False}, method="PUT")
    assert [x["covered"] for x in room.get("", room.learner)[1]["state"]["topics"]] == [False, False, False]


def test_recording_starts_only_after_everyone_present_accepts(room):
    room.join(room.mentor, "m1")
    room.join(room.learner, "l1")
    assert room.post("/recordings", room.mentor, {"content_type": "video/webm"})[1]["error"] == "no_consent"
    status, rec = room.post("/recording/ask", room.learner)
    assert status == 200 and rec == {"status": "asked", "asked_by": room.learner["user"]["user_id"], "accepted_by": []}
    assert room.frames("m1", "recording")[-1]["recording"]["status"] == "asked"
    assert room.post("/recording/answer", room.learner, {"accept": True})[0] == 409  # the asker doesn't answer
    assert room.post("/recordings", room.mentor, {"content_type": "video/webm"})[0] == 409
    # a decline resets
    assert room.post("/recording/answer", room.mentor, {"accept": False})[1]["status"] == "off"
    room.post("/recording/ask", room.learner)
    status, rec = room.post("/recording/answer", room.mentor, {"accept": True})
    assert status == 200 and rec["status"] == "recording"
    assert room.frames("l1", "recording")[-1]["recording"]["status"] == "recording"
    assert room.get("", room.learner)[1]["state"]["recording"]["status"] == "recording"

    # multipart upload: start, presigned parts, complete
    assert room.post("/recordings", room.learner, {"content_type": "video/webm"})[0] == 403
    assert room.post("/recordings", room.mentor, {"content_type": "video/mp4"})[0] == 400
    status, up = room.post("/recordings", room.mentor, {"content_type": "video/webm"})
    assert status == 201 and up["upload_id"]
    rid = up["recording_id"]
    parts = []
    for n, size in ((1, 5 * 1024 * 1024), (2, 1024)):
        status, part = room.post(f"/recordings/{rid}/parts", room.mentor, {"part_number": n})
        assert status == 200 and part["expires_in"] > 0 and "partNumber" in part["url"]
        # what the browser does with the URL (moto serves the presigned PUT in-process)
        s3 = clients.client("s3")
        got = s3.upload_part(Bucket="unit-uploads", Key=RoomFile.get(room.code, rid).s3_key, UploadId=up["upload_id"],
                             PartNumber=n, Body=b"\x1a" * size)
        parts.append({"part_number": n, "etag": got["ETag"]})
    assert room.post(f"/recordings/{rid}/parts", room.mentor, {"part_number": 0})[0] == 400
    assert room.post(f"/recordings/{rid}/complete", room.mentor,
                     {"parts": [{"part_number": 1, "etag": '"nope"'}]})[0] == 400
    status, done = room.post(f"/recordings/{rid}/complete", room.mentor, {"parts": parts})
    assert status == 200 and done["status"] == "ready" and done["size_bytes"] == 5 * 1024 * 1024 + 1024
    assert done["download_url"].startswith("https://") and "X-Amz-Expires=300" in done["download_url"]
    assert events_of("room.recording.completed")[0]["recording_id"] == rid
    _, listed = room.get("/recordings", room.learner)
    assert [r["recording_id"] for r in listed["items"]] == [rid]
    assert room.get("/recordings", room.other)[0] == 403
    status, rec = room.post("/recording/stop", room.learner)
    assert rec["status"] == "stopped"


def test_resources_allow_list_size_limit_and_head_check(room):
    big = 26 * 1024 * 1024
    for body, field in (({"filename": "x.exe", "content_type": "application/x-msdownload", "size_bytes": 10},
                         "content_type"),
                        ({"filename": "a.pdf", "content_type": "application/pdf", "size_bytes": big}, "size_bytes"),
                        ({"filename": "b.jpg", "content_type": "image/jpeg", "size_bytes": 10, "kind": "whiteboard"},
                         "content_type")):
        status, data = room.post("/resources", room.mentor, body)
        assert status == 400 and field in data["fields"], data
    assert room.post("/resources", room.learner, {"filename": "a.pdf", "content_type": "application/pdf",
                                                  "size_bytes": 10})[0] == 403
    status, up = room.post("/resources", room.mentor, {"filename": "Notes <1>.pdf", "content_type": "application/pdf",
                                                       "size_bytes": 11})
    assert status == 201 and up["fields"]["Content-Type"] == "application/pdf"
    policy = json.loads(base64.b64decode(up["fields"].get("Policy") or up["fields"]["policy"]))
    assert ["content-length-range", 1, 25 * 1024 * 1024] in policy["conditions"]
    rid = up["resource_id"]
    # not uploaded yet
    assert room.post(f"/resources/{rid}/complete", room.mentor)[0] == 400
    answer = requests.post(up["url"], data=up["fields"], files={"file": ("n.pdf", b"%PDF-1.4 hi")}, timeout=10)
    assert answer.status_code in (200, 201, 204), answer.text
    status, res = room.post(f"/resources/{rid}/complete", room.mentor)
    assert status == 200 and res["size_bytes"] == 11 and res["kind"] == "file" and res["filename"] == "Notes <1>.pdf"
    # an object of the wrong type is refused at completion and removed
    status, up2 = room.post("/resources", room.mentor, {"filename": "board.png", "content_type": "image/png",
                                                        "size_bytes": 10, "kind": "whiteboard"})
    key = RoomFile.get(room.code, up2["resource_id"]).s3_key
    clients.client("s3").put_object(Bucket="unit-uploads", Key=key, Body=b"x" * 10, ContentType="text/html")
    assert room.post(f"/resources/{up2['resource_id']}/complete", room.mentor)[0] == 400
    _, listed = room.get("/resources", room.learner)
    assert [r["resource_id"] for r in listed["items"]] == [rid]
    assert "X-Amz-Expires=300" in listed["items"][0]["download_url"]
    assert room.post("/resources/nope/complete", room.mentor)[0] == 404


def test_feedback_once_after_attending(room):
    assert room.post("/feedback", room.learner, {"rating": 5})[1]["error"] in ("stale_state", "not_attended")
    room.join(room.mentor, "m1")
    room.join(room.learner, "l1")
    from chalicelib.catalog import service as catalog

    room.at(-60)
    catalog.go_live(room.mentor["user"]["user_id"], room.session["session_id"])
    for bad in ({"rating": 0}, {"rating": 6}, {"rating": 4, "comment": "x" * 2001}, {"rating": "5"}, {}):
        assert room.post("/feedback", room.learner, bad)[0] == 400, bad
    assert room.post("/feedback", room.mentor, {"rating": 5})[0] == 403
    assert room.post("/feedback", room.other, {"rating": 5})[0] == 403
    assert room.get("/feedback/mine", room.learner)[0] == 404
    status, f = room.post("/feedback", room.learner, {"rating": 5, "comment": "Clear and patient."})
    assert status == 201 and f["rating"] == 5 and f["mentor_id"] == room.mentor["user"]["user_id"]
    status, again = room.post("/feedback", room.learner, {"rating": 1})
    assert status == 409 and again["error"] == "already_reviewed"
    assert room.get("/feedback/mine", room.learner)[1]["comment"] == "Clear and patient."
    assert Feedback.get(room.session["session_id"], room.learner["user"]["user_id"]).rating == 5
    given = events_of("feedback.given")
    assert len(given) == 1 and given[0]["rating"] == 5 and given[0]["learner_id"] == room.learner["user"]["user_id"]


def test_the_mentor_ends_for_everyone_and_the_pack_remains(room):
    from chalicelib.bookings.models import Booking

    room.join(room.mentor, "m1")
    room.join(room.learner, "l1")
    room.send("l1", "chat", text="thanks!", client_id="t")
    room.post("/topics/0", room.mentor, {"covered": True}, method="PUT")
    assert room.get("/pack", room.learner)[1]["error"] == "not_finished"
    assert room.post("/end", room.learner)[0] == 403
    status, s = room.post("/end", room.mentor)
    assert status == 200 and s["status"] == "completed"
    assert room.frames("l1", "room.ended")[-1]["by"] == room.mentor["user"]["user_id"]
    assert Booking.get(room.booking_id).status == "completed"  # through session.completed
    assert room.post("/end", room.mentor)[0] == 409
    status, pack = room.get("/pack", room.learner)
    assert status == 200 and [m["text"] for m in pack["chat"]] == ["thanks!"] and pack["chat_next_cursor"] is None
    assert [t["covered"] for t in pack["topics"]] == [True, False, False]
    assert all(i["left_at"] for a in pack["attendance"] for i in a["intervals"])
    assert pack["session"]["status"] == "completed" and pack["resources"] == [] and pack["recordings"] == []
    assert room.get("/pack", room.other)[0] == 403
    # feedback after the end
    assert room.post("/feedback", room.learner, {"rating": 4})[0] == 201


def test_a_captured_gift_shows_in_the_room_once(room):
    from chalicelib.core.events import EventMeta
    from chalicelib.payments.events import PaymentCaptured
    from chalicelib.rooms.subscribers import tell_room_of_gift

    room.join(room.mentor, "m1")
    room.join(room.learner, "l1")
    event = PaymentCaptured(order_id="order_gift1", kind="gift", learner_id=room.learner["user"]["user_id"],
                            mentor_id=room.mentor["user"]["user_id"], amount_paise=50000, booking_id=room.booking_id)
    meta = EventMeta(event_id="e1", correlation_id=None, created_at=clock.now_int())
    tell_room_of_gift(event, meta)
    tell_room_of_gift(event, meta)  # redelivered
    gifts = room.frames("m1", "gift")
    assert len(gifts) == 1 and gifts[0]["amount_paise"] == 50000 and gifts[0]["from_name"]
    assert gifts[0]["from_user_id"] == room.learner["user"]["user_id"]
    tell_room_of_gift(event.model_copy(update={"kind": "booking", "order_id": "o2"}), meta)
    assert len(room.frames("m1", "gift")) == 1


def test_a_gift_through_payments_reaches_the_room(room, api, standin):
    room.join(room.mentor, "m1")
    room.join(room.learner, "l1")
    tok = room.learner["access_token"]
    status, data = api.call("POST", "/payments/gifts", {"booking_id": room.booking_id, "amount_paise": 10000}, token=tok)
    assert status in (200, 201), data
    order_id = data["checkout"]["order_id"]
    paid = standin.pay(order_id, "success")
    status, verified = api.call("POST", "/payments/verify", {
        "razorpay_order_id": paid["razorpay_order_id"], "razorpay_payment_id": paid["razorpay_payment_id"],
        "razorpay_signature": paid["razorpay_signature"]}, token=tok)
    assert status == 200, verified
    gifts = room.frames("m1", "gift")  # payment.captured → rooms' subscriber → the room channel
    assert len(gifts) == 1 and gifts[0]["amount_paise"] == 10000 and room.frames("l1", "gift")


def test_ice_servers_turn_rest_credentials(room, monkeypatch):
    status, ice = room.get("/ice-servers", room.learner)
    assert status == 200 and ice["ice_servers"] == [] and ice["ice_transport_policy"] == "all"
    monkeypatch.setenv("PEERLEARN_STUN_URLS", "stun:stun.example.org:3478")
    monkeypatch.setenv("PEERLEARN_TURN_URLS", "turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349")
    monkeypatch.setenv("PEERLEARN_TURN_SECRET", "s3cret")
    monkeypatch.setenv("PEERLEARN_TURN_TTL_SECONDS", "600")
    monkeypatch.setenv("PEERLEARN_ICE_TRANSPORT_POLICY", "relay")
    now = clock.now_int()
    status, ice = room.get("/ice-servers", room.learner)
    assert status == 200 and ice["ice_transport_policy"] == "relay"
    stun, turn = ice["ice_servers"]
    assert stun == {"urls": ["stun:stun.example.org:3478"]}
    assert turn["urls"] == ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"]
    expiry, user_id, code = turn["username"].split(":")
    assert user_id == room.learner["user"]["user_id"] and code == room.code
    assert now + 600 <= int(expiry) <= now + 602
    expected = base64.b64encode(hmac.new(b"s3cret", turn["username"].encode(), hashlib.sha1).digest()).decode()
    assert turn["credential"] == expected
    assert room.get("/ice-servers", room.other)[0] == 403
