"""What each booking step tells whom: the bell notification (kind, title, body, link) and the email.

Each step is its own small test, so that a wrong recipient, kind, text or link shows up on its own."""

from __future__ import annotations

import pytest

from chalicelib.bookings import service as bookings
from chalicelib.bookings.models import Booking
from chalicelib.core.errors import Conflict
from chalicelib.notifications.models import Notification
from tests.functional.conftest import at_quarter, drain_events, sent_emails

TITLE = "Master Algebra in 1 Hour"  # session_body()'s title


def notes(who) -> list[tuple[str, str, str, str | None]]:
    """Everything the bell shows this user, oldest first, after the sign-up welcome."""
    return [(n.kind, n.title, n.body, n.link) for n in Notification.query(who["user"]["user_id"])
            if n.kind != "welcome"]


def mails(who) -> list[tuple[str, str]]:
    return [(m["subject"], m["body"]) for m in sent_emails(who["email"])]


def link_text(path: str) -> str:
    return f"\n\nOpen it on PeerLearn: http://localhost:8000{path}\n"


def test_a_free_booking_tells_the_learner_and_the_mentor(market):
    s = market.create()
    market.book(s["session_id"])
    assert notes(market.learner) == [("booking_confirmed", f"Booked ✔ {TITLE}", "See it in My Activity.",
                                      "/dashboard/learner")]
    assert mails(market.learner)[-1] == ("Your PeerLearn booking is confirmed",
                                         f"You're booked for {TITLE}." + link_text("/dashboard/learner"))
    assert notes(market.mentor) == [("booking_new", f"New booking: {TITLE}", "A learner booked your session.",
                                     "/dashboard/mentor")]


def test_a_held_seat_asks_for_payment_and_payment_confirms_it(market):
    s = market.create(price_paise=49_950)
    _, b = market.book(s["session_id"])
    assert notes(market.learner) == [("booking_pending_payment", f"Seat held: {TITLE}",
                                      "Pay ₹499.50 within 15 minutes to confirm.", "/dashboard/learner")]
    assert notes(market.mentor) == []
    bookings.mark_paid(b["booking_id"], "order_x")
    assert Booking.get(b["booking_id"]).paid_order_id == "order_x"
    assert notes(market.learner)[-1] == ("booking_confirmed", f"Booked ✔ {TITLE}",
                                         "Payment received. See it in My Activity.", "/dashboard/learner")
    assert mails(market.learner)[-1] == ("Your PeerLearn booking is confirmed",  # the payment's receipt
                                         f"You're booked for {TITLE}.\nReceipt: we received ₹499.50."
                                         + link_text("/dashboard/learner"))
    assert notes(market.mentor) == [("booking_new", f"New booking: {TITLE}", "A learner booked and paid.",
                                     "/dashboard/mentor")]


def test_a_stale_payment_confirmation_names_the_state(market):
    s = market.create(price_paise=49_900)
    _, b = market.book(s["session_id"])
    bookings.mark_paid(b["booking_id"])
    assert Booking.get(b["booking_id"]).paid_order_id is None
    with pytest.raises(Conflict) as exc:
        bookings.mark_paid(b["booking_id"])
    assert (exc.value.code, exc.value.message) == ("stale_state", "This booking is confirmed; it can't be confirmed.")


def test_an_approval_request_tells_both(market):
    s = market.create(requires_approval=True)
    market.book(s["session_id"])
    assert notes(market.learner) == [("booking_pending_approval", f"Request sent: {TITLE}",
                                      "The mentor will approve or decline your booking.", "/dashboard/learner")]
    # asked, never told it is booked
    assert notes(market.mentor) == [("booking_pending_approval", f"Asha Rao wants to book {TITLE}",
                                     "Approve or decline this request before it expires.", "/dashboard/mentor")]


def test_approving_a_free_seat_confirms_it_with_an_email(api, market):
    s = market.create(requires_approval=True)
    _, b = market.book(s["session_id"])
    api.call("POST", f"/bookings/{b['booking_id']}/approve", {}, token=market.mentor["access_token"])
    assert notes(market.learner)[-1] == ("booking_approved", f"Booked ✔ {TITLE}", "The mentor approved your booking.",
                                         "/dashboard/learner")
    assert mails(market.learner)[-1] == ("Your PeerLearn booking is confirmed",
                                         f"You're booked for {TITLE}." + link_text("/dashboard/learner"))


def test_a_paid_approval_seat_is_paid_first_and_the_mentor_is_asked_only_then(api, market):
    s = market.create(requires_approval=True, price_paise=100_000)
    status, b = market.book(s["session_id"])
    assert status == 201 and b["status"] == "pending_payment" and b["needs_approval"] is True
    assert notes(market.learner)[-1] == ("booking_pending_payment", f"Seat held: {TITLE}",
                                         "Pay ₹1,000 within 15 minutes to send your request to the mentor.",
                                         "/dashboard/learner")
    assert notes(market.mentor) == []  # nothing to answer before the learner has paid
    bookings.mark_paid(b["booking_id"], paid_order_id="order_x")
    waiting = Booking.get(b["booking_id"])
    assert waiting.status == "pending_approval" and waiting.hold_key is None and waiting.approval_key == "due"
    assert notes(market.mentor) == [("booking_pending_approval", f"Asha Rao wants to book {TITLE}",
                                     "Approve or decline this request (paid) before it expires.", "/dashboard/mentor")]
    _, pending = api.call("GET", "/mentor/approvals", token=market.mentor["access_token"])
    assert [x["booking_id"] for x in pending["items"]] == [b["booking_id"]]
    status, approved = api.call("POST", f"/bookings/{b['booking_id']}/approve", {}, token=market.mentor["access_token"])
    assert status == 200 and approved["status"] == "confirmed" and approved["approval_due_at"] is None
    assert notes(market.learner)[-1][:2] == ("booking_approved", f"Booked ✔ {TITLE}")
    _, pending = api.call("GET", "/mentor/approvals", token=market.mentor["access_token"])
    assert pending["items"] == []


def test_rejecting_tells_the_learner_nothing_was_charged(api, market):
    s = market.create(requires_approval=True)
    _, b = market.book(s["session_id"])
    status, rejected = api.call("POST", f"/bookings/{b['booking_id']}/reject", {}, token=market.mentor["access_token"])
    assert status == 200 and rejected["status"] == "rejected"
    assert notes(market.learner)[-1] == ("booking_rejected", f"Not approved: {TITLE}",
                                         "The mentor declined this booking. Nothing was charged.", "/sessions")
    status, again = api.call("POST", f"/bookings/{b['booking_id']}/reject", {}, token=market.mentor["access_token"])
    assert (status, again["error"], again["message"]) == (409, "stale_state", "This booking is already rejected.")


def test_a_learner_cancelling_tells_the_mentor(api, market):
    s = market.create()
    _, b = market.book(s["session_id"])
    status, c = api.call("POST", f"/bookings/{b['booking_id']}/cancel", {}, token=market.learner["access_token"])
    assert status == 200 and c["status"] == "cancelled" and c["refund_due_paise"] == 0
    assert notes(market.mentor)[-1] == ("booking_cancelled", f"Booking cancelled: {TITLE}", "A learner cancelled.",
                                        "/dashboard/mentor")
    status, again = api.call("POST", f"/bookings/{b['booking_id']}/cancel", {}, token=market.learner["access_token"])
    assert (status, again["error"], again["message"]) == (409, "stale_state", "This booking is already cancelled.")


def test_the_mentor_cancelling_tells_every_learner_with_the_reason(api, market):
    s = market.create(price_paise=50_000, seats=2)
    _, paid = market.book(s["session_id"])
    bookings.mark_paid(paid["booking_id"])
    market.book(s["session_id"], market.other)  # held, unpaid
    api.call("POST", f"/sessions/{s['session_id']}/cancel", {"reason": "Family emergency."},
             token=market.mentor["access_token"])
    assert notes(market.learner)[-1] == ("session_cancelled", f"Cancelled: {TITLE}",
                                         "Family emergency. You will be refunded in full.", "/dashboard/learner")
    assert notes(market.other)[-1] == ("session_cancelled", f"Cancelled: {TITLE}", "Family emergency.",
                                       "/dashboard/learner")
    assert mails(market.other)[-1] == ("A PeerLearn session was cancelled",
                                       f"{TITLE} was cancelled by the mentor. Family emergency." +
                                       link_text("/dashboard/learner"))


def test_a_cancellation_without_a_reason_says_the_mentor_cancelled(api, market):
    s = market.create()
    market.book(s["session_id"])
    api.call("POST", f"/sessions/{s['session_id']}/cancel", {"reason": ""}, token=market.mentor["access_token"])
    assert notes(market.learner)[-1] == ("session_cancelled", f"Cancelled: {TITLE}",
                                         "The mentor cancelled this session.", "/dashboard/learner")
    assert mails(market.learner)[-1] == ("A PeerLearn session was cancelled",
                                         f"{TITLE} was cancelled by the mentor." + link_text("/dashboard/learner"))


def test_going_live_tells_only_confirmed_learners(api, market):
    from chalicelib.catalog import service as catalog
    from chalicelib.catalog.models import Session
    from chalicelib.core import clock

    s = market.create(seats=2, requires_approval=True, starts_at=at_quarter(3 * 3600))
    _, first = market.book(s["session_id"])
    api.call("POST", f"/bookings/{first['booking_id']}/approve", {}, token=market.mentor["access_token"])
    market.book(s["session_id"], market.other)  # still waiting for approval
    starts = Session.get(s["session_id"]).starts_at
    clock.set_clock(lambda: float(starts - 60))  # inside the go-live window, whatever the wall clock says
    catalog.go_live(market.mentor["user"]["user_id"], s["session_id"])
    drain_events()  # learners hear of it through session.went_live
    room = Session.get(s["session_id"]).room_code
    assert notes(market.learner)[-1] == ("session_live", f"{TITLE} is live now", "Join the room.", f"/session/{room}")
    assert all(kind != "session_live" for kind, *_ in notes(market.other))


def test_the_hold_sweeper_releases_every_expired_seat_at_its_second_and_says_where_to_rebook(market, clock_at):
    s1, s2 = market.create(price_paise=100), market.create(price_paise=100, starts_at=at_quarter(2 * 86400))
    _, b1 = market.book(s1["session_id"])
    _, b2 = market.book(s2["session_id"])
    expires = max(Booking.get(b1["booking_id"]).hold_expires_at, Booking.get(b2["booking_id"]).hold_expires_at)
    from chalicelib.core import clock

    clock.set_clock(lambda: float(expires))
    assert bookings.expire_holds() == {"expired": 2}
    assert {Booking.get(b["booking_id"]).status for b in (b1, b2)} == {"expired"}
    released = [n for n in notes(market.learner) if n[0] == "booking_expired"]
    assert sorted(released) == sorted(
        ("booking_expired", f"Seat released: {TITLE}",
         "The 15-minute payment window passed. Book again if seats are left.", f"/sessions/{sid}")
        for sid in (s1["session_id"], s2["session_id"]))


def test_the_hold_sweeper_skips_a_seat_paid_for_meanwhile_and_goes_on(market, monkeypatch):
    s1 = market.create(price_paise=100)
    s2 = market.create(price_paise=100, starts_at=at_quarter(2 * 86400))
    _, b1 = market.book(s1["session_id"])
    _, b2 = market.book(s2["session_id"])
    real_close = bookings.close
    paid_meanwhile = []

    def close_after_a_payment(b, to, refund=0, reason=""):
        if not paid_meanwhile:  # the first one swept is paid for between the query and the close
            paid_meanwhile.append(b.booking_id)
            bookings.mark_paid(b.booking_id)
        return real_close(b, to, refund, reason)

    monkeypatch.setattr(bookings, "close", close_after_a_payment)
    from chalicelib.core import clock

    clock.set_clock(lambda: float(Booking.get(b2["booking_id"]).hold_expires_at + 1))
    assert bookings.expire_holds() == {"expired": 1}
    other = ({b1["booking_id"], b2["booking_id"]} - set(paid_meanwhile)).pop()
    assert Booking.get(paid_meanwhile[0]).status == "confirmed" and Booking.get(other).status == "expired"


def test_a_notice_sent_again_for_the_same_event_reaches_each_learner_once(api, market):
    """A redelivered event (at least once) tells each confirmed learner once, not once per delivery."""
    from chalicelib.bookings import service as bookings

    s = market.create(seats=2)
    market.book(s["session_id"])
    market.book(s["session_id"], market.other)
    for _ in range(2):
        bookings.notify_learners(s["session_id"], "session_live", "Live now", "Join the room.", "/session/x",
                                 once="01evt-went-live")
    for who in (market.learner, market.other):
        assert [k for k, *_ in notes(who)].count("session_live") == 1
    bookings.notify_learners(s["session_id"], "session_live", "Live again", "Join the room.", "/session/x",
                             once="01evt-went-live-2")  # another event is another notice
    assert [k for k, *_ in notes(market.learner)].count("session_live") == 2
