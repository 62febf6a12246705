"""`ledger.post` on DynamoDB: once per natural key, every leg stored, balances moved atomically and
guarded at zero for the accounts that hold real money. Direct calls: no users, no routes."""

from __future__ import annotations

import pytest

from chalicelib.payments import ledger
from chalicelib.payments.ledger import InsufficientFunds, Leg
from chalicelib.payments.models import Balance, LedgerItem
from tests.functional.payments_helpers import FIXED_NOW

NOW = FIXED_NOW  # the app clock of `fixed_clock`: stored times are exact


pytestmark = pytest.mark.usefixtures("fixed_clock")


def fund(account: str, amount: int) -> None:
    assert ledger.post(f"fund:{account}:{amount}", "test_funding", [Leg("ext:bank:x", -amount), Leg(account, amount)])


def test_a_posting_stores_a_header_and_every_leg_and_moves_the_balances():
    legs = [Leg("ext:learner:l1", -1_000), Leg("mentor:m1:held", 900), Leg("platform:fees", 100)]
    assert ledger.post("capture:p1", "payment_captured", legs, {"booking_id": "b1"}) is True
    header = LedgerItem.get("capture:p1", 0)
    assert (header.kind, header.posted_at, header.refs.as_dict(), header.account) == (
        "payment_captured", NOW, {"booking_id": "b1"}, None)
    items = list(LedgerItem.query("capture:p1", LedgerItem.leg >= 1))
    assert [(i.leg, i.kind, i.posted_at, i.account, i.amount_paise, i.posted_key) for i in items] == [
        (n, "payment_captured", NOW, leg.account, leg.amount_paise, f"{NOW:012d}#capture:p1#{n}")
        for n, leg in enumerate(legs, start=1)]
    assert ledger.legs("capture:p1") == legs
    assert ledger.balances(["ext:learner:l1", "mentor:m1:held", "platform:fees", "never"]) == {
        "ext:learner:l1": -1_000, "mentor:m1:held": 900, "platform:fees": 100, "never": 0}
    assert ledger.posted("capture:p1") and not ledger.posted("capture:p2")


def test_a_posting_without_refs_stores_empty_refs():
    ledger.post("t1", "k", [Leg("ext:a", -1), Leg("ext:b", 1)])
    assert LedgerItem.get("t1", 0).refs.as_dict() == {}


def test_the_same_key_twice_posts_once():
    legs = [Leg("ext:learner:l1", -500), Leg("mentor:m1:held", 500)]
    assert ledger.post("capture:p1", "payment_captured", legs) is True
    assert ledger.post("capture:p1", "payment_captured", legs) is False
    assert ledger.post("capture:p1", "something_else", [Leg("ext:x", -7), Leg("mentor:m1:held", 7)]) is False
    assert ledger.balance("mentor:m1:held") == 500 and ledger.balance("ext:x") == 0
    assert len(list(LedgerItem.query("capture:p1"))) == 3


def test_legs_on_one_account_are_netted_and_a_net_zero_account_is_not_touched():
    assert ledger.post("t1", "k", [Leg("ext:a", 5), Leg("ext:a", -5), Leg("ext:b", -1), Leg("ext:c", 1)])
    with pytest.raises(Balance.DoesNotExist):
        Balance.get("ext:a")
    assert (ledger.balance("ext:b"), ledger.balance("ext:c")) == (-1, 1)
    assert len(ledger.legs("t1")) == 4  # every leg is kept, netted or not


def test_a_guarded_account_may_reach_zero_but_never_below():
    fund("mentor:m1:available", 1_000)
    with pytest.raises(InsufficientFunds):
        ledger.post("w1", "withdrawal_requested", [Leg("mentor:m1:available", -1_001), Leg("ext:bank:m1", 1_001)])
    assert not ledger.posted("w1") and ledger.balance("mentor:m1:available") == 1_000
    assert ledger.post("w2", "withdrawal_requested", [Leg("mentor:m1:available", -1_000), Leg("ext:bank:m1", 1_000)])
    assert ledger.balance("mentor:m1:available") == 0


def test_an_account_never_posted_to_cannot_pay_out():
    with pytest.raises(InsufficientFunds) as exc:
        ledger.post("t1", "k", [Leg("platform:fees", -1), Leg("ext:a", 1)])
    assert exc.value.status == 409 and exc.value.code == "insufficient_funds"
    assert ledger.balance("ext:a") == 0


def test_external_accounts_may_go_negative():
    assert ledger.post("t1", "k", [Leg("ext:learner:l1", -10), Leg("ext:bank:b", 10)])
    assert ledger.balance("ext:learner:l1") == -10


def test_the_business_record_moves_with_the_money_or_neither_does():
    fund("mentor:m1:available", 100)

    def also_fails(tx):
        tx.update(Balance(account="platform:fees"), actions=[Balance.balance_paise.add(1)],
                  condition=Balance.balance_paise >= 1_000_000)

    with pytest.raises(InsufficientFunds):
        ledger.post("t1", "k", [Leg("mentor:m1:available", -100), Leg("ext:bank:m1", 100)], also=also_fails)
    assert ledger.balance("mentor:m1:available") == 100 and not ledger.posted("t1")

    def also_writes(tx):
        tx.update(Balance(account="ext:memo:also"), actions=[Balance.balance_paise.add(7)])

    assert ledger.post("t2", "k", [Leg("mentor:m1:available", -100), Leg("ext:bank:m1", 100)], also=also_writes)
    assert ledger.balance("ext:memo:also") == 7 and ledger.balance("mentor:m1:available") == 0
