"""The booking rules exactly as users meet them: who may cancel, approve or reject what (and the exact
refusal), what a cancellation or a rejection refunds and says, the mentor's approvals list (fields,
order, cursor paging, its reads), a session cancelled by its mentor or by the no-show job, a problem
report, and who may message whom because they share a booking."""

from __future__ import annotations

from typing import Any

from chalicelib.bookings import service as bookings
from chalicelib.bookings.models import Booking
from chalicelib.catalog import service as catalog
from chalicelib.catalog.models import Session
from chalicelib.core.clock import iso
from chalicelib.core.settings import get_settings
from tests.functional.bookings.support import (
    HOUR,
    bell,
    cancelled_events,
    free_request,
    token,
    uid,
)
from tests.functional.conftest import at_quarter, drain_events, sent_emails
from tests.functional.payments_helpers import Payments


def create(api: Any, mentor: dict[str, Any], title: str, starts_in: int = 2 * 86_400, **over: Any) -> dict[str, Any]:
    body = {"title": title, "description": "Equations, step by step.", "topics": ["Algebra"],
            "category": "Mathematics", "starts_at": at_quarter(starts_in), "duration_min": 60, "price_paise": 0,
            "seats": 3, "requires_approval": False, **over}
    status, s = api.call("POST", "/sessions", body, token=token(mentor))
    assert status == 201, s
    return s


def book(api: Any, who: dict[str, Any], session_id: str) -> dict[str, Any]:
    status, b = api.call("POST", f"/sessions/{session_id}/book", {}, token=token(who))
    assert status == 201, b
    return b


def paid_confirmed(pay: Payments, price: int, **over: Any) -> tuple[dict[str, Any], str]:
    b = pay.paid_booking(price, **over)
    r = pay.checkout(b["booking_id"])
    status, data = pay.verify(r)
    assert status == 200, data
    return data["booking"], r["order_id"]


def refund_notes(user: dict[str, Any]) -> list[tuple[str, str, str, str | None]]:
    return bell(user, "refund_requested")


# ---------- who may act on a booking ----------

def test_a_learner_cannot_cancel_someone_elses_booking_and_it_stays_booked(api, market, frozen):
    s = create(api, market.mentor, "Not yours")
    b = book(api, market.learner, s["session_id"])
    status, data = api.call("POST", f"/bookings/{b['booking_id']}/cancel", {}, token=token(market.other))
    assert (status, data) == (403, {"error": "access_denied", "message": "Access denied"})
    assert Booking.get(b["booking_id"]).status == "confirmed"
    assert Session.get(s["session_id"]).seats_taken == 1


def test_another_mentor_can_neither_approve_nor_reject_a_request(api, market, make_user, frozen):
    stranger = make_user("mentor")
    b = free_request(api, market, market.learner, "Mine to answer", starts_in=2 * 86_400)
    for action in ("approve", "reject"):
        status, data = api.call("POST", f"/bookings/{b['booking_id']}/{action}", {}, token=token(stranger))
        assert (status, data) == (403, {"error": "access_denied", "message": "Access denied"})
    kept = Booking.get(b["booking_id"])
    assert (kept.status, kept.approval_key) == ("pending_approval", "due")
    assert bell(market.learner, "booking_rejected") == [] and bell(market.learner, "booking_approved") == []


def test_a_booking_cannot_be_cancelled_once_its_session_is_live(api, market, frozen):
    s = create(api, market.mentor, "Live now", starts_in=3 * HOUR)
    b = book(api, market.learner, s["session_id"])
    frozen.at(int(Session.get(s["session_id"]).starts_at))
    assert api.call("POST", f"/sessions/{s['session_id']}/go-live", {}, token=token(market.mentor))[0] == 200
    status, data = api.call("POST", f"/bookings/{b['booking_id']}/cancel", {}, token=token(market.learner))
    assert (status, data) == (409, {"error": "stale_state",
                                    "message": "The session is live; the booking can't be cancelled now."})
    assert Booking.get(b["booking_id"]).status == "confirmed"
    assert cancelled_events(b["booking_id"]) == []


def test_a_seat_still_held_for_payment_cannot_be_rejected_and_stays_held(pay, api, market, frozen):
    held = pay.paid_booking(20_000, requires_approval=True, title="Held seat")
    status, data = api.call("POST", f"/bookings/{held['booking_id']}/reject", {}, token=token(market.mentor))
    assert (status, data) == (409, {"error": "stale_state", "message": "This booking is already pending payment."})
    kept = Booking.get(held["booking_id"])
    assert (kept.status, kept.hold_key, kept.refund_due_paise, kept.refund_status) == ("pending_payment", "hold", 0, None)
    assert cancelled_events(held["booking_id"]) == []


# ---------- what cancelling and rejecting refund and say ----------

def test_a_learner_cancelling_a_paid_seat_early_is_refunded_in_full_for_that_reason(pay, api, market, frozen):
    b, order = paid_confirmed(pay, 40_000, title="Cancel me")
    status, c = api.call("POST", f"/bookings/{b['booking_id']}/cancel", {}, token=token(market.learner))
    assert status == 200, c
    assert (c["status"], c["refund_due_paise"], c["refund_status"], c["refund_if_cancelled_paise"]) == (
        "cancelled", 40_000, "requested", 0)
    assert c["session"]["room_code"] is None  # a cancelled seat no longer opens the room
    assert [(e["refund_paise"], e["reason"]) for e in cancelled_events(b["booking_id"])] == [(40_000, "learner_cancelled")]
    assert bell(market.mentor, "booking_cancelled") == [("booking_cancelled", "Booking cancelled: Cancel me",
                                                         "A learner cancelled.", "/dashboard/mentor")]
    pay.deliver(pay.events(order))
    assert refund_notes(market.learner) == [(
        "refund_requested", "Refund of ₹400 on its way",
        "You cancelled inside the refund window. It goes back to your original payment method.",
        "/dashboard/learner/payments")]


def test_rejecting_a_paid_request_refunds_it_in_full_and_says_how_much(pay, api, market, frozen):
    held = pay.paid_booking(50_000, requires_approval=True, title="Declined")
    r = pay.checkout(held["booking_id"])
    assert pay.verify(r)[0] == 200
    status, rejected = api.call("POST", f"/bookings/{held['booking_id']}/reject", {}, token=token(market.mentor))
    assert status == 200, rejected
    assert (rejected["status"], rejected["refund_due_paise"], rejected["refund_status"]) == ("rejected", 50_000,
                                                                                           "requested")
    # The mentor sees their own session's room code on the answer, whatever the booking's state.
    assert rejected["session"]["room_code"] == Session.get(held["session"]["session_id"]).room_code
    assert rejected["session"]["seats_left"] == 3
    assert [(e["refund_paise"], e["reason"]) for e in cancelled_events(held["booking_id"])] == [
        (50_000, "mentor_rejected")]
    assert bell(market.learner, "booking_rejected") == [(
        "booking_rejected", "Not approved: Declined",
        "The mentor declined this booking. Your ₹500 is being refunded in full.", "/sessions")]
    pay.deliver(pay.events(r["order_id"]))
    assert refund_notes(market.learner) == [(
        "refund_requested", "Refund of ₹500 on its way",
        "The mentor declined your booking request. It goes back to your original payment method.",
        "/dashboard/learner/payments")]


# ---------- the mentor's approvals list ----------

def test_the_approvals_list_shows_each_request_oldest_first_in_cursor_pages(api, market, make_user, frozen):
    mentor = market.mentor
    status, empty = api.call("GET", "/mentor/approvals", token=token(mentor))
    assert (status, empty) == (200, {"items": [], "next_cursor": None})
    asked = []
    for i, who in enumerate((market.learner, market.other, market.learner)):
        asked.append(free_request(api, market, who, f"Ask {i}", starts_in=(2 + i) * 86_400))
        frozen.at(frozen.now + 60)  # a minute apart: the list is oldest first
    status, page1 = api.call("GET", "/mentor/approvals?limit=2", token=token(mentor))
    assert status == 200, page1
    assert [i["booking_id"] for i in page1["items"]] == [asked[0]["booking_id"], asked[1]["booking_id"]]
    assert page1["next_cursor"]
    first = page1["items"][0]
    room = Session.get(asked[0]["session"]["session_id"]).room_code
    assert first["learner"] == {"user_id": uid(market.learner), "name": "Asha Rao"}
    assert (first["status"], first["session"]["title"], first["session"]["mentor"]["name"]) == (
        "pending_approval", "Ask 0", "Vikram Mentor")
    assert first["session"]["room_code"] == room  # the mentor's own session
    assert first["approval_due_at"] == iso(int(Booking.get(asked[0]["booking_id"]).approval_due_at))
    assert first["refund_if_cancelled_paise"] == 0 and first["can_report_problem"] is False
    assert page1["items"][1]["learner"] == {"user_id": uid(market.other), "name": "Asha Rao"}

    status, page2 = api.call("GET", f"/mentor/approvals?limit=2&cursor={page1['next_cursor']}", token=token(mentor))
    assert status == 200, page2
    assert [i["booking_id"] for i in page2["items"]] == [asked[2]["booking_id"]]
    assert page2["next_cursor"] is None

    # A cursor is bound to its mentor: another mentor cannot page through this one's requests.
    stranger = make_user("mentor")
    status, data = api.call("GET", f"/mentor/approvals?limit=2&cursor={page1['next_cursor']}", token=token(stranger))
    assert (status, data["error"]) == (400, "bad_cursor")


def test_a_page_of_approvals_reads_the_sessions_and_the_names_once(api, market, frozen, monkeypatch):
    """A page costs two batch reads however many requests it shows, not one read per request."""
    for i, who in enumerate((market.learner, market.other, market.learner)):
        free_request(api, market, who, f"Read {i}", starts_in=(2 + i) * 86_400)
    calls = {"people": 0, "load": 0}
    real_people, real_load = bookings.people, catalog.load

    def counted_people(ids: set[str]) -> Any:
        calls["people"] += 1
        return real_people(ids)

    def counted_load(session_id: str) -> Session:
        calls["load"] += 1
        return real_load(session_id)

    monkeypatch.setattr(bookings, "people", counted_people)
    monkeypatch.setattr(catalog, "load", counted_load)
    page = bookings.approvals(uid(market.mentor), None, 20)
    assert [i.session.title for i in page.items] == ["Read 0", "Read 1", "Read 2"]
    assert calls == {"people": 1, "load": 0}


# ---------- the mentor cancels a session, or never comes ----------

def test_a_mentor_cancelling_refunds_every_open_seat_in_full_even_inside_the_learners_window(
        pay, api, market, frozen):
    # Starts within the two hours in which a learner's own cancellation refunds nothing.
    paid, order = paid_confirmed(pay, 25_000, title="Called off", starts_at=at_quarter(HOUR))
    sid = paid["session"]["session_id"]
    assert paid["refund_if_cancelled_paise"] == 0
    frozen.at(frozen.now + 60)
    gone = book(api, market.other, sid)  # booked, then cancelled by its learner: skipped, not the end
    assert api.call("POST", f"/bookings/{gone['booking_id']}/cancel", {}, token=token(market.other))[0] == 200
    status, _ = api.call("POST", f"/sessions/{sid}/cancel", {"reason": "I'm unwell."}, token=token(market.mentor))
    assert status == 200
    b = Booking.get(paid["booking_id"])
    assert (b.status, b.refund_due_paise, b.refund_status) == ("cancelled", 25_000, "requested")
    assert [(e["refund_paise"], e["reason"]) for e in cancelled_events(paid["booking_id"])] == [
        (25_000, "mentor_cancelled")]
    assert bell(market.learner, "session_cancelled") == [(
        "session_cancelled", "Cancelled: Called off", "I'm unwell. You will be refunded in full.",
        "/dashboard/learner")]
    assert bell(market.other, "session_cancelled") == []  # they had cancelled already
    mails = [(m["subject"], m["body"]) for m in sent_emails(market.learner["email"])
             if m["subject"] == "A PeerLearn session was cancelled"]
    assert mails == [("A PeerLearn session was cancelled", "Called off was cancelled by the mentor. I'm unwell."
                      + f"\n\nOpen it on PeerLearn: {get_settings().public_base_url}/dashboard/learner\n")]
    pay.deliver(pay.events(order))
    assert refund_notes(market.learner) == [(
        "refund_requested", "Refund of ₹250 on its way",
        "The mentor cancelled the session. It goes back to your original payment method.",
        "/dashboard/learner/payments")]


def test_a_no_show_cancels_every_open_seat_and_says_the_mentor_did_not_join(api, market, frozen):
    s = create(api, market.mentor, "Nobody came")
    gone = book(api, market.learner, s["session_id"])  # the first seat was given up already: skipped
    assert api.call("POST", f"/bookings/{gone['booking_id']}/cancel", {}, token=token(market.learner))[0] == 200
    frozen.at(frozen.now + 60)
    b = book(api, market.other, s["session_id"])
    assert catalog.cancel_for_mentor_no_show(s["session_id"]) is not None  # the no-show job's call
    drain_events()
    kept = Booking.get(b["booking_id"])
    assert (kept.status, kept.refund_due_paise) == ("cancelled", 0)
    assert [(e["refund_paise"], e["reason"]) for e in cancelled_events(b["booking_id"])] == [(0, "mentor_no_show")]
    assert bell(market.other, "session_cancelled") == [("session_cancelled", "Cancelled: Nobody came",
                                                        catalog.NO_SHOW_REASON, "/dashboard/learner")]
    mails = [(m["subject"], m["body"]) for m in sent_emails(market.other["email"])
             if m["subject"] == "A PeerLearn session was cancelled"]
    assert mails == [("A PeerLearn session was cancelled", f"Nobody came was cancelled. {catalog.NO_SHOW_REASON}"
                      + f"\n\nOpen it on PeerLearn: {get_settings().public_base_url}/dashboard/learner\n")]
    # The seat given up before is left as it was: cancelled by its learner, not told of the no-show.
    assert [e["reason"] for e in cancelled_events(gone["booking_id"])] == ["learner_cancelled"]
    assert bell(market.learner, "session_cancelled") == []
    assert Session.get(s["session_id"]).seats_taken == 0


def test_a_seat_released_by_the_hold_sweeper_during_the_mentors_cancellation_is_skipped_and_the_rest_close(
        pay, api, market, frozen, monkeypatch):
    held = pay.paid_booking(20_000, title="Racing")  # the learner's seat, held for payment
    sid = held["session"]["session_id"]
    frozen.at(frozen.now + 60)
    _, paid = api.call("POST", f"/sessions/{sid}/book", {}, token=token(market.other))
    other = {**market.other, "access_token": token(market.other)}
    assert pay.verify(pay.checkout(paid["booking_id"], who=other), who=other)[0] == 200
    frozen.at(int(Booking.get(held["booking_id"]).hold_expires_at))
    real_refund_due = bookings.refund_due
    raced: list[str] = []

    def sweeper_releases_the_hold(b: Booking, by_mentor: bool) -> int:
        if by_mentor and not raced:  # between reading the seats and closing the first one
            raced.append(b.booking_id)
            assert bookings.expire_holds() == {"expired": 1}
        return real_refund_due(b, by_mentor=by_mentor)

    monkeypatch.setattr(bookings, "refund_due", sweeper_releases_the_hold)
    status, _ = api.call("POST", f"/sessions/{sid}/cancel", {"reason": ""}, token=token(market.mentor))
    assert status == 200
    assert raced == [held["booking_id"]]
    assert Booking.get(held["booking_id"]).status == "expired"
    kept = Booking.get(paid["booking_id"])
    assert (kept.status, kept.refund_due_paise) == ("cancelled", 20_000)
    assert bell(market.other, "session_cancelled") == [("session_cancelled", "Cancelled: Racing",
                                                        "The mentor cancelled this session. You will be refunded in full.",
                                                        "/dashboard/learner")]
    assert bell(market.learner, "session_cancelled") == []


def test_cancelling_a_sessions_bookings_counts_the_seats_it_closed_once(api, market, frozen):
    s = create(api, market.mentor, "Counted")
    for who in (market.learner, market.other):
        book(api, who, s["session_id"])
        frozen.at(frozen.now + 60)
    assert bookings.cancel_all_for_session(s["session_id"], "Counted", "", once="01evt",
                                           refund_reason="mentor_cancelled") == 2
    assert bookings.cancel_all_for_session(s["session_id"], "Counted", "", once="01evt",
                                           refund_reason="mentor_cancelled") == 0


# ---------- a problem report ----------

def test_a_learner_reports_a_problem_with_an_ended_session_and_sees_it_open(api, market, frozen):
    s = create(api, market.mentor, "Bad audio", starts_in=3 * HOUR)
    b = book(api, market.learner, s["session_id"])
    frozen.at(int(Session.get(s["session_id"]).starts_at))
    assert api.call("POST", f"/sessions/{s['session_id']}/go-live", {}, token=token(market.mentor))[0] == 200
    frozen.at(frozen.now + 55 * 60)
    assert api.call("POST", f"/sessions/{s['session_id']}/end", {}, token=token(market.mentor))[0] == 200
    status, data = api.call("POST", f"/bookings/{b['booking_id']}/report-problem", {"reason": "quality"},
                            token=token(market.other))
    assert (status, data["error"]) == (403, "access_denied")
    status, out = api.call("POST", f"/bookings/{b['booking_id']}/report-problem",
                           {"reason": "quality", "details": "No audio at all."}, token=token(market.learner))
    assert status == 201, out
    assert (out["booking_id"], out["status"], out["problem_status"], out["can_report_problem"]) == (
        b["booking_id"], "completed", "open", False)
    assert out["learner"] == {"user_id": uid(market.learner), "name": "Asha Rao"}
    assert out["session"]["title"] == "Bad audio"
    report = bookings.problems.load_report(b["booking_id"])
    assert (report.reason, report.details, report.learner_id) == ("quality", "No audio at all.", uid(market.learner))
    assert bell(market.mentor, "problem_reported") == [(
        "problem_reported", "A learner reported a problem: Bad audio",
        "Your earning for this booking is on hold until PeerLearn support reviews the report.",
        "/dashboard/mentor/earnings")]


# ---------- messaging needs a shared booking ----------

def test_only_a_learner_who_booked_a_mentor_may_message_that_mentor(api, market, make_user, frozen):
    elsewhere = make_user("mentor")
    s = create(api, market.mentor, "Talk later")
    book(api, market.learner, s["session_id"])
    status, _ = api.call("GET", f"/conversations/{uid(market.mentor)}", token=token(market.learner))
    assert status == 200
    status, _ = api.call("GET", f"/conversations/{uid(market.learner)}", token=token(market.mentor))
    assert status == 200
    # A mentor the learner never booked, and a learner who never booked: not eligible.
    other_mentor = elsewhere["user"]["user_id"]
    status, data = api.call("GET", f"/conversations/{other_mentor}", token=token(market.learner))
    assert (status, data["error"]) == (403, "not_eligible")
    status, data = api.call("GET", f"/conversations/{uid(market.mentor)}", token=token(market.other))
    assert (status, data["error"]) == (403, "not_eligible")
    assert bookings.shares_booking(uid(market.learner), uid(market.mentor)) is True
    assert bookings.shares_booking(uid(market.learner), other_mentor) is False


def test_the_answer_to_a_cancellation_shows_the_freed_seat(api, market, frozen):
    s = create(api, market.mentor, "Seat back", seats=2)
    b = book(api, market.learner, s["session_id"])
    assert b["session"]["seats_left"] == 1
    status, c = api.call("POST", f"/bookings/{b['booking_id']}/cancel", {}, token=token(market.learner))
    assert status == 200 and c["status"] == "cancelled"
    assert c["session"]["seats_left"] == 2 == 2 - Session.get(s["session_id"]).seats_taken
