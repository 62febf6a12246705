"""Feedback prompts an hour after the end (attendees without feedback only), and the release of the
mentor's held share on attendance, after the delay."""

from __future__ import annotations

from chalicelib.jobs import earnings, feedback
from chalicelib.payments.models import Payment
from tests.functional.jobs.conftest import run_twice_at_once, uid

TITLE = "Master Algebra in 1 Hour"


def test_the_feedback_prompt_goes_once_to_attendees_who_have_not_given_feedback(desk, api, market, make_user):
    absent = make_user("learner")
    b = desk.session([market.learner, market.other, absent])
    desk.at(b, -3 * 60)
    assert api.call("POST", f"/sessions/{b.id}/go-live", {}, token=desk.token(market.mentor))[0] == 200
    desk.join(b, market.mentor, "mentor-1")
    desk.join(b, market.learner, "learner-1")
    desk.join(b, market.other, "other-1")
    desk.at(b, 30 * 60)
    status, _ = api.call("POST", f"/rooms/{b.code}/feedback", {"rating": 5, "comment": "Clear."},
                         token=desk.token(market.other))
    assert status == 201
    desk.at(b, 58 * 60)
    assert api.call("POST", f"/sessions/{b.id}/end", {}, token=desk.token(market.mentor))[0] == 200

    desk.at(b, 58 * 60 + 3599)
    assert feedback.run() == {"sessions_prompted": 0}  # not an hour yet
    desk.at(b, 58 * 60 + 3601)
    results = run_twice_at_once(feedback.run)
    assert sorted(r["sessions_prompted"] for r in results) == [0, 1]
    assert feedback.run() == {"sessions_prompted": 0}
    prompts = desk.notes(market.learner, "feedback_prompt")
    assert [(n.title, n.link) for n in prompts] == [(f"How was {TITLE}?", f"/session/{b.code}")]
    assert desk.notes(market.other, "feedback_prompt") == []  # already gave feedback
    assert desk.notes(absent, "feedback_prompt") == []  # never came
    assert desk.notes(market.mentor, "feedback_prompt") == []


def test_a_cancelled_session_prompts_nobody(desk, api, market):
    b = desk.session([market.learner])
    assert api.call("POST", f"/sessions/{b.id}/cancel", {"reason": "Ill"}, token=market.mentor["access_token"])[0] == 200
    desk.clock_at(2 * 3600)
    assert feedback.run() == {"sessions_prompted": 0}


def test_the_release_waits_for_the_delay_and_pays_only_a_mentor_who_attended(desk, api, market):
    came = desk.session([market.learner], price=40_000)
    missing = desk.session([market.other], price=30_000)
    desk.at(came, -60)
    desk.join(came, market.mentor, "mentor-1")
    desk.join(came, market.learner, "learner-1")
    desk.at(came, 50 * 60)
    assert api.call("POST", f"/sessions/{came.id}/end", {}, token=desk.token(market.mentor))[0] == 200
    desk.at(missing, 5 * 60)  # the mentor goes live, never enters the room, and ends it later
    desk.join(missing, market.other, "other-1")
    assert api.call("POST", f"/sessions/{missing.id}/go-live", {}, token=desk.token(market.mentor))[0] == 200
    desk.at(missing, 50 * 60)
    assert api.call("POST", f"/sessions/{missing.id}/end", {}, token=desk.token(market.mentor))[0] == 200
    assert desk.pay.balances()["held"] == 36_000 + 27_000

    desk.after_end(came, 24 * 3600 - 5)
    assert earnings.release_due() == {"released": 0, "waiting": 0, "absent": 0}  # the delay isn't over
    desk.after_end(missing, 24 * 3600 + 1)  # past both sessions' delay
    results = run_twice_at_once(earnings.release_due)
    assert sorted(r["released"] for r in results) == [0, 1]
    assert sum(r["absent"] for r in results) >= 1
    assert desk.pay.balances()["available"] == 36_000 and desk.pay.balances()["held"] == 27_000
    assert [n.title for n in desk.notes(market.mentor, "earning_available")] == ["₹360 available"]
    held = Payment.get(missing.orders[uid(market.other)])
    assert (held.earning_status, held.held_reason, held.release_key) == ("held", "mentor_absent", None)
    assert earnings.release_due() == {"released": 0, "waiting": 0, "absent": 0}  # out of the sweep


def test_an_open_problem_report_keeps_an_attended_share_held(desk, api, market):
    b = desk.session([market.learner], price=20_000)
    desk.at(b, -60)
    desk.join(b, market.mentor, "mentor-1")
    desk.join(b, market.learner, "learner-1")
    desk.at(b, 10 * 60)
    assert api.call("POST", f"/sessions/{b.id}/end", {}, token=desk.token(market.mentor))[0] == 200
    booking_id = b.bookings[uid(market.learner)]["booking_id"]
    status, _ = api.call("POST", f"/bookings/{booking_id}/report-problem", {"reason": "ended_early"},
                         token=desk.token(market.learner))
    assert status == 201
    desk.after_end(b, 3 * 86_400)
    assert earnings.release_due()["released"] == 0
    assert desk.pay.balances()["held"] == 18_000
