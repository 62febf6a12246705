"""Withdrawals through RazorpayX: contact → fund account (bank or UPI) → payout.

The balance is debited when the withdrawal is requested, in the same transaction that writes the
withdrawal (a guarded ADD: never below zero, also when two requests race). The payout is sent with
`X-Payout-Idempotency` = the withdrawal id, so a retry can never pay twice. Payout webhooks move
the status forward; a reversed, failed or rejected payout returns the money to the balance.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.core import clock, paging
from chalicelib.core.errors import BadRequest, Conflict
from chalicelib.core.ids import new_id
from chalicelib.core.logging import logger
from chalicelib.core.money import WITHDRAWAL_MIN_PAISE, rupees
from chalicelib.notifications.service import notify, notify_admins
from chalicelib.payments import gateway, ledger, money
from chalicelib.payments.ledger import InsufficientFunds
from chalicelib.payments.models import PayoutAccount, Withdrawal

if TYPE_CHECKING:
    from chalicelib.payments.schemas import PayoutAccountIn, PayoutAccountOut, WithdrawalOut, WithdrawalPage

PLATFORM = "platform"
IN_FLIGHT = ("requested", "processing")
RETURNED = ("reversed", "failed", "rejected", "cancelled")
STATUS_TEXT = {
    "requested": "Requested — usually processed within 24 hrs",
    "processing": "Processing — usually within 24 hrs",
    "processed": "Processed",
    "reversed": "Reversed by the bank — returned to your balance",
    "failed": "Failed — returned to your balance",
}
CURSOR_KEYS = {"withdrawal_id", "owner", "created_at"}


def accounts_of(owner: str) -> tuple[str, str]:
    """(available account, payouts-in-flight account) in the ledger."""
    if owner == PLATFORM:
        return ledger.PLATFORM_FEES, ledger.PLATFORM_PAYOUTS
    return ledger.mentor_available(owner), ledger.mentor_payouts(owner)


def mask_number(number: str) -> str:
    return "X" * max(0, len(number) - 4) + number[-4:]


def mask_vpa(vpa: str) -> str:
    name, _, handle = vpa.partition("@")
    return f"{name[:2]}{'*' * max(3, len(name) - 2)}@{handle}"


# ---------- the payout account ----------

def account_out(a: PayoutAccount | None) -> PayoutAccountOut:
    from chalicelib.payments.schemas import PayoutAccountOut

    return PayoutAccountOut.from_model(a)


def get_account(owner: str) -> PayoutAccount | None:
    try:
        return PayoutAccount.get(owner, consistent_read=True)
    except PayoutAccount.DoesNotExist:
        return None


def save_account(owner: str, display_name: str, body: PayoutAccountIn) -> PayoutAccountOut:
    """Register the destination with RazorpayX and keep only its mask and ids."""
    from chalicelib.payments.schemas import BankAccountIn

    data = body.root
    contact = gateway.create_contact(getattr(data, "holder_name", None) or display_name or "PeerLearn mentor",
                                     "self" if owner == PLATFORM else "vendor", owner[:40])
    if isinstance(data, BankAccountIn):
        details: dict[str, Any] = {"account_type": "bank_account", "bank_account": {
            "name": data.holder_name, "ifsc": data.ifsc, "account_number": data.account_number}}
        masked, holder, ifsc = mask_number(data.account_number), data.holder_name, data.ifsc
    else:
        details = {"account_type": "vpa", "vpa": {"address": data.vpa}}
        masked, holder, ifsc = mask_vpa(data.vpa), None, None
    fund = gateway.create_fund_account(str(contact["id"]), details)
    account = PayoutAccount(owner=owner, kind=data.kind, holder_name=holder, ifsc=ifsc, masked=masked,
                            contact_id=str(contact["id"]), fund_account_id=str(fund["id"]), updated_at=clock.now_int())
    account.save()
    return account_out(account)


# ---------- withdrawing ----------

def to_out(w: Withdrawal) -> WithdrawalOut:
    from chalicelib.payments.schemas import WithdrawalOut

    return WithdrawalOut.from_model(w, status_text=STATUS_TEXT.get(w.status, w.status))


def withdraw(owner: str, amount_paise: int) -> WithdrawalOut:
    if amount_paise < WITHDRAWAL_MIN_PAISE:
        raise BadRequest(f"The minimum withdrawal is {rupees(WITHDRAWAL_MIN_PAISE)}.", code="below_minimum",
                         fields={"amount_paise": f"At least {rupees(WITHDRAWAL_MIN_PAISE)}."})
    account = get_account(owner)
    if account is None:
        raise Conflict("Add a bank account or UPI id first.", code="no_payout_account")
    available, pending = accounts_of(owner)
    now = clock.now_int()
    w = Withdrawal(withdrawal_id=new_id(), owner=owner, amount_paise=amount_paise, status="requested",
                   destination=account.masked, mode="UPI" if account.kind == "vpa" else "IMPS",
                   fund_account_id=account.fund_account_id, retry_key="requested", created_at=now, updated_at=now)

    def also(tx: TransactWrite) -> None:
        tx.save(w, condition=Withdrawal.withdrawal_id.does_not_exist())

    try:
        money.request_withdrawal(w.withdrawal_id, owner_account=available, pending_account=pending,
                                 amount_paise=amount_paise, also=also)
    except InsufficientFunds:
        raise Conflict(f"You can withdraw up to {rupees(ledger.balance(available))}.", code="insufficient_funds",
                       available_paise=ledger.balance(available)) from None
    return to_out(_send(w))


def _send(w: Withdrawal) -> Withdrawal:
    body = {"fund_account_id": w.fund_account_id, "amount": int(w.amount_paise), "currency": "INR",
            "mode": w.mode, "purpose": "payout", "queue_if_low_balance": True,
            "reference_id": w.withdrawal_id, "narration": "PeerLearn earnings"}
    try:
        payout = gateway.create_payout(body, w.withdrawal_id)
    except gateway.GatewayRefused as exc:
        return apply_payout_status(w.withdrawal_id, "rejected", None, exc.message) or w
    except gateway.PaymentsUnavailable:
        logger.warning("payout call failed; left requested", extra={"withdrawal_id": w.withdrawal_id})
        return w  # the same idempotency key makes a later retry safe
    with contextlib.suppress(UpdateError):
        w.update(actions=[Withdrawal.payout_id.set(str(payout["id"])), Withdrawal.retry_key.remove(),
                          Withdrawal.updated_at.set(clock.now_int())],
                 condition=Withdrawal.payout_id.does_not_exist())
    return apply_payout_status(w.withdrawal_id, str(payout.get("status") or "queued"), payout, None) or w


def apply_payout_status(withdrawal_id: str, status: str, payout: dict[str, Any] | None,
                        reason: str | None) -> Withdrawal | None:
    """Forward-only: requested → processing → processed; reversed/failed/rejected return the money
    (also after `processed`: banks reverse payouts days later)."""
    try:
        w = Withdrawal.get(withdrawal_id, consistent_read=True)
    except Withdrawal.DoesNotExist:
        return None
    available, pending = accounts_of(w.owner)
    amount = int(w.amount_paise)
    now = clock.now_int()
    payout = payout or {}
    if status in ("queued", "pending", "initiated", "processing", "scheduled"):
        with contextlib.suppress(UpdateError):
            w.update(actions=[Withdrawal.status.set("processing"), Withdrawal.updated_at.set(now)],
                     condition=Withdrawal.status == "requested")
    elif status == "processed":
        utr = str(payout.get("utr") or "")

        def done(tx: TransactWrite) -> None:
            actions: list[Any] = [Withdrawal.status.set("processed"), Withdrawal.updated_at.set(now)]
            if utr:
                actions.append(Withdrawal.utr.set(utr))
            tx.update(w, actions=actions, condition=Withdrawal.status.is_in(*IN_FLIGHT))

        try:
            if money.payout_processed(w.withdrawal_id, pending_account=pending, bank=w.owner, amount_paise=amount,
                                      also=done):
                _tell(w, "withdrawal_processed", f"{rupees(amount)} sent to {w.destination}",
                      "Your withdrawal is processed.")
        except InsufficientFunds:
            pass  # not in flight any more (already processed or returned)
    elif status in RETURNED:
        was = w.status
        if was not in (*IN_FLIGHT, "processed"):
            return w
        target = "reversed" if status == "reversed" else "failed"
        detail = reason or _status_detail(payout) or status

        def back(tx: TransactWrite) -> None:
            tx.update(w, actions=[Withdrawal.status.set(target), Withdrawal.failure_reason.set(detail[:200]),
                                  Withdrawal.retry_key.remove(), Withdrawal.updated_at.set(now)],
                      condition=Withdrawal.status == was)

        try:
            if money.payout_returned(w.withdrawal_id, owner_account=available, pending_account=pending,
                                     amount_paise=amount, after_processed=was == "processed", bank=w.owner,
                                     also=back):
                _tell(w, "withdrawal_returned", f"{rupees(amount)} returned to your balance",
                      f"The payout to {w.destination} didn't go through ({detail}).")
        except InsufficientFunds:
            pass
    else:
        logger.info("payout status ignored", extra={"withdrawal_id": withdrawal_id, "status": status})
    return Withdrawal.get(withdrawal_id, consistent_read=True)


def _status_detail(payout: dict[str, Any]) -> str:
    details = payout.get("status_details")
    if isinstance(details, dict):
        return str(details.get("description") or details.get("reason") or "")
    return str(payout.get("failure_reason") or "")


def _tell(w: Withdrawal, kind: str, title: str, body: str) -> None:
    if w.owner == PLATFORM:
        notify_admins(kind, title, body, "/dashboard/admin/payments")
    else:
        notify(w.owner, kind, title, body, "/dashboard/mentor/earnings")


def retry_stuck_payouts(older_than: int = 300, limit: int = 100) -> int:
    """Payout requests that never reached RazorpayX (a timeout, an outage): send them again with
    the same idempotency key, which can never create a second payout."""
    sent = 0
    for w in Withdrawal.payouts_to_retry.query("requested", Withdrawal.created_at <= clock.now_int() - older_than,
                                               limit=limit):
        if w.payout_id or w.status != "requested":
            with contextlib.suppress(UpdateError):
                w.update(actions=[Withdrawal.retry_key.remove()])
            continue
        _send(w)
        sent += 1
    return sent


def history(owner: str, cursor: str | None, limit: int) -> WithdrawalPage:
    from chalicelib.payments.schemas import WithdrawalPage

    result = Withdrawal.by_owner.query(owner, scan_index_forward=False, page_size=limit,
                                       last_evaluated_key=paging.decode(cursor, CURSOR_KEYS, {"owner": owner}))
    items, last = paging.take(result, limit, max_pages=1)
    return WithdrawalPage(items=[to_out(w) for w in items], next_cursor=paging.encode(last))
