"""Money movements as legs: which accounts move, by how much, under which idempotency key.

`ledger.post` is the only thing that writes; here it is replaced by a recorder, so every posting's
legs are checked as plain data (and they must always sum to zero)."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.payments import ledger, money
from chalicelib.payments.ledger import Leg


class Recorder:
    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []

    def __call__(self, txn_id: str, kind: str, legs: list[Leg], refs: dict[str, Any] | None = None,
                 also: Any = None) -> bool:
        assert sum(leg.amount_paise for leg in legs) == 0, legs
        self.posts.append({"txn": txn_id, "kind": kind, "legs": legs, "refs": refs, "also": also})
        return True

    @property
    def last(self) -> dict[str, Any]:
        return self.posts[-1]


@pytest.fixture
def posted(monkeypatch) -> Recorder:
    rec = Recorder()
    monkeypatch.setattr(ledger, "post", rec)
    return rec


def also(tx: Any) -> None:  # a stand-in for the business record's own write
    pass


def test_a_capture_holds_the_mentors_90_percent_and_books_the_platform_fee(posted):
    assert money.capture("pay_1", learner_id="l1", mentor_id="m1", amount_paise=50_001, booking_id="b1", also=also)
    assert posted.last["txn"] == "capture:pay_1" and posted.last["kind"] == "payment_captured"
    assert posted.last["legs"] == [
        Leg("ext:learner:l1", -50_001), Leg("mentor:m1:held", 45_000), Leg("platform:fees", 5_001),
        Leg("memo:payment:pay_1:refundable", 50_001), Leg("ext:memo:refunds-issued", -50_001)]
    assert posted.last["refs"] == {"booking_id": "b1", "mentor_paise": 45_000, "platform_paise": 5_001}
    assert posted.last["also"] is also


def test_a_capture_with_another_share(posted):
    money.capture("pay_2", learner_id="l1", mentor_id="m1", amount_paise=10_000, booking_id="b1", mentor_bps=8000)
    assert posted.last["legs"][1:3] == [Leg("mentor:m1:held", 8_000), Leg("platform:fees", 2_000)]
    assert posted.last["also"] is None


def test_a_gift_is_available_to_the_mentor_at_once(posted):
    assert money.gift("pay_g", learner_id="l1", mentor_id="m1", amount_paise=1_999, also=also)
    assert posted.last["txn"] == "gift:pay_g" and posted.last["kind"] == "gift_captured"
    assert posted.last["legs"] == [
        Leg("ext:learner:l1", -1_999), Leg("mentor:m1:available", 1_799), Leg("platform:fees", 200),
        Leg("memo:payment:pay_g:refundable", 1_999), Leg("ext:memo:refunds-issued", -1_999)]
    assert posted.last["refs"] == {"mentor_paise": 1_799, "platform_paise": 200}
    assert posted.last["also"] is also
    money.gift("pay_h", learner_id="l1", mentor_id="m1", amount_paise=1_000, mentor_bps=5000)
    assert posted.last["legs"][1] == Leg("mentor:m1:available", 500)


def test_a_release_moves_the_held_share_to_available(posted):
    assert money.release("order_1", mentor_id="m1", amount_paise=45_000, also=also)
    assert posted.last == {"txn": "release:order_1", "kind": "earning_released",
                           "legs": [Leg("mentor:m1:held", -45_000), Leg("mentor:m1:available", 45_000)],
                           "refs": {"order_id": "order_1"}, "also": also}


def test_a_partial_refund_before_release_takes_back_a_proportional_share_from_held(posted):
    assert money.refund("rf_1", "pay_1", learner_id="l1", mentor_id="m1", refund_paise=20_000,
                        captured_paise=50_000, released=False, also=also)
    assert posted.last["txn"] == "refund:rf_1" and posted.last["kind"] == "refund"
    assert posted.last["legs"] == [
        Leg("memo:payment:pay_1:refundable", -20_000), Leg("ext:memo:refunds-issued", 20_000),
        Leg("mentor:m1:held", -18_000), Leg("platform:fees", -2_000), Leg("ext:learner:l1", 20_000)]
    assert posted.last["refs"] == {"payment_id": "pay_1", "mentor_paise": -18_000, "platform_paise": -2_000}
    assert posted.last["also"] is also


def test_a_refund_after_release_comes_out_of_available_and_can_override_the_mentors_part(posted):
    money.refund("rf_2", "pay_1", learner_id="l1", mentor_id="m1", refund_paise=1_001, captured_paise=50_000,
                 released=True, mentor_back=1_000)
    assert posted.last["legs"][2:4] == [Leg("mentor:m1:available", -1_000), Leg("platform:fees", -1)]
    money.refund("rf_3", "pay_1", learner_id="l1", mentor_id="m1", refund_paise=10_000, captured_paise=10_000,
                 released=True, mentor_bps=7000)
    assert posted.last["legs"][2:4] == [Leg("mentor:m1:available", -7_000), Leg("platform:fees", -3_000)]


def test_a_mentor_back_of_zero_is_respected_not_recomputed(posted):
    money.refund("rf_4", "pay_1", learner_id="l1", mentor_id="m1", refund_paise=500, captured_paise=50_000,
                 released=False, mentor_back=0)
    assert posted.last["legs"][2:4] == [Leg("mentor:m1:held", 0), Leg("platform:fees", -500)]


def test_the_mentors_share_of_a_refund_with_another_split():
    assert money.mentor_share_of_refund(5_000, 10_000, mentor_bps=5000) == 2_500
    assert money.mentor_share_of_refund(1, 3, mentor_bps=10_000) == 1
    assert money.mentor_share_of_refund(2, 3) == 1  # 2 × 2 // 3: rounded down, never up


def test_a_reversal_negates_every_leg_of_the_original(posted, monkeypatch):
    monkeypatch.setattr(ledger, "legs", lambda txn: [Leg("a", -5), Leg("b", 3), Leg("c", 2)] if txn == "refund:x" else [])
    assert money.reverse("refund:x", "refund-failed:x", "refund_reversed", also=also)
    assert posted.last == {"txn": "refund-failed:x", "kind": "refund_reversed",
                           "legs": [Leg("a", 5), Leg("b", -3), Leg("c", -2)], "refs": {"reverses": "refund:x"},
                           "also": also}


def test_withdrawal_legs_request_then_payout(posted):
    assert money.request_withdrawal("w1", owner_account="mentor:m1:available",
                                    pending_account="mentor:m1:payouts-pending", amount_paise=10_000, also=also)
    assert posted.last == {"txn": "withdraw:w1", "kind": "withdrawal_requested",
                           "legs": [Leg("mentor:m1:available", -10_000), Leg("mentor:m1:payouts-pending", 10_000)],
                           "refs": {"withdrawal_id": "w1"}, "also": also}
    assert money.payout_processed("w1", pending_account="mentor:m1:payouts-pending", bank="fa_1",
                                  amount_paise=10_000, also=also)
    assert posted.last == {"txn": "payout-done:w1", "kind": "payout_processed",
                           "legs": [Leg("mentor:m1:payouts-pending", -10_000), Leg("ext:bank:fa_1", 10_000)],
                           "refs": {"withdrawal_id": "w1"}, "also": also}


def test_a_returned_payout_comes_back_from_pending_or_from_the_bank(posted):
    assert money.payout_returned("w1", owner_account="mentor:m1:available",
                                 pending_account="mentor:m1:payouts-pending", amount_paise=10_000, also=also)
    assert posted.last == {"txn": "payout-back:w1", "kind": "payout_returned",
                           "legs": [Leg("mentor:m1:payouts-pending", -10_000), Leg("mentor:m1:available", 10_000)],
                           "refs": {"withdrawal_id": "w1"}, "also": also}
    money.payout_returned("w2", owner_account="mentor:m1:available", pending_account="mentor:m1:payouts-pending",
                          amount_paise=7, after_processed=True, bank="fa_1")
    assert posted.last["legs"] == [Leg("ext:bank:fa_1", -7), Leg("mentor:m1:available", 7)]


def test_account_names():
    assert ledger.mentor_held("m") == "mentor:m:held"
    assert ledger.mentor_available("m") == "mentor:m:available"
    assert ledger.mentor_payouts("m") == "mentor:m:payouts-pending"
    assert ledger.external("bank:x") == "ext:bank:x"
    assert money.refundable("p") == "memo:payment:p:refundable"
    assert (ledger.PLATFORM_FEES, ledger.PLATFORM_PAYOUTS) == ("platform:fees", "platform:payouts-pending")


def test_only_external_accounts_may_go_negative():
    assert not ledger.guarded("ext:learner:l1") and not ledger.guarded(money.REFUNDS_ISSUED)
    for account in ("mentor:m:held", "mentor:m:available", "platform:fees", "memo:payment:p:refundable",
                    "text:ext:"):
        assert ledger.guarded(account), account


@pytest.mark.parametrize("legs", [[], [Leg("a", 1)], [Leg("a", 5), Leg("b", -4)]])
def test_a_posting_that_does_not_sum_to_zero_is_refused_before_any_write(legs):
    with pytest.raises(ValueError, match="sum to zero"):
        ledger.post("t1", "k", legs)


@pytest.mark.parametrize("bad", [1.0, True])
def test_amounts_are_integer_paise(bad):
    with pytest.raises(TypeError):
        ledger.post("t1", "k", [Leg("a", bad), Leg("b", -bad)])


@pytest.mark.parametrize(("amount", "bps", "expected"), [(0, 9000, (0, 0)), (1, 9000, (0, 1)), (10, 9000, (9, 1)),
                                                         (99, 10_000, (99, 0)), (99, 0, (0, 99)),
                                                         (12_345, 9000, (11_110, 1_235))])
def test_split_edges(amount, bps, expected):
    assert ledger.split(amount, bps) == expected


def test_split_defaults_to_ninety_percent():
    assert ledger.split(1_000) == (900, 100)
