"""What people see of payments: the learner's, mentor's and admin's tables, the earnings chart
and CSV, platform revenue. Every list is a cursor-paged Query on an index of `payments`."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalicelib.core import clock, paging
from chalicelib.core.errors import Forbidden
from chalicelib.payments import ledger
from chalicelib.payments.models import Payment, Refund
from chalicelib.payments.records import failed_attempts, load

REFUND_KEYS = {"refund_id", "order_id", "created_at"}
CSV_MAX_ROWS = 5_000


def to_dict(p: Payment, cards: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    cards = cards or {}

    def person(user_id: str) -> dict[str, Any]:
        return {"user_id": user_id, "name": cards.get(user_id, {}).get("name", "")}

    return {
        "order_id": p.order_id, "kind": p.kind, "booking_id": p.booking_id,
        "session": {"session_id": p.session_id, "title": p.session_title,
                    "starts_at": clock.iso(p.session_starts_at) if p.session_starts_at else None},
        "learner": person(p.learner_id), "mentor": person(p.mentor_id),
        "amount_paise": int(p.amount_paise), "mentor_paise": int(p.mentor_paise),
        "platform_paise": int(p.platform_paise), "refunded_paise": int(p.refunded_paise or 0),
        "mentor_reversed_paise": int(p.mentor_reversed_paise or 0),
        "status": p.status, "earning_status": p.earning_status, "failed_attempts": failed_attempts(p),
        "razorpay_payment_id": p.razorpay_payment_id, "created_at": clock.iso(p.created_at),
        "captured_at": clock.iso(p.captured_at) if p.captured_at else None,
    }


def shape(items: list[Payment]) -> list[dict[str, Any]]:
    from chalicelib.accounts.people import people

    cards = people({p.learner_id for p in items} | {p.mentor_id for p in items})
    return [to_dict(p, cards) for p in items]


def with_booking(p: Payment, viewer_id: str) -> dict[str, Any]:
    from chalicelib.bookings import service as bookings

    booking = bookings.visible(viewer_id, p.booking_id) if p.kind == "booking" else None
    return {"payment": shape([p])[0], "booking": booking}


def one(viewer_id: str, role: str, order_id: str) -> dict[str, Any]:
    p = load(order_id)
    if role != "admin" and viewer_id not in (p.learner_id, p.mentor_id):
        raise Forbidden("Access denied", code="access_denied")
    return shape([p])[0]


def _page(index: Any, hash_key: str, bound: dict[str, str], cursor: str | None, limit: int,
          **kwargs: Any) -> tuple[list[Payment], str | None]:
    names = {"order_id", "created_at", *bound}  # the table's key + this index's keys
    result = index.query(hash_key, scan_index_forward=False, page_size=limit,
                         last_evaluated_key=paging.decode(cursor, names, bound), **kwargs)
    items, last = paging.take(result, limit, max_pages=1)
    return items, paging.encode(last)


def learner_payments(learner_id: str, cursor: str | None, limit: int) -> dict[str, Any]:
    items, nxt = _page(Payment.by_learner, learner_id, {"learner_id": learner_id}, cursor, limit)
    return {"items": shape(items), "next_cursor": nxt}


def summary(mentor_id: str) -> dict[str, int]:
    from chalicelib.core import counters
    from chalicelib.payments.records import gifts_counter

    held, available, pending, bank = (ledger.mentor_held(mentor_id), ledger.mentor_available(mentor_id),
                                      ledger.mentor_payouts(mentor_id), ledger.external(f"bank:{mentor_id}"))
    b = ledger.balances([held, available, pending, bank])
    gifts = counters.read_many([gifts_counter(mentor_id)])[gifts_counter(mentor_id)]
    return {"held_paise": b[held], "available_paise": b[available], "payouts_pending_paise": b[pending],
            "withdrawn_paise": b[bank], "lifetime_paise": sum(b.values()), "gifts_paise": gifts}


def earnings(mentor_id: str, cursor: str | None, limit: int) -> dict[str, Any]:
    items, nxt = _page(Payment.by_mentor, mentor_id, {"mentor_id": mentor_id}, cursor, limit,
                       filter_condition=Payment.status.is_in("captured", "partially_refunded", "refunded"))
    out: dict[str, Any] = {"items": shape(items), "next_cursor": nxt}
    if not cursor:
        out["summary"] = summary(mentor_id)
    return out


def _tz(user_id: str) -> ZoneInfo:
    from chalicelib.accounts.models import User

    try:
        return ZoneInfo(User.get(user_id, attributes_to_get=["timezone"]).timezone or "Asia/Kolkata")
    except (User.DoesNotExist, ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Asia/Kolkata")


def _captured_since(mentor_id: str, since: int) -> list[Payment]:
    # Payments are created before they are captured, so "created since" bounds the range read.
    return list(Payment.by_mentor.query(mentor_id, Payment.created_at >= since - 86_400,
                                        filter_condition=Payment.captured_at >= since))


def series(mentor_id: str, days: int) -> dict[str, Any]:
    tz = _tz(mentor_id)
    today = datetime.fromtimestamp(clock.now(), tz).date()
    first = today - timedelta(days=days - 1)
    since = int(datetime(first.year, first.month, first.day, tzinfo=tz).timestamp())
    buckets = {(first + timedelta(days=i)).isoformat(): {"earned_paise": 0, "gifts_paise": 0} for i in range(days)}
    for p in _captured_since(mentor_id, since):
        day = datetime.fromtimestamp(int(p.captured_at), tz).date().isoformat()
        if day in buckets:
            share = int(p.mentor_paise) - int(p.mentor_reversed_paise or 0)
            buckets[day]["gifts_paise" if p.kind == "gift" else "earned_paise"] += share
    return {"days": [{"date": day, **values} for day, values in buckets.items()]}


def earnings_csv(mentor_id: str) -> str:
    from chalicelib.accounts.people import people

    rows: list[Payment] = []
    for p in Payment.by_mentor.query(mentor_id, scan_index_forward=False,
                                     filter_condition=Payment.status.is_in("captured", "partially_refunded",
                                                                           "refunded")):
        rows.append(p)
        if len(rows) >= CSV_MAX_ROWS:
            break
    cards = people({p.learner_id for p in rows})
    tz = _tz(mentor_id)
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(["date", "session", "learner", "kind", "amount_inr", "your_share_inr", "refunded_inr", "status"])
    for p in rows:
        when = datetime.fromtimestamp(int(p.captured_at or p.created_at), tz).strftime("%Y-%m-%d %H:%M")
        out.writerow([when, _safe(p.session_title), _safe(cards.get(p.learner_id, {}).get("name", "")), p.kind,
                      _inr(int(p.amount_paise)), _inr(int(p.mentor_paise) - int(p.mentor_reversed_paise or 0)),
                      _inr(int(p.refunded_paise or 0)), p.earning_status or p.status])
    return buf.getvalue()


def _inr(paise: int) -> str:
    return f"{paise // 100}.{paise % 100:02d}"


def _safe(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: neutralise them."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def admin_payments(status: str | None, cursor: str | None, limit: int) -> dict[str, Any]:
    if status:
        items, nxt = _page(Payment.by_status, status, {"status": status}, cursor, limit)
    else:
        items, nxt = _page(Payment.feed, "payments", {"feed_key": "payments"}, cursor, limit)
    return {"items": shape(items), "next_cursor": nxt}


def revenue() -> dict[str, int]:
    from chalicelib.core import counters
    from chalicelib.payments.records import CAPTURED_COUNTER, REFUNDED_COUNTER

    totals = counters.read_many([CAPTURED_COUNTER, REFUNDED_COUNTER])
    bank = ledger.external("bank:platform")
    b = ledger.balances([ledger.PLATFORM_FEES, ledger.PLATFORM_PAYOUTS, bank])
    return {"platform_fees_paise": b[ledger.PLATFORM_FEES],
            "platform_payouts_pending_paise": b[ledger.PLATFORM_PAYOUTS], "platform_withdrawn_paise": b[bank],
            "captured_paise": totals.get(CAPTURED_COUNTER, 0), "refunded_paise": totals.get(REFUNDED_COUNTER, 0)}


def refund_dict(r: Refund) -> dict[str, Any]:
    return {"refund_id": r.refund_id, "order_id": r.order_id, "razorpay_refund_id": r.razorpay_refund_id,
            "amount_paise": int(r.amount_paise), "mentor_paise": int(r.mentor_paise), "reason": r.reason,
            "note": r.note, "status": r.status, "created_at": clock.iso(r.created_at)}


def refunds_of(viewer_id: str, role: str, order_id: str, cursor: str | None, limit: int) -> dict[str, Any]:
    one(viewer_id, role, order_id)  # access check
    result = Refund.by_order.query(order_id, scan_index_forward=False, page_size=limit,
                                   last_evaluated_key=paging.decode(cursor, REFUND_KEYS, {"order_id": order_id}))
    items, last = paging.take(result, limit, max_pages=1)
    return {"items": [refund_dict(r) for r in items], "next_cursor": paging.encode(last)}
