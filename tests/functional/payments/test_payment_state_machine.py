"""The payment services under random sequences of: pay (booking or gift), a duplicate or late
capture event, a late `payment.failed`, refunds (some too large, some failing at Razorpay), the
mentor's release, withdrawals and payout outcomes (processed, reversed after processing).

Unlike `test_ledger_invariants` (postings only), this drives the real transitions in `capture`,
`refunds` and `withdrawals` with their conditional writes. After every step:
- the ledger sums to zero and no guarded balance is negative;
- per payment: refunds ≤ captured, mentor + platform = amount, the refunded total equals the
  refunds that did not fail, and the mentor never gives back more than their share;
- the mentor's held balance is exactly the held shares of their payments, and held + available +
  in flight + paid out = everything they earned minus what refunds took back.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from chalicelib.core import clock
from chalicelib.core.errors import DomainError
from chalicelib.payments import capture, gateway, ledger, refunds, withdrawals
from chalicelib.payments.models import Balance, LedgerItem, Payment, PayoutAccount, Refund, Withdrawal

MENTOR, LEARNER = "m1", "l1"


class PaymentServices(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.ids = itertools.count(1)
        self.orders: list[str] = []
        self.refund_outcome: dict[str, str] = {}
        self.withdrawals: list[str] = []

    @initialize()
    def clean(self) -> None:
        for model in (LedgerItem, Balance, Payment, Refund, Withdrawal):
            for item in model.scan():  # test-only reset between examples
                item.delete()
        PayoutAccount(owner=MENTOR, kind="vpa", masked="m1***@upi", contact_id="cont_1", fund_account_id="fa_1",
                      updated_at=clock.now_int()).save()

    # ---------- paying ----------
    @rule(amount=st.integers(min_value=100, max_value=2_000_000), gift=st.booleans())
    def pay(self, amount: int, gift: bool) -> None:
        n = next(self.ids)
        order = f"order_{n}"
        mentor, platform = ledger.split(amount)
        now = clock.now_int()
        Payment(order_id=order, kind="gift" if gift else "booking", booking_id=f"b{n}", session_id="s1",
                learner_id=LEARNER, mentor_id=MENTOR, amount_paise=amount, mentor_paise=mentor,
                platform_paise=platform, status="created", created_at=now, updated_at=now).save()
        capture.on_captured(order, f"pay_{n}", amount)
        self.orders.append(order)

    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def duplicate_or_late_events(self, data: st.DataObject) -> None:
        order = data.draw(st.sampled_from(self.orders))
        p = Payment.get(order)
        if data.draw(st.booleans()):
            capture.on_captured(order, str(p.razorpay_payment_id), int(p.amount_paise))
        else:
            capture.on_failed(order, f"pay_failed_{order}", "late failure")

    # ---------- refunds ----------
    @precondition(lambda self: self.orders)
    @rule(data=st.data(), outcome=st.sampled_from(["pending", "processed", "refused"]))
    def refund(self, data: st.DataObject, outcome: str) -> None:
        order = data.draw(st.sampled_from(self.orders))
        amount = data.draw(st.one_of(st.none(), st.integers(min_value=1, max_value=2_100_000)))
        try:
            r = refunds.refund_payment(order, amount, reason="admin")
        except DomainError:
            return  # over the refundable amount, or nothing left: refused, nothing written
        self.refund_outcome[r.refund_id] = outcome

    @precondition(lambda self: self.refund_outcome)
    @rule(data=st.data(), processed=st.booleans())
    def refund_webhook(self, data: st.DataObject, processed: bool) -> None:
        refund_id = data.draw(st.sampled_from(sorted(self.refund_outcome)))
        if processed:
            refunds.on_processed(refund_id, f"rfnd_{refund_id}")
        else:
            refunds.on_failed(refund_id, f"rfnd_{refund_id}")

    # ---------- the mentor's money ----------
    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def release(self, data: st.DataObject) -> None:
        order = data.draw(st.sampled_from(self.orders))
        capture.release_earning(Payment.get(order).booking_id)

    @rule(amount=st.integers(min_value=10_000, max_value=3_000_000))
    def withdraw(self, amount: int) -> None:
        try:
            w = withdrawals.withdraw(MENTOR, amount)
        except DomainError:
            return
        self.withdrawals.append(w["withdrawal_id"])

    @precondition(lambda self: self.withdrawals)
    @rule(data=st.data(), status=st.sampled_from(["processing", "processed", "reversed", "failed"]))
    def payout_webhook(self, data: st.DataObject, status: str) -> None:
        withdrawals.apply_payout_status(data.draw(st.sampled_from(self.withdrawals)), status, {"utr": "UTR1"}, None)

    # ---------- invariants ----------
    @invariant()
    def ledger_sums_to_zero_and_nothing_guarded_is_negative(self) -> None:
        assert sum(int(i.amount_paise or 0) for i in LedgerItem.scan()) == 0
        for b in Balance.scan():
            if ledger.guarded(b.account):
                assert int(b.balance_paise) >= 0, (b.account, b.balance_paise)

    @invariant()
    def every_payment_adds_up(self) -> None:
        for p in Payment.scan():
            assert int(p.mentor_paise) + int(p.platform_paise) == int(p.amount_paise)
            live = [r for r in Refund.by_order.query(p.order_id) if r.status != "failed"]
            assert int(p.refunded_paise or 0) == sum(int(r.amount_paise) for r in live) <= int(p.amount_paise)
            assert 0 <= int(p.mentor_reversed_paise or 0) <= int(p.mentor_paise)
            expected = ("refunded" if int(p.refunded_paise or 0) == int(p.amount_paise)
                        else "partially_refunded" if int(p.refunded_paise or 0) else "captured")
            assert p.status == expected, (p.order_id, p.status, expected)

    @invariant()
    def the_mentors_balances_match_their_payments(self) -> None:
        payments = list(Payment.scan())
        held = sum(int(p.mentor_paise) - int(p.mentor_reversed_paise or 0)
                   for p in payments if p.earning_status == "held")
        assert ledger.balance(ledger.mentor_held(MENTOR)) == held
        earned = sum(int(p.mentor_paise) - int(p.mentor_reversed_paise or 0) for p in payments)
        total = sum(ledger.balance(a) for a in (ledger.mentor_held(MENTOR), ledger.mentor_available(MENTOR),
                                                 ledger.mentor_payouts(MENTOR), ledger.external(f"bank:{MENTOR}")))
        assert total == earned


@pytest.fixture
def offline_razorpay(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Razorpay answers from the machine's script; the booking side is out of scope here."""
    def fake_refund(payment_id: str, amount: int, notes: dict[str, str]) -> dict[str, Any]:
        outcome = getattr(PaymentServices, "_outcome", "pending")
        if outcome == "refused":
            raise gateway.GatewayRefused("refused")
        return {"id": f"rfnd_{notes['peerlearn_refund_id']}", "status": outcome}

    monkeypatch.setattr(gateway, "refund", fake_refund)
    monkeypatch.setattr(gateway, "create_payout", lambda body, key: {"id": f"pout_{key}", "status": "queued"})
    monkeypatch.setattr(capture, "_settle_booking", lambda p: None)
    for module in (capture, refunds, withdrawals):  # the people here are only ids, with no accounts to tell
        monkeypatch.setattr(module, "notify", lambda *a, **k: None)
    monkeypatch.setattr(refunds, "notify_admins", lambda *a, **k: None, raising=False)
    monkeypatch.setattr(withdrawals, "notify_admins", lambda *a, **k: None)
    return None


def test_payment_services_state_machine(offline_razorpay: Any) -> None:
    original = PaymentServices.refund

    def refund_with_outcome(self: PaymentServices, data: st.DataObject, outcome: str) -> None:
        PaymentServices._outcome = outcome  # type: ignore[attr-defined]
        original(self, data, outcome)

    PaymentServices.TestCase.settings = settings(max_examples=15, stateful_step_count=20, deadline=None,
                                                 suppress_health_check=list(HealthCheck))
    PaymentServices.refund.hypothesis_stateful_rule.function = refund_with_outcome  # type: ignore[attr-defined]
    try:
        PaymentServices.TestCase().runTest()
    finally:
        PaymentServices.refund.hypothesis_stateful_rule.function = original  # type: ignore[attr-defined]
