"""The bell: stored notifications, an atomic unread count, paging by cursor, mark read."""

from __future__ import annotations

from chalicelib.notifications.service import notify


def test_bell_history_pages_by_cursor_newest_first(api, make_user):
    user = make_user()
    uid, token = user["user"]["user_id"], user["access_token"]
    for i in range(5):
        notify(uid, "test", f"Event {i}")
    status, page1 = api.call("GET", "/notifications?limit=2", token=token)
    assert status == 200 and [n["title"] for n in page1["items"]] == ["Event 4", "Event 3"]
    assert page1["unread_count"] == 6 and page1["next_cursor"]  # 5 + the welcome on verification
    _, page2 = api.call("GET", f"/notifications?limit=2&cursor={page1['next_cursor']}", token=token)
    assert [n["title"] for n in page2["items"]] == ["Event 2", "Event 1"]
    _, page3 = api.call("GET", f"/notifications?limit=2&cursor={page2['next_cursor']}", token=token)
    assert [n["title"] for n in page3["items"]] == ["Event 0", "Welcome to PeerLearn, Asha!"]
    assert page3["items"][1]["link"] == "/dashboard/learner"


def test_mark_read_updates_the_count_once(api, make_user, ws):
    user = make_user()
    uid, token = user["user"]["user_id"], user["access_token"]
    a = notify(uid, "test", "A")
    notify(uid, "test", "B")
    status, data = api.call("POST", "/notifications/read", {"ids": [a["id"], a["id"]]}, token=token)
    assert status == 200 and data == {"unread_count": 2}  # B and the welcome remain
    _, data = api.call("POST", "/notifications/read", {"ids": [a["id"]]}, token=token)
    assert data == {"unread_count": 2}  # reading twice changes nothing
    _, data = api.call("POST", "/notifications/read", {"all": True}, token=token)
    assert data == {"unread_count": 0}
    _, me = api.call("GET", "/me", token=token)
    assert me["unread_notifications"] == 0


def test_cannot_read_or_mark_someone_elses(api, make_user):
    a, b = make_user(), make_user()
    n = notify(a["user"]["user_id"], "test", "Private")
    _, data = api.call("GET", "/notifications", token=b["access_token"])
    assert [n["kind"] for n in data["items"]] == ["welcome"]  # only b's own
    _, data = api.call("POST", "/notifications/read", {"ids": [n["id"]]}, token=b["access_token"])
    _, mine = api.call("GET", "/notifications", token=a["access_token"])
    assert mine["unread_count"] == 2 and mine["items"][0]["read"] is False
    # A cursor minted for one user is refused for another.
    for i in range(3):
        notify(a["user"]["user_id"], "test", f"n{i}")
    _, page = api.call("GET", "/notifications?limit=1", token=a["access_token"])
    status, data = api.call("GET", f"/notifications?cursor={page['next_cursor']}", token=b["access_token"])
    assert status == 400 and data["error"] == "bad_cursor"


def test_read_needs_ids_or_all(api, make_user):
    token = make_user()["access_token"]
    status, data = api.call("POST", "/notifications/read", {}, token=token)
    assert status == 400 and data["error"] == "validation_error"


def test_notification_emails_link_back_to_the_page(api, make_user, monkeypatch):
    from tests.functional.conftest import sent_emails

    monkeypatch.setenv("PEERLEARN_PUBLIC_URL", "https://peerlearn.example")
    user = make_user()
    notify(user["user"]["user_id"], "test", "Booked", "x", "/dashboard/learner", email=("You're booked", "Hello."))
    mail = sent_emails(user["email"])[-1]
    assert mail["subject"] == "You're booked"
    assert "https://peerlearn.example/dashboard/learner" in mail["body"]
