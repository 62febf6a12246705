"""`resend_unsent`: a refund whose call to Razorpay failed ambiguously is asked about after ten
minutes, adopted if Razorpay has it (by our id in its notes), settled as Razorpay says, and sent
again only when Razorpay has no such refund."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from chalicelib.core import clock
from chalicelib.payments import gateway, refunds
from chalicelib.payments.models import Payment, Refund
from tests.functional.payments_helpers import Payments


@pytest.fixture
def pay(api: Any, client: Any, standin: Any, market: Any, make_admin: Any) -> Payments:
    standin.control(reset=True, settle_delay_ms=0)
    return Payments(api, client, standin, market, make_admin)


@pytest.fixture
def at() -> Iterator[Callable[[int], None]]:
    """The app's clock held at a given second (the booking is paid for before it is first set)."""
    yield lambda t: clock.set_clock(lambda: float(t))
    clock.reset_clock()


def paid_order(pay: Payments, price: int = 20_000) -> str:
    b = pay.paid_booking(price)
    r = pay.checkout(b["booking_id"])
    status, data = pay.verify(r)
    assert status == 200 and data["booking"]["status"] == "confirmed", data
    return str(r["order_id"])


def unsent(pay: Payments, monkeypatch: pytest.MonkeyPatch, order: str, *, reached: bool) -> Refund:
    """A refund whose call timed out: `reached` says whether Razorpay made it anyway."""
    real = gateway.refund

    def lost(payment_id: str, amount: int, notes: dict[str, str]) -> dict[str, Any]:
        if reached:
            real(payment_id, amount, notes)
        raise gateway.PaymentsUnavailable()

    monkeypatch.setattr(gateway, "refund", lost)
    r = refunds.refund_payment(order, 1_000, reason="admin")
    monkeypatch.setattr(gateway, "refund", real)
    assert (r.status, r.razorpay_refund_id) == ("pending", None)
    return r


def at_razorpay(pay: Payments, order: str) -> list[dict[str, Any]]:
    rz = str(Payment.get(order).razorpay_payment_id)
    return [r for r in pay.standin.store.refunds.values() if r["payment_id"] == rz]


def waiting(pay: Payments, monkeypatch: pytest.MonkeyPatch, at: Callable[[int], None], *,
            reached: bool = False) -> tuple[str, int, Refund]:
    """A paid order and a refund of it whose call timed out, made at second t0: (order, t0, refund)."""
    order = paid_order(pay)
    t0 = int(time.time())
    at(t0)
    return order, t0, unsent(pay, monkeypatch, order, reached=reached)


def test_it_waits_ten_minutes_to_the_second_then_sends_once(pay, monkeypatch, at):
    order, t0, r = waiting(pay, monkeypatch, at)
    at(t0 + 599)
    assert refunds.resend_unsent() == 0  # its webhook may still come
    at(t0 + 600)
    assert refunds.resend_unsent() == 1
    assert refunds.resend_unsent() == 0  # sent: out of the index
    again = Refund.get(r.refund_id)
    assert again.unsent_key is None and again.razorpay_refund_id
    assert [x["amount"] for x in at_razorpay(pay, order)] == [1_000]


def test_while_razorpay_is_still_unreachable_nothing_is_sent_and_the_next_run_tries_again(pay, monkeypatch, at):
    order, t0, r = waiting(pay, monkeypatch, at)
    at(t0 + 700)

    def down(payment_id: str) -> list[dict[str, Any]]:
        raise gateway.PaymentsUnavailable()

    real_list, real_refund = gateway.refunds_of, gateway.refund
    monkeypatch.setattr(gateway, "refunds_of", down)
    monkeypatch.setattr(gateway, "refund", lambda *a: pytest.fail("sent without asking Razorpay first"))
    assert refunds.resend_unsent() == 0
    assert Refund.get(r.refund_id).unsent_key is not None  # still waiting
    monkeypatch.setattr(gateway, "refunds_of", real_list)
    monkeypatch.setattr(gateway, "refund", real_refund)
    assert refunds.resend_unsent() == 1


def test_a_refund_razorpay_failed_is_settled_as_failed_and_the_money_put_back(pay, monkeypatch, at):
    order, t0, r = waiting(pay, monkeypatch, at, reached=True)
    assert Payment.get(order).refunded_paise == 1_000  # reserved while pending
    (theirs,) = at_razorpay(pay, order)
    theirs["status"] = "failed"
    at(t0 + 600)
    assert refunds.resend_unsent() == 0  # adopted, not sent again
    settled = Refund.get(r.refund_id)
    assert (settled.status, settled.razorpay_refund_id, settled.unsent_key) == ("failed", theirs["id"], None)
    assert int(Payment.get(order).refunded_paise or 0) == 0
    assert len(at_razorpay(pay, order)) == 1


def test_only_a_refund_carrying_our_id_is_adopted(pay, monkeypatch, at):
    order, t0, r = waiting(pay, monkeypatch, at)
    rz = str(Payment.get(order).razorpay_payment_id)
    gateway.refund(rz, 100, {"peerlearn_refund_id": "rf_someone_else"})
    others = at_razorpay(pay, order)
    monkeypatch.setattr(gateway, "refunds_of", lambda payment_id: [*others, {"id": "rfnd_odd", "notes": [],
                                                                            "status": "processed"}])
    at(t0 + 600)
    assert refunds.resend_unsent() == 1  # neither is ours: sent
    mine = Refund.get(r.refund_id)
    assert mine.razorpay_refund_id not in {x["id"] for x in others} | {"rfnd_odd"}


def test_a_row_already_answered_leaves_the_index_without_a_call(pay, monkeypatch, at):
    order, t0, r = waiting(pay, monkeypatch, at)
    r.update(actions=[Refund.razorpay_refund_id.set("rfnd_from_the_webhook")])  # its mark stayed behind
    at(t0 + 600)
    monkeypatch.setattr(gateway, "refunds_of", lambda payment_id: pytest.fail("asked Razorpay again"))
    monkeypatch.setattr(gateway, "refund", lambda *a: pytest.fail("sent again"))
    assert refunds.resend_unsent() == 0
    assert Refund.get(r.refund_id).unsent_key is None


# ---------- a refund Razorpay processed, as the learner hears of it ----------

def test_a_processed_refund_is_told_once_by_bell_and_email_and_keeps_the_first_razorpay_id(pay, monkeypatch, at):
    from chalicelib.bookings.models import Booking
    from chalicelib.notifications.models import Notification
    from tests.functional.conftest import sent_emails

    order, t0, r = waiting(pay, monkeypatch, at)
    learner = pay.market.learner["user"]
    before = len(sent_emails(learner["email"]))
    at(t0 + 5)
    done = refunds.on_processed(r.refund_id, "rfnd_first")
    assert done.refund_id == r.refund_id
    stored = Refund.get(r.refund_id)
    assert (stored.status, stored.razorpay_refund_id, stored.unsent_key, int(stored.updated_at)) == (
        "processed", "rfnd_first", None, t0 + 5)
    assert Booking.get(str(Payment.get(order).booking_id)).refund_status == "processed"
    bell = [(n.kind, n.title, n.body, n.link) for n in Notification.query(learner["user_id"])
            if n.kind == "refund_processed"]
    assert bell == [("refund_processed", "Refund of ₹10 processed",
                     "It reaches your account in 5–7 working days, depending on your bank.",
                     "/dashboard/learner/payments")]
    mails = sent_emails(learner["email"])[before:]
    assert [m["subject"] for m in mails] == ["Your PeerLearn refund is processed"]
    assert "We've refunded ₹10. It reaches your account in 5–7 working days." in mails[0]["body"]
    # a second delivery (another webhook, the resend job) changes nothing and tells nobody again
    at(t0 + 9)
    refunds.on_processed(r.refund_id, "rfnd_second")
    refunds.on_failed(r.refund_id, "rfnd_second")
    again = Refund.get(r.refund_id)
    assert (again.status, again.razorpay_refund_id, int(again.updated_at)) == ("processed", "rfnd_first", t0 + 5)
    assert len([n for n in Notification.query(learner["user_id"]) if n.kind == "refund_processed"]) == 1
    assert len(sent_emails(learner["email"])[before:]) == 1
    with pytest.raises(LookupError):
        refunds.on_processed("rf_nobody", None)


def test_a_processed_refund_keeps_the_razorpay_id_it_already_had(pay, monkeypatch, at):
    order = paid_order(pay)
    at(int(time.time()))
    r = unsent(pay, monkeypatch, order, reached=False)
    r.update(actions=[Refund.razorpay_refund_id.set("rfnd_known")])
    refunds.on_processed(r.refund_id, "rfnd_other")
    assert Refund.get(r.refund_id).razorpay_refund_id == "rfnd_known"
    refunds.on_processed(r.refund_id, None)  # (already processed) no id is no change either
    assert Refund.get(r.refund_id).razorpay_refund_id == "rfnd_known"


def test_one_run_goes_through_every_waiting_refund_whatever_happens_to_each(pay, monkeypatch, at):
    """Five refunds waiting, oldest first: one already answered, one whose payment Razorpay can't
    list right now, one Razorpay never got, one it made, one more it never got. The run settles each
    on its own merits and counts the two it sent."""
    unreachable, order = paid_order(pay), paid_order(pay)
    t0 = int(time.time())
    rows = []
    for i, (o, reached) in enumerate([(order, False), (unreachable, False), (order, False), (order, True),
                                      (order, False)]):
        at(t0 + i)  # the unsent index is read oldest first
        rows.append(unsent(pay, monkeypatch, o, reached=reached))
    answered, waiting, lost, made, lost_too = rows
    answered.update(actions=[Refund.razorpay_refund_id.set("rfnd_from_the_webhook")])
    (theirs,) = [x for x in at_razorpay(pay, order) if x["notes"].get("peerlearn_refund_id") == made.refund_id]
    theirs["status"] = "processed"
    down = str(Payment.get(unreachable).razorpay_payment_id)
    real_list = gateway.refunds_of

    def listing(payment_id: str) -> list[dict[str, Any]]:
        if payment_id == down:
            raise gateway.PaymentsUnavailable()
        return real_list(payment_id)

    monkeypatch.setattr(gateway, "refunds_of", listing)
    at(t0 + 610)
    assert refunds.resend_unsent() == 2  # `lost` and `lost_too`
    after = {r.refund_id: Refund.get(r.refund_id) for r in rows}
    assert after[answered.refund_id].unsent_key is None
    assert (after[waiting.refund_id].status, after[waiting.refund_id].unsent_key) == ("pending", "pending")
    assert (after[made.refund_id].status, after[made.refund_id].razorpay_refund_id) == ("processed", theirs["id"])
    for r in (lost, lost_too):
        assert after[r.refund_id].razorpay_refund_id and after[r.refund_id].unsent_key is None
    notes = [x["notes"].get("peerlearn_refund_id") for x in at_razorpay(pay, order)]
    assert sorted(n for n in notes if n) == sorted([made.refund_id, lost.refund_id, lost_too.refund_id])


# ---------- a share refunded in full before its release ----------

def test_a_share_refunded_in_full_is_released_as_reversed_and_moves_no_money(pay):
    from chalicelib.payments import capture

    order = paid_order(pay)
    r = refunds.refund_payment(order, None, reason="admin")  # everything back, the mentor's share with it
    refunds.on_processed(r.refund_id, r.razorpay_refund_id)
    p = Payment.get(order)
    assert int(p.mentor_reversed_paise) == int(p.mentor_paise) > 0
    before = pay.balances()
    assert capture.release_earning(str(p.booking_id)) is False  # nothing to make withdrawable
    assert Payment.get(order).earning_status == "reversed"
    assert pay.balances() == before
    assert capture.release_earning(str(p.booking_id)) is False  # and again: still nothing


def test_a_refund_says_why_the_money_went_back(pay):
    """The reason travels from the cancellation to the refund and to what the learner reads: a
    session the mentor cancelled is not refunded as if the learner had cancelled it."""
    from chalicelib.notifications.models import Notification
    from tests.functional.conftest import drain_events

    order = paid_order(pay)
    p = Payment.get(order)
    b = pay.api.call("GET", f"/bookings/{p.booking_id}", token=pay.market.learner["access_token"])[1]
    status, _ = pay.api.call("POST", f"/sessions/{b['session']['session_id']}/cancel", {"reason": "Unwell"},
                             token=pay.market.mentor["access_token"])
    assert status == 200
    drain_events()
    (r,) = list(Refund.by_order.query(order))
    assert (r.reason, r.refund_id, int(r.amount_paise)) == ("mentor_cancelled", f"{order}-mentor_cancelled", 20_000)
    told = [n.body for n in Notification.query(pay.market.learner["user"]["user_id"]) if n.kind == "refund_requested"]
    assert told == ["The mentor cancelled the session. It goes back to your original payment method."]
