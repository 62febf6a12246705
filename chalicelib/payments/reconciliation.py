"""The daily reconciliation: what Razorpay captured and refunded yesterday (IST), fetched through
its API, against our records of the same day. Any difference is stored in a report and sent to
every admin; nothing is "fixed" automatically."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from chalicelib.core import clock, paging
from chalicelib.core.logging import logger
from chalicelib.payments import gateway
from chalicelib.payments.models import Payment, Reconciliation, Refund
from chalicelib.payments.records import IST

if TYPE_CHECKING:
    from chalicelib.payments.schemas import ReconciliationPage

MAX_DIFFERENCES = 200


def _day_bounds(day: str) -> tuple[int, int]:
    start = datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=IST)
    return int(start.timestamp()), int((start + timedelta(days=1)).timestamp()) - 1


def yesterday() -> str:
    return (datetime.fromtimestamp(clock.now(), IST).date() - timedelta(days=1)).isoformat()


def run(event: Any = None, day: str | None = None) -> dict[str, Any]:
    day = day or yesterday()
    start, end = _day_bounds(day)
    differences: list[dict[str, Any]] = []

    # Razorpay lists payments by creation time, we file them by capture time: a payment near
    # midnight can sit on different days, so each side's leftovers are looked up one by one.
    theirs = {str(p["id"]): p for p in gateway.list_collection("payments", start, end)
              if p.get("status") in ("captured", "refunded")}
    ours = {str(p.razorpay_payment_id): p for p in Payment.captured_by_day.query(day)}
    for pid, p in theirs.items():
        mine = ours.get(pid) or _ours_elsewhere(str(p.get("order_id") or ""), pid)
        if mine is None:
            differences.append({"kind": "payment_missing_in_ledger", "razorpay_id": pid,
                                "order_id": p.get("order_id"), "amount_paise": int(p.get("amount") or 0)})
        elif int(mine.amount_paise) != int(p.get("amount") or 0):
            differences.append({"kind": "payment_amount_differs", "razorpay_id": pid, "order_id": mine.order_id,
                                "ours_paise": int(mine.amount_paise), "theirs_paise": int(p.get("amount") or 0)})
    for pid, mine in ours.items():
        if pid in theirs:
            continue
        fetched = _theirs_elsewhere(pid)
        if fetched is None or fetched.get("status") not in ("captured", "refunded"):
            differences.append({"kind": "payment_missing_at_razorpay", "razorpay_id": pid, "order_id": mine.order_id,
                                "amount_paise": int(mine.amount_paise)})
        elif int(fetched.get("amount") or 0) != int(mine.amount_paise):
            differences.append({"kind": "payment_amount_differs", "razorpay_id": pid, "order_id": mine.order_id,
                                "ours_paise": int(mine.amount_paise), "theirs_paise": int(fetched.get("amount") or 0)})

    their_refunds = {str(r["id"]): r for r in gateway.list_collection("refunds", start, end)
                     if r.get("status") != "failed"}
    our_refunds = {str(r.razorpay_refund_id or r.refund_id): r for r in Refund.by_day.query(day)
                   if r.status != "failed"}
    for rid, r in their_refunds.items():
        mine_r = our_refunds.get(rid)
        if mine_r is None:
            differences.append({"kind": "refund_missing_in_ledger", "razorpay_id": rid,
                                "payment_id": r.get("payment_id"), "amount_paise": int(r.get("amount") or 0)})
        elif int(mine_r.amount_paise) != int(r.get("amount") or 0):
            differences.append({"kind": "refund_amount_differs", "razorpay_id": rid,
                                "ours_paise": int(mine_r.amount_paise), "theirs_paise": int(r.get("amount") or 0)})
    for rid, mine_r in our_refunds.items():
        if rid not in their_refunds:
            differences.append({"kind": "refund_missing_at_razorpay", "razorpay_id": rid,
                                "refund_id": mine_r.refund_id, "amount_paise": int(mine_r.amount_paise)})

    report = Reconciliation(day=day, ok=not differences, differences=differences[:MAX_DIFFERENCES],
                            checked_payments=len(theirs | ours), checked_refunds=len(their_refunds | our_refunds),
                            ran_at=clock.now_int())
    report.save()
    if differences:
        from chalicelib.notifications.service import notify_admins

        logger.warning("reconciliation found differences", extra={"day": day, "count": len(differences)})
        notify_admins("reconciliation_mismatch", f"Payments for {day} don't reconcile",
                      f"{len(differences)} difference(s) between Razorpay and PeerLearn.", "/dashboard/admin/payments")
    return report_dict(report)


def _ours_elsewhere(order_id: str, razorpay_payment_id: str) -> Payment | None:
    from chalicelib.payments.records import find

    p = find(order_id) if order_id else None
    return p if p is not None and p.razorpay_payment_id == razorpay_payment_id else None


def _theirs_elsewhere(razorpay_payment_id: str) -> dict[str, Any] | None:
    try:
        return gateway.fetch_payment(razorpay_payment_id)
    except gateway.GatewayRefused:
        return None


def report_dict(r: Reconciliation) -> dict[str, Any]:
    return {"day": r.day, "ok": bool(r.ok), "differences": list(r.differences or []),
            "checked_payments": int(r.checked_payments or 0), "checked_refunds": int(r.checked_refunds or 0),
            "ran_at": clock.iso(r.ran_at)}


def reports(cursor: str | None, limit: int) -> ReconciliationPage:
    from chalicelib.payments.schemas import ReconciliationOut, ReconciliationPage

    result = Reconciliation.feed.query("reports", scan_index_forward=False, page_size=limit,
                                       last_evaluated_key=paging.decode(cursor, {"day", "feed_key"},
                                                                        {"feed_key": "reports"}))
    items, last = paging.take(result, limit, max_pages=1)
    return ReconciliationPage(items=[ReconciliationOut.from_model(r) for r in items], next_cursor=paging.encode(last))
