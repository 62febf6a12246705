"""Booking routes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.core.access import ADMIN, LEARNER, MENTOR, allow
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

# Services (and the PynamoDB models behind them) load on the first request, not at cold start;
# mypy sees the real modules, so every route → service call is type checked.
if TYPE_CHECKING:
    from chalicelib.bookings import problems, service
    from chalicelib.bookings import schemas as out
    from chalicelib.catalog import schemas as s
else:
    s = schemas("chalicelib.catalog.schemas")
    out = schemas("chalicelib.bookings.schemas")
    service = lazy_module("chalicelib.bookings.service")
    problems = lazy_module("chalicelib.bookings.problems")

bp = Blueprint(__name__)
LEARNER_ONLY = allow(LEARNER, auth_flow="learner_signup")
MENTOR_ONLY = allow(MENTOR, auth_flow="mentor_signup")
ADMIN_ONLY = allow(ADMIN)


@api_route(bp, "/sessions/{session_id}/book", methods=["POST"], access=LEARNER_ONLY, response=out.BookingOut,
           status=201)
def book(ctx: Ctx, session_id: str) -> out.BookingOut:
    """Book a seat: free → confirmed, paid → 15-minute hold, approval → pending approval."""
    return service.book(ctx.user.user_id, session_id)


@api_route(bp, "/bookings/{booking_id}", access=allow(LEARNER, MENTOR), response=out.BookingOut)
def get_booking(ctx: Ctx, booking_id: str) -> out.BookingOut:
    """A booking, for its learner or the session's mentor."""
    return service.visible(ctx.user.user_id, booking_id)


@api_route(bp, "/bookings/{booking_id}/cancel", methods=["POST"], access=LEARNER_ONLY, response=out.BookingOut)
def cancel(ctx: Ctx, booking_id: str) -> out.BookingOut:
    """Cancel your booking (refund per the policy)."""
    return service.cancel(ctx.user.user_id, booking_id)


@api_route(bp, "/bookings/{booking_id}/approve", methods=["POST"], access=MENTOR_ONLY, response=out.BookingOut)
def approve(ctx: Ctx, booking_id: str) -> out.BookingOut:
    """Approve a booking waiting for you."""
    return service.approve(ctx.user.user_id, booking_id)


@api_route(bp, "/bookings/{booking_id}/reject", methods=["POST"], access=MENTOR_ONLY, response=out.BookingOut)
def reject(ctx: Ctx, booking_id: str) -> out.BookingOut:
    """Reject a booking waiting for you."""
    return service.reject(ctx.user.user_id, booking_id)


@api_route(bp, "/mentor/approvals", access=MENTOR_ONLY, query=s.PageQuery, response=out.BookingPage)
def approvals(ctx: Ctx, q: s.PageQuery) -> out.BookingPage:
    """Bookings waiting for your approval."""
    return service.approvals(ctx.user.user_id, q.cursor, q.limit)


@api_route(bp, "/bookings/{booking_id}/report-problem", methods=["POST"], access=LEARNER_ONLY, body=out.ProblemIn,
           response=out.BookingOut, status=201)
def report_problem(ctx: Ctx, body: out.ProblemIn, booking_id: str) -> out.BookingOut:
    """Report a problem with a session that ended (within the dispute window): holds the mentor's release."""
    return service.report_problem(ctx.user.user_id, booking_id, body.reason, body.details)


@api_route(bp, "/admin/problem-reports", access=ADMIN_ONLY, query=s.PageQuery, response=out.ProblemReportPage)
def open_problem_reports(ctx: Ctx, q: s.PageQuery) -> out.ProblemReportPage:
    """Problem reports waiting for a decision, oldest first."""
    return problems.open_reports(q.cursor, q.limit)


@api_route(bp, "/admin/problem-reports/{booking_id}/resolve", methods=["POST"], access=ADMIN_ONLY,
           body=out.ResolveProblemIn, response=out.ProblemReportOut)
def resolve_problem(ctx: Ctx, body: out.ResolveProblemIn, booking_id: str) -> out.ProblemReportOut:
    """Decide a report: release the mentor's earning, or refund the learner."""
    return problems.to_out(problems.resolve(ctx.user.user_id, booking_id, body.outcome, body.note))
