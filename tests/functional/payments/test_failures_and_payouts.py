"""What failures do to the money, exactly: a refund Razorpay could not make, a payment attempt that
failed, a learner's report holding the mentor's share, and withdrawals through RazorpayX (sent,
processing, processed, returned, rejected).

Direct calls, as the webhook worker, the event subscribers and the payout path make them: the
records are written as checkout would leave them (no routes), Razorpay is the stand-in, and every
assertion reads back what is stored, what the ledger holds and what each person is told.
"""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.bookings.events import BookingProblemResolved
from chalicelib.bookings.models import Booking
from chalicelib.core import clock
from chalicelib.core.events import EventMeta
from chalicelib.core.ids import new_id
from chalicelib.notifications.models import Notification
from chalicelib.payments import capture, gateway, ledger, refunds, subscribers, views, webhooks, withdrawals
from chalicelib.payments.ledger import Leg
from chalicelib.payments.models import LedgerItem, Payment, PayoutAccount, Refund, Withdrawal
from chalicelib.payments.schemas import PaymentOut
from tests.functional.payments_helpers import FIXED_NOW

NOW = FIXED_NOW  # the app clock of `fixed_clock`: stored times are exact


pytestmark = pytest.mark.usefixtures("fixed_clock")


@pytest.fixture
def rz(standin: Any) -> Any:
    standin.control(reset=True, settle_delay_ms=0)
    return standin


@pytest.fixture
def people(market: Any) -> dict[str, str]:
    return {"learner": market.learner["user"]["user_id"], "mentor": market.mentor["user"]["user_id"]}


@pytest.fixture
def admin_id(make_admin: Any) -> str:
    from chalicelib.accounts.service import find_by_email

    return str(find_by_email(make_admin("ops@peerlearn.in")["email"]).user_id)


def told(user_id: str) -> list[tuple[str, str, str, str | None]]:
    """The user's bell since the test began (the app's clock), oldest first: (kind, title, body, link)."""
    return [(n.kind, n.title, n.body, n.link) for n in Notification.query(user_id) if int(n.created_at) >= NOW]


def captured_booking(rz: Any, people: dict[str, str], amount: int = 20_000) -> tuple[str, str, str]:
    """A confirmed seat paid at the stand-in and captured (ledger and all): (order, booking, payment id)."""
    booking_id = new_id()
    order = gateway.create_order(amount, booking_id[:40], {"peerlearn_kind": "booking", "booking_id": booking_id,
                                                          "learner_id": people["learner"]})
    paid = rz.pay(order["id"], "success")
    Booking(booking_id=booking_id, session_id="s1", learner_id=people["learner"], mentor_id=people["mentor"],
            status="confirmed", amount_paise=amount, starts_at=NOW + 86_400, ends_at=NOW + 90_000,
            created_at=NOW, updated_at=NOW, paid_order_id=order["id"]).save()
    mentor, platform = ledger.split(amount)
    Payment(order_id=order["id"], kind="booking", booking_id=booking_id, session_id="s1", session_title="Algebra",
            session_ends_at=NOW + 90_000, learner_id=people["learner"], mentor_id=people["mentor"],
            amount_paise=amount, mentor_paise=mentor, platform_paise=platform, status="created",
            created_at=NOW, updated_at=NOW).save()
    capture.on_captured(order["id"], paid["razorpay_payment_id"], amount)
    return order["id"], booking_id, paid["razorpay_payment_id"]


def deliver(rz: Any, entity_id: str, event: str) -> list[str]:
    """The stand-in's webhooks about `entity_id`, through the worker (as SQS hands them over)."""
    import time

    deadline = time.time() + 10
    while not rz.idle() and time.time() < deadline:
        time.sleep(0.01)
    return [webhooks.handle_one(r["id"], r["body"]) for r in rz.events(entity_id=entity_id, event=event)]


def money_of(mentor: str) -> dict[str, int]:
    return {"held": ledger.balance(ledger.mentor_held(mentor)),
            "available": ledger.balance(ledger.mentor_available(mentor)),
            "platform": ledger.balance(ledger.PLATFORM_FEES)}


def in_release_sweep(order_id: str) -> bool:
    return order_id in {p.order_id for p in Payment.held_earnings.query("held")}


# ---------- a refund Razorpay could not make ----------

def test_a_failed_full_refund_puts_back_every_paisa_the_share_and_the_release_sweep(rz, people, admin_id):
    order, booking_id, _ = captured_booking(rz, people, 20_000)
    rz.control(refund_outcome="failed")
    r = refunds.refund_payment(order, None, reason="admin")
    reserved = Payment.get(order)
    assert (reserved.status, reserved.earning_status, reserved.release_key) == ("refunded", "reversed", None)
    assert money_of(people["mentor"]) == {"held": 0, "available": 0, "platform": 0}

    assert deliver(rz, order, "refund.failed") == ["refund_failed"]

    stored = Refund.get(r.refund_id)
    assert (stored.status, stored.unsent_key, stored.updated_at) == ("failed", None, NOW)
    p = Payment.get(order)
    assert (p.status, int(p.refunded_paise), int(p.mentor_reversed_paise)) == ("captured", 0, 0)
    assert (p.earning_status, p.release_key) == ("held", "held")
    assert in_release_sweep(order)  # the share waits for the session again
    b = Booking.get(booking_id)
    assert (b.refund_status, int(b.refunded_paise), b.refund_ids) == ("failed", 0, None)
    assert money_of(people["mentor"]) == {"held": 18_000, "available": 0, "platform": 2_000}
    assert LedgerItem.get(f"refund-failed:{r.refund_id}", 0).kind == "refund_failed"
    assert ledger.month_totals(clock.month(NOW)) == {"revenue_paise": 20_000, "refunds_paise": 0,
                                                     "platform_fees_paise": 2_000}
    rev = views.revenue()
    assert (rev.captured_paise, rev.refunded_paise) == (20_000, 0)
    assert told(people["learner"]) == [
        ("refund_requested", "Refund of ₹200 on its way",
         "PeerLearn support refunded this payment. It goes back to your original payment method.",
         "/dashboard/learner/payments"),
        ("refund_failed", "Refund of ₹200 couldn't be completed",
         "Our team has been told and will sort it out with you.", "/dashboard/learner/payments")]
    assert told(admin_id) == [("refund_failed", "Refund failed: ₹200", f"Order {order}, refund {r.refund_id}.",
                               "/dashboard/admin/payments")]

    # Razorpay's redelivery (or a resend) changes nothing and tells no one again.
    assert refunds.on_failed(r.refund_id, stored.razorpay_refund_id).status == "failed"
    assert money_of(people["mentor"]) == {"held": 18_000, "available": 0, "platform": 2_000}
    assert Payment.get(order).status == "captured" and int(Payment.get(order).refunded_paise) == 0
    assert len(told(people["learner"])) == 2 and len(told(admin_id)) == 1


def test_a_failed_second_refund_leaves_the_first_in_place(rz, people, admin_id):
    order, booking_id, _ = captured_booking(rz, people, 20_000)
    first = refunds.refund_payment(order, 5_000, reason="admin")  # the stand-in processes this one
    rz.control(refund_outcome="failed")
    second = refunds.refund_payment(order, 3_000, reason="admin")
    deliver(rz, order, "refund.processed")
    assert deliver(rz, order, "refund.failed") == ["refund_failed"]
    assert (Refund.get(first.refund_id).status, Refund.get(second.refund_id).status) == ("processed", "failed")
    p = Payment.get(order)
    kept_back = 5_000 * 18_000 // 20_000
    assert (p.status, int(p.refunded_paise), int(p.mentor_reversed_paise)) == ("partially_refunded", 5_000, kept_back)
    assert (p.earning_status, p.release_key) == ("held", "held")
    b = Booking.get(booking_id)
    assert (b.refund_status, int(b.refunded_paise), set(b.refund_ids)) == ("failed", 5_000, {first.refund_id})
    assert money_of(people["mentor"]) == {"held": 18_000 - kept_back, "available": 0, "platform": 2_000 - 500}
    assert views.revenue().refunded_paise == 5_000
    assert told(admin_id) == [("refund_failed", "Refund failed: ₹30", f"Order {order}, refund {second.refund_id}.",
                               "/dashboard/admin/payments")]


def test_a_refund_failure_that_lost_the_race_to_processed_changes_nothing(rz, people, monkeypatch):
    order, _, _ = captured_booking(rz, people, 20_000)
    r = refunds.refund_payment(order, None, reason="admin")  # pending here until a webhook says otherwise
    read_while_pending = Refund.get(r.refund_id)
    refunds.on_processed(r.refund_id, None)  # refund.processed lands between the read and the write
    real_find = refunds._find
    stale = iter([read_while_pending])
    monkeypatch.setattr(refunds, "_find", lambda rid: next(stale, None) or real_find(rid))
    assert refunds.on_failed(r.refund_id, None).status == "processed"
    p = Payment.get(order)
    assert (p.status, int(p.refunded_paise), p.earning_status) == ("refunded", 20_000, "reversed")
    assert money_of(people["mentor"]) == {"held": 0, "available": 0, "platform": 0}
    assert not ledger.posted(f"refund-failed:{r.refund_id}")
    assert [k for k, *_ in told(people["learner"])][-1] == "refund_processed"


def test_a_failure_for_a_refund_we_never_made_names_it():
    with pytest.raises(LookupError) as exc:
        refunds.on_failed("rf_unknown", None)
    assert exc.value.args == ("rf_unknown",)


# ---------- a payment attempt that failed ----------

def created_order(people: dict[str, str], amount: int = 10_000) -> str:
    order = f"order_{new_id()}"
    mentor, platform = ledger.split(amount)
    Payment(order_id=order, kind="booking", booking_id=new_id(), session_id="s1", learner_id=people["learner"],
            mentor_id=people["mentor"], amount_paise=amount, mentor_paise=mentor, platform_paise=platform,
            status="created", created_at=NOW, updated_at=NOW).save()
    return order


def test_each_failed_attempt_is_counted_once_and_says_how_many_are_left(people):
    order = created_order(people)
    p = capture.on_failed(order, "pay_1", "Your bank declined the card.")
    assert (p.status, set(p.failed_ids)) == ("failed", {"pay_1"})
    capture.on_failed(order, "pay_1", "Your bank declined the card.")  # the same failure, delivered again
    assert set(Payment.get(order).failed_ids) == {"pay_1"}
    capture.on_failed(order, "pay_2", "")
    capture.on_failed(order, "pay_3", "")
    link = "/dashboard/learner/activity"
    assert told(people["learner"]) == [
        ("payment_failed", "Payment failed", "Your bank declined the card. You can retry 2 more times.", link),
        ("payment_failed", "Payment failed", "The payment didn't go through. You can retry 1 more time.", link),
        ("payment_failed", "Payment failed", "The payment didn't go through. Try another method?", link)]
    assert set(Payment.get(order).failed_ids) == {"pay_1", "pay_2", "pay_3"}


def test_a_late_failure_after_the_capture_tells_no_one(rz, people):
    order, _, _ = captured_booking(rz, people)
    before = told(people["learner"])
    p = capture.on_failed(order, "pay_late", "")
    assert (p.status, set(p.failed_ids)) == ("captured", {"pay_late"})
    assert told(people["learner"]) == before


# ---------- a learner's report holds the mentor's share ----------

def resolved(booking_id: str, people: dict[str, str], outcome: str, refund: int) -> None:
    event = BookingProblemResolved(booking_id=booking_id, session_id="s1", learner_id=people["learner"],
                                   mentor_id=people["mentor"], outcome=outcome, refund_paise=refund)
    subscribers.settle_reported_booking(event, EventMeta(event_id=new_id(), correlation_id=None, created_at=NOW))


def on_hold(order_id: str) -> bool:
    return PaymentOut.from_model(Payment.get(order_id), learner_name="", mentor_name="", failed_attempts=0).on_hold


def test_a_report_takes_the_share_out_of_the_sweep_and_releasing_it_puts_it_back_once(rz, people):
    order, booking_id, _ = captured_booking(rz, people)
    capture.hold_for_report(booking_id)
    p = Payment.get(order)
    assert (p.held_reason, p.release_key, p.earning_status) == ("problem_reported", None, "held")
    assert on_hold(order) and not in_release_sweep(order)
    clock.set_clock(lambda: float(NOW + 60))
    resolved(booking_id, people, "released", 0)
    p = Payment.get(order)
    assert (p.held_reason, p.release_key, p.earning_status, p.updated_at) == (None, "held", "held", NOW + 60)
    assert not on_hold(order) and in_release_sweep(order)
    clock.set_clock(lambda: float(NOW + 120))
    resolved(booking_id, people, "released", 0)  # the event delivered again: nothing to do
    assert Payment.get(order).updated_at == NOW + 60
    assert Refund.by_order.count(order) == 0


def test_a_report_filed_while_the_share_is_being_released_leaves_it_released(rz, people, monkeypatch):
    order, booking_id, _ = captured_booking(rz, people)
    real_query = Payment.by_booking.query
    raced = []

    def read_then_release(booking: str, *args: Any, **kwargs: Any) -> Any:
        items = list(real_query(booking, *args, **kwargs))
        if not raced:  # the sweep releases the share between the report's read and its write
            raced.append(True)
            assert capture.release_earning(booking_id)
        return iter(items)

    monkeypatch.setattr(Payment.by_booking, "query", read_then_release)
    capture.hold_for_report(booking_id)
    p = Payment.get(order)
    assert (p.earning_status, p.held_reason, p.release_key) == ("available", None, None)
    assert money_of(people["mentor"]) == {"held": 0, "available": 18_000, "platform": 2_000}


def test_support_refunding_everything_before_releasing_the_report_keeps_the_share_out_of_the_sweep(rz, people):
    order, booking_id, _ = captured_booking(rz, people)
    capture.hold_for_report(booking_id)
    refunds.refund_payment(order, None, reason="admin")  # reverses the held share
    resolved(booking_id, people, "released", 0)
    p = Payment.get(order)
    assert (p.earning_status, p.release_key, p.held_reason) == ("reversed", None, "problem_reported")
    assert not in_release_sweep(order)


def test_an_upheld_report_refunds_what_support_decided_for_the_problem(rz, people):
    order, booking_id, _ = captured_booking(rz, people)
    capture.hold_for_report(booking_id)
    resolved(booking_id, people, "refunded", 5_000)
    r = Refund.get(f"{order}-problem_refund")
    assert (int(r.amount_paise), r.reason, r.order_id, r.status) == (5_000, "problem_refund", order, "pending")
    assert told(people["learner"])[-1] == (
        "refund_requested", "Refund of ₹50 on its way",
        "PeerLearn support upheld the problem you reported. It goes back to your original payment method.",
        "/dashboard/learner/payments")
    assert Payment.get(order).held_reason == "problem_reported"  # the rest stays with support's decision


def test_an_upheld_report_with_a_single_paisa_left_still_asks_razorpay_and_its_refusal_reaches_support(
        rz, people, admin_id):
    order, booking_id, _ = captured_booking(rz, people)
    capture.hold_for_report(booking_id)
    resolved(booking_id, people, "refunded", 1)
    r = Refund.get(f"{order}-problem_refund")  # Razorpay refunds at least ₹1: it refuses this one
    assert (int(r.amount_paise), r.reason, r.status) == (1, "problem_refund", "failed")
    assert told(admin_id) == [("refund_failed", "Refund failed: ₹0.01", f"Order {order}, refund {r.refund_id}.",
                               "/dashboard/admin/payments")]
    p = Payment.get(order)
    assert (p.status, int(p.refunded_paise), p.held_reason, p.release_key) == ("captured", 0, "problem_reported", None)


@pytest.mark.parametrize("outcome,refund", [("refunded", 0), ("released", 5_000)])
def test_a_resolution_with_nothing_to_refund_ends_the_hold_and_refunds_nothing(rz, people, outcome, refund):
    order, booking_id, _ = captured_booking(rz, people)
    capture.hold_for_report(booking_id)
    resolved(booking_id, people, outcome, refund)
    p = Payment.get(order)
    assert (p.held_reason, p.release_key, p.status, int(p.refunded_paise)) == (None, "held", "captured", 0)
    assert Refund.by_order.count(order) == 0


# ---------- withdrawals through RazorpayX ----------

def fund(owner: str, amount: int) -> None:
    available, _ = withdrawals.accounts_of(owner)
    assert ledger.post(f"fund:{owner}:{new_id()}", "test_funding", [Leg(ledger.external("test"), -amount),
                                                                     Leg(available, amount)])


def vpa_account(owner: str, fund_account_id: str = "fa_offline00001") -> None:
    PayoutAccount(owner=owner, kind="vpa", masked="vi****@okicici", contact_id="cont_1",
                  fund_account_id=fund_account_id, updated_at=NOW).save()


def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """RazorpayX unreachable: a withdrawal stays `requested` (its retry sends it later)."""
    def unreachable(body: dict[str, Any], key: str) -> dict[str, Any]:
        raise gateway.PaymentsUnavailable()

    monkeypatch.setattr(gateway, "create_payout", unreachable)


def requested(owner: str, amount: int, monkeypatch: pytest.MonkeyPatch) -> str:
    fund(owner, amount)
    vpa_account(owner)
    with monkeypatch.context() as m:
        offline(m)  # type: ignore[arg-type]
        w = withdrawals.withdraw(owner, amount)
    assert w.status == "requested"
    return w.withdrawal_id


def balances_of(owner: str) -> dict[str, int]:
    available, pending = withdrawals.accounts_of(owner)
    return {"available": ledger.balance(available), "in_flight": ledger.balance(pending),
            "bank": ledger.balance(ledger.external(f"bank:{owner}"))}


def test_a_withdrawal_sends_razorpayx_exactly_this_payout_and_records_it(rz, people, monkeypatch):
    from chalicelib.payments.schemas import PayoutAccountIn

    mentor = people["mentor"]
    fund(mentor, 60_000)
    withdrawals.save_account(mentor, "Vikram", PayoutAccountIn.model_validate({"kind": "vpa",
                                                                               "vpa": "vikram@okicici"}))
    fund_account = PayoutAccount.get(mentor).fund_account_id
    sent: list[tuple[dict[str, Any], str, dict[str, Any]]] = []
    real = gateway.create_payout

    def recording(body: dict[str, Any], key: str) -> dict[str, Any]:
        answer = real(body, key)
        sent.append((body, key, answer))
        return answer

    monkeypatch.setattr(gateway, "create_payout", recording)
    w = withdrawals.withdraw(mentor, 50_000)
    [(body, key, answer)] = sent
    assert body == {"fund_account_id": fund_account, "amount": 50_000, "currency": "INR", "mode": "UPI",
                    "purpose": "payout", "queue_if_low_balance": True, "reference_id": w.withdrawal_id,
                    "narration": "PeerLearn earnings"}
    assert key == w.withdrawal_id
    stored = Withdrawal.get(w.withdrawal_id)
    assert (stored.status, stored.payout_id, stored.retry_key) == ("processing", answer["id"], None)
    assert w.status == "processing" and w.status_text == "Processing — usually within 24 hrs"
    assert balances_of(mentor) == {"available": 10_000, "in_flight": 50_000, "bank": 0}


@pytest.mark.parametrize("status", ["queued", "pending", "initiated", "processing", "scheduled"])
def test_every_in_progress_payout_status_moves_a_request_to_processing(people, monkeypatch, status):
    wid = requested(people["mentor"], 20_000, monkeypatch)
    w = withdrawals.apply_payout_status(wid, status, {}, None)
    assert w is not None and (w.status, w.updated_at) == ("processing", NOW)
    assert balances_of(people["mentor"]) == {"available": 0, "in_flight": 20_000, "bank": 0}


def test_a_processed_payout_keeps_its_utr_and_tells_the_mentor(people, monkeypatch, admin_id):
    mentor = people["mentor"]
    wid = requested(mentor, 50_000, monkeypatch)
    w = withdrawals.apply_payout_status(wid, "processed", {"utr": "UTR000123"}, None)
    assert w is not None and (w.status, w.utr) == ("processed", "UTR000123")
    assert balances_of(mentor) == {"available": 0, "in_flight": 0, "bank": 50_000}
    assert told(mentor)[-1] == ("withdrawal_processed", "₹500 sent to vi****@okicici", "Your withdrawal is processed.",
                                "/dashboard/mentor/earnings")
    assert told(admin_id) == []


def test_a_processed_payout_without_a_utr_stores_none(people, monkeypatch):
    wid = requested(people["mentor"], 20_000, monkeypatch)
    w = withdrawals.apply_payout_status(wid, "processed", {}, None)
    assert w is not None and (w.status, w.utr) == ("processed", None)


def test_a_payout_the_bank_reverses_after_processing_returns_the_money(people, monkeypatch):
    mentor = people["mentor"]
    wid = requested(mentor, 30_000, monkeypatch)
    withdrawals.apply_payout_status(wid, "processed", {"utr": "UTR1"}, None)
    w = withdrawals.apply_payout_status(wid, "reversed", {"status_details": {"description": "Beneficiary bank "
                                                                                            "rejected it"}}, None)
    assert w is not None and (w.status, w.failure_reason) == ("reversed", "Beneficiary bank rejected it")
    assert balances_of(mentor) == {"available": 30_000, "in_flight": 0, "bank": 0}
    assert told(mentor)[-1] == ("withdrawal_returned", "₹300 returned to your balance",
                                "The payout to vi****@okicici didn't go through (Beneficiary bank rejected it).",
                                "/dashboard/mentor/earnings")


def test_a_failed_payout_is_marked_failed_not_reversed(people, monkeypatch):
    wid = requested(people["mentor"], 20_000, monkeypatch)
    w = withdrawals.apply_payout_status(wid, "failed", {"failure_reason": "Invalid UPI id"}, None)
    assert w is not None and (w.status, w.failure_reason, w.retry_key) == ("failed", "Invalid UPI id", None)
    assert balances_of(people["mentor"]) == {"available": 20_000, "in_flight": 0, "bank": 0}


def test_a_late_processed_after_a_reversal_moves_no_one_elses_money(people, monkeypatch):
    mentor = people["mentor"]
    first = requested(mentor, 20_000, monkeypatch)
    second = requested(mentor, 30_000, monkeypatch)  # still in flight: the pending account holds its money
    withdrawals.apply_payout_status(first, "reversed", {}, None)
    w = withdrawals.apply_payout_status(first, "processed", {"utr": "UTR9"}, None)
    assert w is not None and (w.status, w.utr) == ("reversed", None)
    assert Withdrawal.get(second).status == "requested"
    assert balances_of(mentor) == {"available": 20_000, "in_flight": 30_000, "bank": 0}


def test_a_payout_razorpayx_refuses_returns_the_money_with_its_reason(rz, people):
    mentor = people["mentor"]
    fund(mentor, 20_000)
    vpa_account(mentor, "fa_notatrazorpay")  # a fund account RazorpayX doesn't know
    w = withdrawals.withdraw(mentor, 20_000)
    reason = "The payment provider refused this: The id provided does not exist"
    assert (w.status, w.failure_reason) == ("failed", reason)
    assert Withdrawal.get(w.withdrawal_id).retry_key is None
    assert balances_of(mentor) == {"available": 20_000, "in_flight": 0, "bank": 0}
    assert told(mentor)[-1] == ("withdrawal_returned", "₹200 returned to your balance",
                                f"The payout to vi****@okicici didn't go through ({reason}).",
                                "/dashboard/mentor/earnings")


@pytest.mark.parametrize("answer,status,utr", [
    ({"id": "pout_fast1", "status": "processed", "utr": "UTR777"}, "processed", "UTR777"),
    ({"id": "pout_fast2"}, "processing", None),  # no status in the answer: treated as queued
])
def test_razorpayx_answering_at_once_settles_the_withdrawal_from_its_answer(people, monkeypatch, answer, status, utr):
    mentor = people["mentor"]
    fund(mentor, 20_000)
    vpa_account(mentor)
    monkeypatch.setattr(gateway, "create_payout", lambda body, key: dict(answer))
    w = withdrawals.withdraw(mentor, 20_000)
    stored = Withdrawal.get(w.withdrawal_id)
    assert (stored.status, stored.utr, stored.payout_id) == (status, utr, answer["id"])


def test_the_platforms_payout_is_told_to_the_admins(people, monkeypatch, admin_id):
    wid = requested(withdrawals.PLATFORM, 40_000, monkeypatch)
    withdrawals.apply_payout_status(wid, "processed", {"utr": "UTR42"}, None)
    assert told(admin_id) == [("withdrawal_processed", "₹400 sent to vi****@okicici", "Your withdrawal is processed.",
                               "/dashboard/admin/payments")]
    assert balances_of(withdrawals.PLATFORM) == {"available": 0, "in_flight": 0, "bank": 40_000}
    assert told(people["mentor"]) == []
