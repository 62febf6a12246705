"""PeerLearn's money movements, each one ledger posting with a natural idempotency key.

Accounts (see `ledger`): `ext:learner:{id}` (outside money), `mentor:{id}:held` (earned, not yet
withdrawable), `mentor:{id}:available`, `mentor:{id}:payouts-pending`, `platform:fees`,
`ext:bank:{id}` (paid out). Refundability is tracked by a memo pair inside the same posting:
`memo:payment:{id}:refundable` starts at the captured amount and is guarded at ≥ 0, so refunds can
never exceed what was captured — enforced atomically, also under concurrent refunds.
"""

from __future__ import annotations

from collections.abc import Callable

from pynamodb.transactions import TransactWrite

from chalicelib.payments import ledger
from chalicelib.payments.ledger import Leg

Also = Callable[[TransactWrite], None] | None

REFUNDS_ISSUED = ledger.REFUNDS_ISSUED


def refundable(payment_id: str) -> str:
    return f"memo:payment:{payment_id}:refundable"


def capture(payment_id: str, *, learner_id: str, mentor_id: str, amount_paise: int, booking_id: str,
            mentor_bps: int = 9000, also: Also = None) -> bool:
    """A captured payment for a booking: the mentor's share is held until the session completes."""
    mentor, platform = ledger.split(amount_paise, mentor_bps)
    return ledger.post(f"capture:{payment_id}", "payment_captured", [
        Leg(ledger.external(f"learner:{learner_id}"), -amount_paise),
        Leg(ledger.mentor_held(mentor_id), mentor),
        Leg(ledger.PLATFORM_FEES, platform),
        Leg(refundable(payment_id), amount_paise),
        Leg(REFUNDS_ISSUED, -amount_paise),
    ], {"booking_id": booking_id, "mentor_paise": mentor, "platform_paise": platform}, also)


def gift(payment_id: str, *, learner_id: str, mentor_id: str, amount_paise: int, mentor_bps: int = 9000,
         also: Also = None) -> bool:
    """A tip: the mentor's share is available at once (there is no session left to deliver)."""
    mentor, platform = ledger.split(amount_paise, mentor_bps)
    return ledger.post(f"gift:{payment_id}", "gift_captured", [
        Leg(ledger.external(f"learner:{learner_id}"), -amount_paise),
        Leg(ledger.mentor_available(mentor_id), mentor),
        Leg(ledger.PLATFORM_FEES, platform),
        Leg(refundable(payment_id), amount_paise),
        Leg(REFUNDS_ISSUED, -amount_paise),
    ], {"mentor_paise": mentor, "platform_paise": platform}, also)


def release(key: str, *, mentor_id: str, amount_paise: int, also: Also = None) -> bool:
    """After the session: the held share becomes withdrawable (`key`: the paying order's id)."""
    return ledger.post(f"release:{key}", "earning_released", [
        Leg(ledger.mentor_held(mentor_id), -amount_paise),
        Leg(ledger.mentor_available(mentor_id), amount_paise),
    ], {"order_id": key}, also)


def refund(refund_id: str, payment_id: str, *, learner_id: str, mentor_id: str, refund_paise: int,
           captured_paise: int, released: bool, mentor_bps: int = 9000, also: Also = None,
           mentor_back: int | None = None) -> bool:
    """Give money back; the mentor's and the platform's shares are reversed in proportion
    (`mentor_back` overrides the proportion, for the last refund of a payment)."""
    if mentor_back is None:
        mentor_back = mentor_share_of_refund(refund_paise, captured_paise, mentor_bps)
    platform_back = refund_paise - mentor_back
    mentor_account = ledger.mentor_available(mentor_id) if released else ledger.mentor_held(mentor_id)
    return ledger.post(f"refund:{refund_id}", "refund", [
        Leg(refundable(payment_id), -refund_paise),
        Leg(REFUNDS_ISSUED, refund_paise),
        Leg(mentor_account, -mentor_back),
        Leg(ledger.PLATFORM_FEES, -platform_back),
        Leg(ledger.external(f"learner:{learner_id}"), refund_paise),
    ], {"payment_id": payment_id, "mentor_paise": -mentor_back, "platform_paise": -platform_back}, also)


def mentor_share_of_refund(refund_paise: int, captured_paise: int, mentor_bps: int = 9000) -> int:
    """The mentor's part of a refund: their share of the capture, in proportion, rounded down."""
    mentor_total, _platform_total = ledger.split(captured_paise, mentor_bps)
    return refund_paise * mentor_total // captured_paise if captured_paise else 0


def reverse(original_txn: str, reversal_txn: str, kind: str, also: Also = None) -> bool:
    """Undo a posting exactly (a refund Razorpay could not make): the same legs, negated."""
    return ledger.post(reversal_txn, kind, [Leg(leg.account, -leg.amount_paise) for leg in ledger.legs(original_txn)],
                       {"reverses": original_txn}, also)


def request_withdrawal(withdrawal_id: str, *, owner_account: str, pending_account: str, amount_paise: int,
                       also: Also = None) -> bool:
    """Debit the available balance when the withdrawal is requested (never below zero)."""
    return ledger.post(f"withdraw:{withdrawal_id}", "withdrawal_requested", [
        Leg(owner_account, -amount_paise),
        Leg(pending_account, amount_paise),
    ], {"withdrawal_id": withdrawal_id}, also)


def payout_processed(withdrawal_id: str, *, pending_account: str, bank: str, amount_paise: int,
                     also: Also = None) -> bool:
    return ledger.post(f"payout-done:{withdrawal_id}", "payout_processed", [
        Leg(pending_account, -amount_paise),
        Leg(ledger.external(f"bank:{bank}"), amount_paise),
    ], {"withdrawal_id": withdrawal_id}, also)


def payout_returned(withdrawal_id: str, *, owner_account: str, pending_account: str, amount_paise: int,
                    after_processed: bool = False, bank: str = "", also: Also = None) -> bool:
    """A reversed or failed payout puts the money back into the available balance (from the bank
    when Razorpay had already reported it processed)."""
    source = ledger.external(f"bank:{bank}") if after_processed else pending_account
    return ledger.post(f"payout-back:{withdrawal_id}", "payout_returned", [
        Leg(source, -amount_paise),
        Leg(owner_account, amount_paise),
    ], {"withdrawal_id": withdrawal_id}, also)
