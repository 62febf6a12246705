"""Booking routes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from chalicelib.core.access import LEARNER, MENTOR, allow
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

if TYPE_CHECKING:
    from chalicelib.catalog import schemas as s
else:
    s = schemas("chalicelib.catalog.schemas")

bp = Blueprint(__name__)
# Services (and the PynamoDB models behind them) load on the first request, not at cold start.
service = lazy_module("chalicelib.bookings.service")
LEARNER_ONLY = allow(LEARNER, auth_flow="learner_signup")
MENTOR_ONLY = allow(MENTOR, auth_flow="mentor_signup")


@api_route(bp, "/sessions/{session_id}/book", methods=["POST"], access=LEARNER_ONLY, status=201)
def book(ctx: Ctx, session_id: str) -> dict[str, Any]:
    """Book a seat: free → confirmed, paid → 15-minute hold, approval → pending approval."""
    return service.book(ctx.user.user_id, session_id)


@api_route(bp, "/bookings/{booking_id}", access=allow(LEARNER, MENTOR))
def get_booking(ctx: Ctx, booking_id: str) -> dict[str, Any]:
    """A booking, for its learner or the session's mentor."""
    return service.visible(ctx.user.user_id, booking_id)


@api_route(bp, "/bookings/{booking_id}/cancel", methods=["POST"], access=LEARNER_ONLY)
def cancel(ctx: Ctx, booking_id: str) -> dict[str, Any]:
    """Cancel your booking (refund per the policy)."""
    return service.cancel(ctx.user.user_id, booking_id)


@api_route(bp, "/bookings/{booking_id}/approve", methods=["POST"], access=MENTOR_ONLY)
def approve(ctx: Ctx, booking_id: str) -> dict[str, Any]:
    """Approve a booking waiting for you."""
    return service.approve(ctx.user.user_id, booking_id)


@api_route(bp, "/bookings/{booking_id}/reject", methods=["POST"], access=MENTOR_ONLY)
def reject(ctx: Ctx, booking_id: str) -> dict[str, Any]:
    """Reject a booking waiting for you."""
    return service.reject(ctx.user.user_id, booking_id)


@api_route(bp, "/mentor/approvals", access=MENTOR_ONLY, query=s.PageQuery)
def approvals(ctx: Ctx, q: s.PageQuery) -> dict[str, Any]:
    """Bookings waiting for your approval."""
    return service.approvals(ctx.user.user_id, q.cursor, q.limit)
