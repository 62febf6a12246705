"""Posting money movements.

Every movement is one `post()`: legs that sum to exactly zero, written in one DynamoDB
transaction with (a) a header item whose natural key (Razorpay payment/refund/payout id, booking
id, ...) can be written only once — a duplicate or replayed event posts nothing — and (b) an
atomic `ADD` to each account's balance, conditional on never going below zero for the accounts
that hold real money (a mentor's held and available earnings, payouts in flight, platform fees).
External accounts (`ext:*`: the learner's card, the mentor's bank) may go negative: they mirror
money outside PeerLearn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.core import clock
from chalicelib.core.errors import Conflict
from chalicelib.core.models import tx_connection
from chalicelib.payments.models import Balance, LedgerItem

PLATFORM_FEES = "platform:fees"
PLATFORM_PAYOUTS = "platform:payouts-pending"
REFUNDS_ISSUED = "ext:memo:refunds-issued"  # − each capture, + each refund (see money)
REPORTED = (PLATFORM_FEES, REFUNDS_ISSUED)  # the legs the monthly report reads (`legs-by-month`)
CAPTURE_KINDS = ("payment_captured", "gift_captured")
FEE_KINDS = (*CAPTURE_KINDS, "refund", "refund_failed")  # what the platform earns or gives back; not payouts


def mentor_held(mentor_id: str) -> str:
    return f"mentor:{mentor_id}:held"


def mentor_available(mentor_id: str) -> str:
    return f"mentor:{mentor_id}:available"


def mentor_payouts(mentor_id: str) -> str:
    return f"mentor:{mentor_id}:payouts-pending"


def external(name: str) -> str:
    return f"ext:{name}"


@dataclass(frozen=True)
class Leg:
    account: str
    amount_paise: int  # + into the account, - out of it


class InsufficientFunds(Conflict):
    code = "insufficient_funds"
    default_message = "There isn't enough balance for that."


def guarded(account: str) -> bool:
    return not account.startswith("ext:")


def post(txn_id: str, kind: str, legs: list[Leg], refs: dict[str, Any] | None = None,
         also: Callable[[TransactWrite], None] | None = None) -> bool:
    """Post once. Returns False if `txn_id` was already posted (idempotent replay).

    `also` adds the business record's own conditional write (a payment's status, a withdrawal) to
    the same transaction, so the record and its money move together or not at all. When that
    condition (or a balance guard) fails, `InsufficientFunds` is raised and the caller re-reads."""
    if not legs or sum(leg.amount_paise for leg in legs) != 0:
        raise ValueError(f"legs of {txn_id} must sum to zero")
    if any(not isinstance(leg.amount_paise, int) or isinstance(leg.amount_paise, bool) for leg in legs):
        raise TypeError("amounts are integer paise")
    now = clock.now_int()
    merged: dict[str, int] = {}
    for leg in legs:
        merged[leg.account] = merged.get(leg.account, 0) + leg.amount_paise
    try:
        with TransactWrite(connection=tx_connection()) as tx:
            tx.save(LedgerItem(txn_id=txn_id, leg=0, kind=kind, posted_at=now, refs=refs or {}),
                    condition=LedgerItem.txn_id.does_not_exist())
            for i, leg in enumerate(legs, start=1):
                tx.save(LedgerItem(txn_id=txn_id, leg=i, kind=kind, posted_at=now, account=leg.account,
                                   amount_paise=leg.amount_paise, posted_key=f"{now:012d}#{txn_id}#{i}",
                                   posted_month=clock.month(now) if leg.account in REPORTED else None))
            for account, delta in merged.items():
                if delta == 0:
                    continue
                condition = None
                if delta < 0 and guarded(account):
                    condition = Balance.balance_paise >= -delta
                tx.update(Balance(account=account), actions=[Balance.balance_paise.add(delta)], condition=condition)
            if also is not None:
                also(tx)
    except TransactWriteError:
        if posted(txn_id):
            return False
        raise InsufficientFunds() from None
    return True


def posted(txn_id: str) -> bool:
    try:
        LedgerItem.get(txn_id, 0, consistent_read=True)
        return True
    except LedgerItem.DoesNotExist:
        return False


def legs(txn_id: str) -> list[Leg]:
    return [Leg(str(item.account), int(item.amount_paise))
            for item in LedgerItem.query(txn_id, LedgerItem.leg >= 1, consistent_read=True)]


def balance(account: str) -> int:
    try:
        return int(Balance.get(account, consistent_read=True).balance_paise or 0)
    except Balance.DoesNotExist:
        return 0


def balances(accounts: list[str]) -> dict[str, int]:
    """Several balances in one consistent BatchGetItem (0 for an account never posted to)."""
    out = {a: 0 for a in accounts}
    for b in Balance.batch_get(list(out), consistent_read=True):
        out[b.account] = int(b.balance_paise or 0)
    return out


def month_totals(month: str) -> dict[str, int]:
    """The month's money (IST month "YYYY-MM"), summed from its ledger legs (a Query of one bucket):
    `revenue` what learners paid (captures and gifts), `refunds` what went back (net of refunds that
    failed), `platform_fees` what the platform kept net of refunds."""
    revenue = refunds = fees = 0
    for leg in LedgerItem.by_month.query(month):
        amount, kind = int(leg.amount_paise or 0), str(leg.kind)
        if leg.account == REFUNDS_ISSUED:
            if kind in CAPTURE_KINDS:
                revenue -= amount  # a capture takes its amount out of the memo
            else:
                refunds += amount
        elif leg.account == PLATFORM_FEES and kind in FEE_KINDS:
            fees += amount
    return {"revenue_paise": revenue, "refunds_paise": refunds, "platform_fees_paise": fees}


def split(amount_paise: int, mentor_bps: int = 9000) -> tuple[int, int]:
    """(mentor, platform). The mentor gets floor(amount × bps / 10 000); the platform gets the rest,
    so the two always add up to the amount exactly (an odd paisa goes to the platform)."""
    if amount_paise < 0:
        raise ValueError("negative amount")
    mentor = amount_paise * mentor_bps // 10_000
    return mentor, amount_paise - mentor


def backfill_posted_month(dry_run: bool) -> int:
    """One-off (an operator's full read): `posted_month` on the reported legs posted before the
    monthly report's index existed. Legs never change otherwise, so this races with nothing."""
    changed = 0
    for item in LedgerItem.scan():
        if int(item.leg) == 0 or item.posted_month or item.account not in REPORTED:
            continue
        changed += 1
        if not dry_run:
            item.update(actions=[LedgerItem.posted_month.set(clock.month(int(item.posted_at)))])
    return changed
