"""Reminders at T-30 and T-10: the mentor and every confirmed learner, once each, whatever the number
of (overlapping) runs; by email only where the reminders switch is on."""

from __future__ import annotations

from chalicelib.jobs import reminders
from tests.functional.conftest import sent_emails
from tests.functional.jobs.conftest import run_twice_at_once, uid

TITLE = "Master Algebra in 1 Hour"


def test_each_reminder_reaches_the_mentor_and_every_confirmed_learner_exactly_once(desk, api, market, make_user):
    gone = make_user("learner")
    b = desk.session([market.learner, market.other], seats=3)
    _, left = api.call("POST", f"/sessions/{b.id}/book", {}, token=gone["access_token"])
    assert api.call("POST", f"/bookings/{left['booking_id']}/cancel", {}, token=gone["access_token"])[0] == 200
    status, me = api.call("PATCH", "/me", {"notification_prefs": {"email_reminders": False}},
                          token=market.other["access_token"])
    assert status == 200 and me["notification_prefs"]["email_reminders"] is False
    people = [market.mentor, market.learner, market.other]
    mails_before = {uid(p): len(sent_emails(p["email"])) for p in people}

    desk.at(b, -31 * 60)
    assert reminders.run() == {"reminded": 0}  # not due yet
    desk.at(b, -29 * 60)
    results = run_twice_at_once(reminders.run)
    assert sorted(r["reminded"] for r in results) == [0, 1]  # one run won the session's T-30 mark
    assert reminders.run() == {"reminded": 0}  # and a later run finds it done
    for who in people:
        notes = desk.notes(who, "session_reminder")
        assert [(n.title, n.link, n.at) for n in notes] == [(f"{TITLE} starts in 29 min", f"/session/{b.code}",
                                                              int(b.starts))], who["user"]["role"]
    assert desk.notes(gone, "session_reminder") == []  # cancelled: no longer confirmed

    desk.at(b, -9 * 60)
    results = run_twice_at_once(reminders.run)
    assert sorted(r["reminded"] for r in results) == [0, 1]
    desk.at(b, -3 * 60)
    assert reminders.run() == {"reminded": 0}  # T-10 is sent, nothing else is due
    for who in people:
        assert [n.title for n in desk.notes(who, "session_reminder")] == [f"{TITLE} starts in 29 min",
                                                                          f"{TITLE} starts in 9 min"]
    subjects = {uid(p): [m["subject"] for m in sent_emails(p["email"])[mails_before[uid(p)]:]] for p in people}
    expected = [f"Reminder: {TITLE} starts in 29 minutes", f"Reminder: {TITLE} starts in 9 minutes"]
    assert subjects[uid(market.mentor)] == expected
    assert subjects[uid(market.learner)] == expected
    assert subjects[uid(market.other)] == []  # the reminders switch is off: the bell only
    body = sent_emails(market.learner["email"])[-1]["body"]
    assert f"/session/{b.code}" in body


def test_a_late_run_sends_only_the_reminder_whose_window_it_is_in(desk, market):
    b = desk.session([market.learner])
    desk.at(b, -5 * 60)  # the scheduler missed the T-30 window entirely
    assert reminders.run() == {"reminded": 1}
    assert [n.title for n in desk.notes(market.learner, "session_reminder")] == [f"{TITLE} starts in 5 min"]
    desk.at(b, 60)
    assert reminders.run() == {"reminded": 0}  # started: no reminder any more


def test_a_cancelled_session_gets_no_reminder(desk, api, market):
    b = desk.session([market.learner])
    assert api.call("POST", f"/sessions/{b.id}/cancel", {"reason": "Ill"}, token=market.mentor["access_token"])[0] == 200
    desk.at(b, -20 * 60)
    assert reminders.run() == {"reminded": 0}
    assert desk.notes(market.learner, "session_reminder") == []
