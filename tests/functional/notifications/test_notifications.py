"""The bell: stored notifications, an atomic unread count, paging by cursor, mark read."""

from __future__ import annotations

from chalicelib.notifications.service import notify
from tests.functional.conftest import at_quarter, sent_emails


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
    monkeypatch.setenv("PEERLEARN_PUBLIC_URL", "https://peerlearn.example")
    user = make_user()
    notify(user["user"]["user_id"], "test", "Booked", "x", "/dashboard/learner", email=("You're booked", "Hello."),
           category="bookings")
    mail = sent_emails(user["email"])[-1]
    assert mail["subject"] == "You're booked"
    assert "https://peerlearn.example/dashboard/learner" in mail["body"]


# ---------- email switches (settings: email_bookings, email_reminders, email_marketing) ----------

def _switch(api, user, **prefs) -> None:
    status, me = api.call("PATCH", "/me", {"notification_prefs": prefs}, token=user["access_token"])
    assert status == 200 and all(me["notification_prefs"][k] is v for k, v in prefs.items()), me


def _subjects(user) -> list[str]:
    return [m["subject"] for m in sent_emails(user["email"])]


def test_each_email_category_obeys_its_switch_and_receipts_and_security_always_go(api, make_user):
    user = make_user()
    uid = user["user"]["user_id"]
    before = _subjects(user)  # the verification code
    _switch(api, user, email_bookings=False, email_reminders=False, email_marketing=False)
    for category in ("bookings", "reminders", "marketing", "security", "receipts"):
        note = notify(uid, "test", f"About {category}", "x", email=(f"Mail: {category}", "Hello."), category=category)
        assert note is not None  # the bell always gets it; only the email follows the switch
    assert _subjects(user)[len(before):] == ["Mail: security", "Mail: receipts"]
    _switch(api, user, email_bookings=True, email_reminders=True)
    for category in ("bookings", "reminders", "marketing"):
        notify(uid, "test", f"Again {category}", "x", email=(f"Again: {category}", "Hello."), category=category)
    assert _subjects(user)[len(before) + 2:] == ["Again: bookings", "Again: reminders"]  # marketing stays off


def test_marketing_is_off_and_the_others_on_by_default(make_user):
    user = make_user()
    uid = user["user"]["user_id"]
    before = len(_subjects(user))
    for category in ("bookings", "reminders", "marketing"):
        notify(uid, "test", category, email=(f"Default: {category}", "Hello."), category=category)
    assert _subjects(user)[before:] == ["Default: bookings", "Default: reminders"]


def test_an_email_without_a_category_is_refused_and_nothing_is_stored(make_user):
    import pytest

    from chalicelib.notifications.models import Notification

    user = make_user()
    uid = user["user"]["user_id"]
    count = len(list(Notification.query(uid)))
    with pytest.raises(TypeError):
        notify(uid, "test", "No category", email=("Subject", "Text"))
    assert len(list(Notification.query(uid))) == count


def test_booking_emails_switched_off_stop_the_confirmation_but_the_paid_receipt_still_goes(api, market):
    from chalicelib.bookings import service as bookings

    _switch(api, market.learner, email_bookings=False)
    before = len(_subjects(market.learner))
    free = market.create()
    assert market.book(free["session_id"])[0] == 201  # a free booking: a booking email, switched off
    assert _subjects(market.learner)[before:] == []
    paid = market.create(price_paise=49_900, starts_at=at_quarter(3 * 86_400))
    _, b = market.book(paid["session_id"])
    bookings.mark_paid(b["booking_id"])  # money taken: the receipt goes whatever the switch says
    mails = sent_emails(market.learner["email"])[before:]
    assert [m["subject"] for m in mails] == ["Your PeerLearn booking is confirmed"]
    assert "Receipt: we received ₹499." in mails[0]["body"]
