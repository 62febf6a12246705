"""Payments routes: thin — every rule lives in the payments services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint, Response

from chalicelib.core.access import ADMIN, LEARNER, MENTOR, PUBLIC, allow
from chalicelib.core.http import Ctx, WithStatus, api_route
from chalicelib.core.lazy import lazy_module, schemas

# Services (and the PynamoDB models behind them) load on the first request, not at cold start;
# mypy sees the real modules, so every route → service call is type checked.
if TYPE_CHECKING:
    from chalicelib.payments import orders, reconciliation, refunds, views, webhooks, withdrawals
    from chalicelib.payments import schemas as s
else:
    s = schemas("chalicelib.payments.schemas")
    orders = lazy_module("chalicelib.payments.orders")
    views = lazy_module("chalicelib.payments.views")
    refunds = lazy_module("chalicelib.payments.refunds")
    withdrawals = lazy_module("chalicelib.payments.withdrawals")
    webhooks = lazy_module("chalicelib.payments.webhooks")
    reconciliation = lazy_module("chalicelib.payments.reconciliation")

bp = Blueprint(__name__)

LEARNER_ONLY = allow(LEARNER, auth_flow="learner_signup")
MENTOR_ONLY = allow(MENTOR, auth_flow="mentor_signup")
ADMIN_ONLY = allow(ADMIN)
PAYEES = allow(MENTOR, ADMIN)  # a mentor withdraws their earnings; an admin the platform's
PARTIES = allow(LEARNER, MENTOR, ADMIN)


def _owner(ctx: Ctx) -> str:
    return "platform" if ctx.user.role == ADMIN else ctx.user.user_id


# ---------- Razorpay ----------

@api_route(bp, "/webhooks/razorpay", methods=["POST"], access=PUBLIC, body_doc=s.RazorpayWebhookIn,
           response=s.WebhookAckOut)
def razorpay_webhook(ctx: Ctx) -> s.WebhookAckOut:
    """Razorpay webhooks: signature checked over the raw body, then queued (answers in milliseconds)."""
    return webhooks.accept(ctx.raw_body, ctx.headers)


# ---------- learner ----------

@api_route(bp, "/payments/orders", methods=["POST"], access=LEARNER_ONLY, body=s.OrderIn, response=s.OrderOut,
           status=201, also_status=(200,))
def create_order(ctx: Ctx, data: s.OrderIn) -> s.OrderOut | WithStatus:
    """Create (or reuse) the Razorpay order that pays for a held seat; returns Checkout's options."""
    result, created = orders.for_booking(ctx.user.user_id, data.booking_id)
    return result if created else WithStatus(result, 200)  # 200: an open order reused


@api_route(bp, "/payments/verify", methods=["POST"], access=LEARNER_ONLY, body=s.VerifyIn, response=s.VerifyOut)
def verify(ctx: Ctx, data: s.VerifyIn) -> s.VerifyOut:
    """The Checkout callback: signature checked against our stored order, then the booking confirmed."""
    return orders.verify(ctx.user.user_id, data.razorpay_order_id, data.razorpay_payment_id, data.razorpay_signature)


@api_route(bp, "/payments/gifts", methods=["POST"], access=LEARNER_ONLY, body=s.GiftIn, response=s.OrderOut,
           status=201)
def create_gift(ctx: Ctx, data: s.GiftIn) -> s.OrderOut:
    """A gift to the mentor of one of your confirmed bookings (₹10 to the configured maximum)."""
    return orders.for_gift(ctx.user.user_id, data.booking_id, data.amount_paise)


@api_route(bp, "/payments/orders/{order_id}", access=PARTIES, response=s.PaymentOut)
def get_payment(ctx: Ctx, order_id: str) -> s.PaymentOut:
    """One payment: for its learner, its mentor and admins."""
    return views.one(ctx.user.user_id, ctx.user.role, order_id)


@api_route(bp, "/payments/mine", access=LEARNER_ONLY, query=s.PageQuery, response=s.PaymentPage)
def my_payments(ctx: Ctx, q: s.PageQuery) -> s.PaymentPage:
    """Your payments, newest first."""
    return views.learner_payments(ctx.user.user_id, q.cursor, q.limit)


@api_route(bp, "/payments/refunds", access=PARTIES, query=s.RefundsQuery, response=s.RefundPage)
def payment_refunds(ctx: Ctx, q: s.RefundsQuery) -> s.RefundPage:
    """Refunds of one payment."""
    return views.refunds_of(ctx.user.user_id, ctx.user.role, q.order_id, q.cursor, q.limit)


# ---------- mentor ----------

@api_route(bp, "/payments/earnings", access=MENTOR_ONLY, query=s.PageQuery, response=s.EarningsPage)
def earnings(ctx: Ctx, q: s.PageQuery) -> s.EarningsPage:
    """Your earnings (90 % of each payment, gifts included) and balances."""
    return views.earnings(ctx.user.user_id, q.cursor, q.limit)


@api_route(bp, "/payments/earnings/series", access=MENTOR_ONLY, query=s.SeriesQuery, response=s.EarningsSeriesOut)
def earnings_series(ctx: Ctx, q: s.SeriesQuery) -> s.EarningsSeriesOut:
    """Your earnings per day, for the chart."""
    return views.series(ctx.user.user_id, q.days)


@api_route(bp, "/payments/earnings.csv", access=MENTOR_ONLY, produces="text/csv")
def earnings_csv(ctx: Ctx) -> Response:
    """Your earnings as a CSV file."""
    return Response(body=views.earnings_csv(ctx.user.user_id), status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8", "Cache-Control": "no-store",
        "Content-Disposition": 'attachment; filename="peerlearn-earnings.csv"'})


# ---------- withdrawals (mentors; admins for the platform) ----------

@api_route(bp, "/payments/payout-account", access=PAYEES, response=s.PayoutAccountOut)
def get_payout_account(ctx: Ctx) -> s.PayoutAccountOut:
    """Where your withdrawals go (masked)."""
    return withdrawals.account_out(withdrawals.get_account(_owner(ctx)))


@api_route(bp, "/payments/payout-account", methods=["PUT"], access=PAYEES, body=s.PayoutAccountIn,
           response=s.PayoutAccountOut)
def put_payout_account(ctx: Ctx, data: s.PayoutAccountIn) -> s.PayoutAccountOut:
    """Save a bank account (IFSC, number, holder) or a UPI id; only a mask is kept."""
    return withdrawals.save_account(_owner(ctx), ctx.user.user_id, data)


@api_route(bp, "/payments/withdrawals", methods=["POST"], access=PAYEES, body=s.WithdrawIn,
           response=s.WithdrawalOut, status=201)
def withdraw(ctx: Ctx, data: s.WithdrawIn) -> s.WithdrawalOut:
    """Withdraw from ₹100 up to your available balance (RazorpayX payout)."""
    return withdrawals.withdraw(_owner(ctx), data.amount_paise)


@api_route(bp, "/payments/withdrawals", access=PAYEES, query=s.PageQuery, response=s.WithdrawalPage)
def withdrawal_history(ctx: Ctx, q: s.PageQuery) -> s.WithdrawalPage:
    """Your withdrawals, newest first."""
    return withdrawals.history(_owner(ctx), q.cursor, q.limit)


# ---------- admin ----------

@api_route(bp, "/admin/payments", access=ADMIN_ONLY, query=s.AdminPaymentsQuery, response=s.PaymentPage)
def admin_payments(ctx: Ctx, q: s.AdminPaymentsQuery) -> s.PaymentPage:
    """Every payment, newest first (optionally one status)."""
    return views.admin_payments(q.status, q.cursor, q.limit)


@api_route(bp, "/admin/payments/{order_id}/refunds", methods=["POST"], access=ADMIN_ONLY, body=s.AdminRefundIn,
           response=s.RefundOut, status=201)
def admin_refund(ctx: Ctx, data: s.AdminRefundIn, order_id: str) -> s.RefundOut:
    """Refund a payment in full (no amount) or in part."""
    refund_id = f"{order_id}-admin-{data.idempotency_key}" if data.idempotency_key else None
    r = refunds.refund_payment(order_id, data.amount_paise, reason="admin", note=data.reason,
                               requested_by=ctx.user.user_id, refund_id=refund_id)
    return views.refund_out(r)


@api_route(bp, "/admin/revenue", access=ADMIN_ONLY, response=s.RevenueOut)
def admin_revenue(ctx: Ctx) -> s.RevenueOut:
    """Platform fees, payouts and totals."""
    return views.revenue()


@api_route(bp, "/admin/webhook-events", access=ADMIN_ONLY, query=s.DeadLettersQuery, response=s.WebhookEventPage)
def dead_letters(ctx: Ctx, q: s.DeadLettersQuery) -> s.WebhookEventPage:
    """Webhook events that failed every retry (and those replayed)."""
    return webhooks.dead_letters(q.status, q.cursor, q.limit)


@api_route(bp, "/admin/webhook-events/{event_id}/replay", methods=["POST"], access=ADMIN_ONLY,
           response=s.WebhookEventOut, status=202)
def replay(ctx: Ctx, event_id: str) -> s.WebhookEventOut:
    """Queue a dead-lettered event again."""
    return webhooks.replay(event_id)


@api_route(bp, "/admin/reconciliation", access=ADMIN_ONLY, query=s.PageQuery, response=s.ReconciliationPage)
def reconciliation_reports(ctx: Ctx, q: s.PageQuery) -> s.ReconciliationPage:
    """Daily reconciliation reports, newest first."""
    return reconciliation.reports(q.cursor, q.limit)
