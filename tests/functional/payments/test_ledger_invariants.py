"""The ledger under random sequences of pay / duplicate event / reordered event / refund / gift /
withdraw / payout processed / payout reversal. After every step: the ledger sums to zero, no
guarded balance is negative, refunds never exceed captures, and mentor + platform = amount."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from chalicelib.payments import ledger, money
from chalicelib.payments.models import Balance, LedgerItem

MENTOR, LEARNER = "m1", "l1"
AVAILABLE, PENDING = ledger.mentor_available(MENTOR), ledger.mentor_payouts(MENTOR)


@pytest.mark.parametrize("amount", [1, 3, 99, 100, 101, 999, 49_999, 12_345_677])
def test_split_adds_up_exactly_and_favours_nobody_by_more_than_a_paisa(amount):
    mentor, platform = ledger.split(amount)
    assert mentor + platform == amount
    assert mentor == amount * 9 // 10  # rule: the mentor gets the floor of 90 %, the platform the rest
    assert 0 <= platform - amount / 10 < 1


def test_unbalanced_or_fractional_postings_are_refused():
    with pytest.raises(ValueError):
        ledger.post("bad", "x", [ledger.Leg("a", 5), ledger.Leg("b", -4)])
    with pytest.raises(TypeError):
        ledger.post("bad", "x", [ledger.Leg("ext:a", 1.5), ledger.Leg("ext:b", -1.5)])  # type: ignore[arg-type]


def test_duplicate_postings_count_once():
    assert money.capture("pay_1", learner_id=LEARNER, mentor_id=MENTOR, amount_paise=50_000, booking_id="b1")
    assert not money.capture("pay_1", learner_id=LEARNER, mentor_id=MENTOR, amount_paise=50_000, booking_id="b1")
    assert ledger.balance(ledger.mentor_held(MENTOR)) == 45_000
    assert ledger.balance(ledger.PLATFORM_FEES) == 5_000


def test_refunds_never_exceed_the_capture():
    money.capture("pay_1", learner_id=LEARNER, mentor_id=MENTOR, amount_paise=10_000, booking_id="b1")
    assert money.refund("rf_1", "pay_1", learner_id=LEARNER, mentor_id=MENTOR, refund_paise=6_000,
                        captured_paise=10_000, released=False)
    with pytest.raises(ledger.InsufficientFunds):
        money.refund("rf_2", "pay_1", learner_id=LEARNER, mentor_id=MENTOR, refund_paise=4_001,
                     captured_paise=10_000, released=False)
    assert money.refund("rf_3", "pay_1", learner_id=LEARNER, mentor_id=MENTOR, refund_paise=4_000,
                        captured_paise=10_000, released=False)
    assert ledger.balance(ledger.mentor_held(MENTOR)) == 0 and ledger.balance(ledger.PLATFORM_FEES) == 0


def test_concurrent_withdrawals_never_overdraw():
    from concurrent.futures import ThreadPoolExecutor

    money.gift("pay_g", learner_id=LEARNER, mentor_id=MENTOR, amount_paise=100_000)  # 90 000 available

    def withdraw(i: int) -> bool:
        try:
            return money.request_withdrawal(f"w{i}", owner_account=AVAILABLE, pending_account=PENDING,
                                            amount_paise=20_000)
        except ledger.InsufficientFunds:
            return False

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(withdraw, range(8)))
    assert results.count(True) == 4
    assert ledger.balance(AVAILABLE) == 10_000 and ledger.balance(PENDING) == 80_000


class LedgerMachine(RuleBasedStateMachine):
    """A model of one mentor's money, driven through the real ledger on moto."""

    def __init__(self) -> None:
        super().__init__()
        self.ids = itertools.count()
        self.captured: dict[str, int] = {}  # payment id → amount
        self.refunded: dict[str, int] = {}
        self.released: set[str] = set()
        self.withdrawals: dict[str, int] = {}  # pending ones
        self.events: list[tuple[str, dict]] = []  # posted events, for duplicate delivery

    @initialize()
    def clean(self) -> None:
        for model in (LedgerItem, Balance):  # test-only cleanup between examples
            with model.batch_write() as batch:
                for item in model.scan():
                    batch.delete(item)

    @rule(amount=st.integers(min_value=100, max_value=5_000_000))
    def pay(self, amount: int) -> None:
        pid = f"pay_{next(self.ids)}"
        kwargs = {"learner_id": LEARNER, "mentor_id": MENTOR, "amount_paise": amount, "booking_id": f"b_{pid}"}
        assert money.capture(pid, **kwargs)
        self.captured[pid] = amount
        self.refunded[pid] = 0
        self.events.append(("capture", {"payment_id": pid, **kwargs}))

    @precondition(lambda self: self.events)
    @rule(data=st.data())
    def duplicate_or_reordered_event(self, data: st.DataObject) -> None:
        kind, kwargs = data.draw(st.sampled_from(self.events))
        if kind == "capture":
            args = dict(kwargs)
            assert not money.capture(args.pop("payment_id"), **args)  # a redelivery posts nothing

    @precondition(lambda self: self.captured)
    @rule(data=st.data())
    def refund(self, data: st.DataObject) -> None:
        pid = data.draw(st.sampled_from(sorted(self.captured)))
        left = self.captured[pid] - self.refunded[pid]
        want = data.draw(st.integers(min_value=1, max_value=self.captured[pid] + 100))
        released = pid in self.released
        try:
            ok = money.refund(f"rf_{next(self.ids)}", pid, learner_id=LEARNER, mentor_id=MENTOR, refund_paise=want,
                              captured_paise=self.captured[pid], released=released)
        except ledger.InsufficientFunds:
            ok = False
        if want > left:
            assert not ok, "refunded more than was captured"
        if ok:
            self.refunded[pid] += want

    @precondition(lambda self: any(p not in self.released for p in self.captured))
    @rule(data=st.data())
    def release(self, data: st.DataObject) -> None:
        pid = data.draw(st.sampled_from(sorted(p for p in self.captured if p not in self.released)))
        held_share = ledger.split(self.captured[pid])[0]
        refunded_mentor = self.refunded[pid] * held_share // self.captured[pid]
        amount = held_share - refunded_mentor
        if amount > 0:
            try:
                money.release(f"b_{pid}", mentor_id=MENTOR, amount_paise=amount)
            except ledger.InsufficientFunds:
                return  # rounding of several partial refunds left less held; never overdraws
        self.released.add(pid)

    @rule(amount=st.integers(min_value=1000, max_value=500_000))
    def gift(self, amount: int) -> None:
        money.gift(f"gift_{next(self.ids)}", learner_id=LEARNER, mentor_id=MENTOR, amount_paise=amount)

    @rule(amount=st.integers(min_value=10_000, max_value=2_000_000))
    def withdraw(self, amount: int) -> None:
        wid = f"w_{next(self.ids)}"
        before = ledger.balance(AVAILABLE)
        try:
            ok = money.request_withdrawal(wid, owner_account=AVAILABLE, pending_account=PENDING, amount_paise=amount)
        except ledger.InsufficientFunds:
            ok = False
        assert ok == (amount <= before)
        if ok:
            self.withdrawals[wid] = amount

    @precondition(lambda self: self.withdrawals)
    @rule(data=st.data(), reversed_=st.booleans())
    def payout_outcome(self, data: st.DataObject, reversed_: bool) -> None:
        wid = data.draw(st.sampled_from(sorted(self.withdrawals)))
        amount = self.withdrawals.pop(wid)
        if reversed_:
            assert money.payout_returned(wid, owner_account=AVAILABLE, pending_account=PENDING, amount_paise=amount)
        else:
            assert money.payout_processed(wid, pending_account=PENDING, bank=MENTOR, amount_paise=amount)

    @invariant()
    def ledger_sums_to_zero(self) -> None:
        assert sum(int(b.balance_paise) for b in Balance.scan()) == 0

    @invariant()
    def no_guarded_balance_is_negative(self) -> None:
        for b in Balance.scan():
            if ledger.guarded(b.account):
                assert int(b.balance_paise) >= 0, (b.account, b.balance_paise)

    @invariant()
    def refunds_never_exceed_captures(self) -> None:
        for pid, amount in self.captured.items():
            assert 0 <= self.refunded[pid] <= amount
            assert ledger.balance(money.refundable(pid)) == amount - self.refunded[pid]

    @invariant()
    def every_capture_splits_exactly(self) -> None:
        for item in LedgerItem.scan(LedgerItem.kind == "payment_captured"):
            if item.leg == 0:
                refs = item.refs.as_dict()
                legs = [i for i in LedgerItem.query(item.txn_id) if i.leg > 0]
                amount = -next(int(i.amount_paise) for i in legs if str(i.account).startswith("ext:learner"))
                assert int(refs["mentor_paise"]) + int(refs["platform_paise"]) == amount


LedgerMachine.TestCase.settings = settings(max_examples=15, stateful_step_count=20, deadline=None,
                                           suppress_health_check=list(HealthCheck))


def test_ledger_state_machine():
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(LedgerMachine, settings=LedgerMachine.TestCase.settings)
