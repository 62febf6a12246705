"""What people see of payments: the learner's, mentor's and admin's tables, the earnings chart
and CSV, platform revenue. Every list is a cursor-paged Query on an index of `payments`."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalicelib.core import clock, paging
from chalicelib.core.errors import Forbidden
from chalicelib.payments import ledger
from chalicelib.payments.models import Payment, Refund
from chalicelib.payments.records import failed_attempts, load

if TYPE_CHECKING:
    from chalicelib.accounts.schemas import PersonCardOut
    from chalicelib.payments.schemas import (
        EarningsPage,
        EarningsSeriesOut,
        EarningsSummaryOut,
        PaymentOut,
        PaymentPage,
        RefundOut,
        RefundPage,
        RevenueOut,
        VerifyOut,
    )

REFUND_KEYS = {"refund_id", "order_id", "created_at"}
CSV_MAX_ROWS = 5_000


def to_out(p: Payment, cards: dict[str, PersonCardOut] | None = None) -> PaymentOut:
    from chalicelib.accounts.schemas import name_of
    from chalicelib.payments.schemas import PaymentOut

    cards = cards or {}
    return PaymentOut.from_model(p, learner_name=name_of(cards, p.learner_id), mentor_name=name_of(cards, p.mentor_id),
                                 failed_attempts=failed_attempts(p))


def shape(items: list[Payment]) -> list[PaymentOut]:
    from chalicelib.accounts.people import people

    cards = people({p.learner_id for p in items} | {p.mentor_id for p in items})
    return [to_out(p, cards) for p in items]


def with_booking(p: Payment, viewer_id: str) -> VerifyOut:
    from chalicelib.bookings import service as bookings
    from chalicelib.payments.schemas import VerifyOut

    booking = bookings.visible(viewer_id, p.booking_id) if p.kind == "booking" else None
    return VerifyOut(payment=shape([p])[0], booking=booking)


def one(viewer_id: str, role: str, order_id: str) -> PaymentOut:
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


def learner_payments(learner_id: str, cursor: str | None, limit: int) -> PaymentPage:
    from chalicelib.payments.schemas import PaymentPage

    items, nxt = _page(Payment.by_learner, learner_id, {"learner_id": learner_id}, cursor, limit)
    return PaymentPage(items=shape(items), next_cursor=nxt)


def summary(mentor_id: str) -> EarningsSummaryOut:
    from chalicelib.core import counters
    from chalicelib.payments.records import gifts_counter
    from chalicelib.payments.schemas import EarningsSummaryOut

    held, available, pending, bank = (ledger.mentor_held(mentor_id), ledger.mentor_available(mentor_id),
                                      ledger.mentor_payouts(mentor_id), ledger.external(f"bank:{mentor_id}"))
    b = ledger.balances([held, available, pending, bank])
    gifts = counters.read_many([gifts_counter(mentor_id)])[gifts_counter(mentor_id)]
    return EarningsSummaryOut(held_paise=b[held], available_paise=b[available], payouts_pending_paise=b[pending],
                              withdrawn_paise=b[bank], lifetime_paise=sum(b.values()), gifts_paise=gifts)


def earnings(mentor_id: str, cursor: str | None, limit: int) -> EarningsPage:
    from chalicelib.payments.schemas import EarningsPage

    items, nxt = _page(Payment.by_mentor, mentor_id, {"mentor_id": mentor_id}, cursor, limit,
                       filter_condition=Payment.status.is_in("captured", "partially_refunded", "refunded"))
    return EarningsPage(items=shape(items), next_cursor=nxt, summary=None if cursor else summary(mentor_id))


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


def series(mentor_id: str, days: int) -> EarningsSeriesOut:
    from chalicelib.payments.schemas import EarningsDayOut, EarningsSeriesOut

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
    return EarningsSeriesOut(days=[
        EarningsDayOut(date=day, earned_paise=v["earned_paise"], gifts_paise=v["gifts_paise"])
        for day, v in buckets.items()])


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
        learner = cards[p.learner_id].name if p.learner_id in cards else ""
        out.writerow([when, _safe(p.session_title), _safe(learner), p.kind,
                      _inr(int(p.amount_paise)), _inr(int(p.mentor_paise) - int(p.mentor_reversed_paise or 0)),
                      _inr(int(p.refunded_paise or 0)), p.earning_status or p.status])
    return buf.getvalue()


def _inr(paise: int) -> str:
    return f"{paise // 100}.{paise % 100:02d}"


def _safe(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: neutralise them."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def admin_payments(status: str | None, cursor: str | None, limit: int) -> PaymentPage:
    from chalicelib.payments.schemas import PaymentPage

    if status:
        items, nxt = _page(Payment.by_status, status, {"status": status}, cursor, limit)
    else:
        items, nxt = _page(Payment.feed, "payments", {"feed_key": "payments"}, cursor, limit)
    return PaymentPage(items=shape(items), next_cursor=nxt)


def revenue() -> RevenueOut:
    from chalicelib.core import counters
    from chalicelib.payments.records import CAPTURED_COUNTER, REFUNDED_COUNTER
    from chalicelib.payments.schemas import RevenueOut

    totals = counters.read_many([CAPTURED_COUNTER, REFUNDED_COUNTER])
    bank = ledger.external("bank:platform")
    b = ledger.balances([ledger.PLATFORM_FEES, ledger.PLATFORM_PAYOUTS, bank])
    return RevenueOut(platform_fees_paise=b[ledger.PLATFORM_FEES],
                      platform_payouts_pending_paise=b[ledger.PLATFORM_PAYOUTS], platform_withdrawn_paise=b[bank],
                      captured_paise=totals[CAPTURED_COUNTER], refunded_paise=totals[REFUNDED_COUNTER])


def refund_out(r: Refund) -> RefundOut:
    from chalicelib.payments.schemas import RefundOut

    return RefundOut.from_model(r)


def refunds_of(viewer_id: str, role: str, order_id: str, cursor: str | None, limit: int) -> RefundPage:
    from chalicelib.payments.schemas import RefundPage

    one(viewer_id, role, order_id)  # access check
    result = Refund.by_order.query(order_id, scan_index_forward=False, page_size=limit,
                                   last_evaluated_key=paging.decode(cursor, REFUND_KEYS, {"order_id": order_id}))
    items, last = paging.take(result, limit, max_pages=1)
    return RefundPage(items=[refund_out(r) for r in items], next_cursor=paging.encode(last))
