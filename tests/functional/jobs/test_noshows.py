"""No-shows at start + 10 minutes, from the room's attendance."""

from __future__ import annotations

from chalicelib.bookings.models import Booking
from chalicelib.jobs import earnings, noshows
from chalicelib.jobs.models import NoShow
from chalicelib.payments.models import Payment, Refund
from tests.functional.conftest import drain_events, sent_emails
from tests.functional.jobs.conftest import run_twice_at_once, uid
from tests.functional.payments_helpers import ledger_total

TITLE = "Master Algebra in 1 Hour"
PRICE = 50_000


def test_a_mentor_who_never_came_cancels_the_session_refunds_everyone_in_full_and_is_recorded(desk, api, market):
    b = desk.session([market.learner, market.other], price=PRICE)
    assert desk.pay.balances()["held"] == 2 * 45_000
    desk.at(b, -5 * 60)
    desk.join(b, market.learner, "learner-1")  # a learner came; the mentor never does (only goes live)
    assert api.call("POST", f"/sessions/{b.id}/go-live", {}, token=desk.token(market.mentor))[0] == 200
    desk.at(b, 9 * 60)
    assert noshows.run() == {"checked": 0}  # still inside the 10 minutes
    desk.at(b, 11 * 60)  # inside the no-refund window: a learner's own cancellation would get nothing back
    results = run_twice_at_once(noshows.run)
    assert sorted(r["checked"] for r in results) == [0, 1]
    for order in b.orders.values():
        desk.pay.deliver(desk.pay.events(order))
    drain_events()

    _, s = api.call("GET", f"/sessions/{b.id}", token=desk.token(market.mentor))
    assert s["status"] == "cancelled"
    for learner in (market.learner, market.other):
        booking = Booking.get(b.bookings[uid(learner)]["booking_id"])
        assert booking.status == "cancelled" and booking.refund_due_paise == PRICE
        p = Payment.get(b.orders[uid(learner)])
        assert (p.status, int(p.refunded_paise)) == ("refunded", PRICE)  # in full
        told = [n for n in desk.notes(learner, "session_cancelled")]
        assert len(told) == 1 and told[0].title == f"Cancelled: {TITLE}"
        assert "The mentor didn't join" in told[0].body and "refunded in full" in told[0].body
        assert [n.title for n in desk.notes(learner, "refund_requested")] == ["Refund of ₹500 on its way"]
        mail = [m for m in sent_emails(learner["email"]) if m["subject"] == "A PeerLearn session was cancelled"]
        assert len(mail) == 1 and mail[0]["body"].startswith(f"{TITLE} was cancelled. The mentor didn't join")
        refunds = list(Refund.by_order.query(p.order_id))
        assert [(r.reason, int(r.amount_paise)) for r in refunds] == [("mentor_no_show", PRICE)]
    assert desk.pay.balances() == {"held": 0, "available": 0, "platform": 0, "payouts": 0}
    assert ledger_total() == 0
    mentor_notes = desk.notes(market.mentor, "no_show_mentor")
    assert [n.title for n in mentor_notes] == [f"You missed {TITLE}"]

    status, page = api.call("GET", "/admin/no-shows", token=desk.admin())
    assert status == 200, page
    assert [(i["user_id"], i["role"], i["outcome"], i["session_id"], i["name"]) for i in page["items"]] == [
        (uid(market.mentor), "mentor", "cancelled_refunded", b.id, market.mentor["user"]["name"])]
    _, learners = api.call("GET", "/admin/no-shows?role=learner", token=desk.admin())
    assert learners["items"] == []  # the learner came; the other one had nothing to come to
    _, one = api.call("GET", f"/admin/no-shows?user_id={uid(market.mentor)}", token=desk.admin())
    assert [i["session_id"] for i in one["items"]] == [b.id]

    desk.at(b, 20 * 60)
    assert noshows.run() == {"checked": 0}  # cancelled: out of the index; nothing happens twice
    assert len(list(NoShow.query(b.id))) == 1


def test_a_learner_who_never_came_is_recorded_and_the_mentor_keeps_the_earning(desk, api, market):
    b = desk.session([market.learner, market.other], price=PRICE)
    desk.at(b, -2 * 60)
    desk.join(b, market.mentor, "mentor-1")
    desk.join(b, market.learner, "learner-1")  # `other` never comes
    desk.at(b, 11 * 60)
    assert sorted(r["checked"] for r in run_twice_at_once(noshows.run)) == [0, 1]
    assert noshows.run() == {"checked": 0}
    assert [(n.title, n.body) for n in desk.notes(market.mentor, "no_show_learner")] == [
        (f"{market.other['user']['name']} didn't join {TITLE}",
         "They didn't come within 10 minutes of the start. You keep your earning for their seat.")]
    assert [(x.user_id, x.role, x.outcome) for x in NoShow.query(b.id)] == [(uid(market.other), "learner",
                                                                              "mentor_paid")]
    _, page = api.call("GET", "/admin/no-shows?role=learner", token=desk.admin())
    assert [i["user_id"] for i in page["items"]] == [uid(market.other)]
    _, s = api.call("GET", f"/sessions/{b.id}", token=desk.token(market.mentor))
    assert s["status"] in ("scheduled", "live")  # the session goes on

    desk.at(b, 60 * 60)
    from chalicelib.catalog import service as catalog

    assert catalog.complete_ended()["completed"] == 1
    drain_events()
    desk.after_end(b, 24 * 3600 + 1)
    assert earnings.release_due() == {"released": 2, "waiting": 0, "absent": 0}
    assert desk.pay.balances()["available"] == 2 * 45_000  # the absent learner's seat is paid too
    assert Payment.get(b.orders[uid(market.other)]).refunded_paise == 0


def test_when_everyone_came_nothing_happens(desk, api, market):
    b = desk.session([market.learner], price=PRICE)
    desk.at(b, -1 * 60)
    desk.join(b, market.mentor, "mentor-1")
    desk.join(b, market.learner, "learner-1")
    desk.at(b, 11 * 60)
    assert noshows.run() == {"checked": 1}
    assert list(NoShow.query(b.id)) == []
    assert desk.notes(market.mentor, "no_show_learner") == [] and desk.notes(market.mentor, "no_show_mentor") == []
    assert Booking.get(b.bookings[uid(market.learner)]["booking_id"]).status == "confirmed"


def test_a_session_nobody_booked_is_not_a_no_show(desk, market):
    b = desk.session([], price=PRICE)
    desk.at(b, 11 * 60)
    assert noshows.run() == {"checked": 1}
    assert list(NoShow.query(b.id)) == []


def test_admin_no_shows_refuse_bad_input_and_other_roles(desk, api, market):
    admin = desk.admin()
    assert api.call("GET", "/admin/no-shows?role=admin", token=admin)[0] == 400
    assert api.call("GET", "/admin/no-shows?limit=0", token=admin)[0] == 400
    assert api.call("GET", "/admin/no-shows?cursor=bogus", token=admin)[0] == 400
    assert api.call("GET", "/admin/no-shows", token=market.mentor["access_token"])[0] == 403
