"""Role dashboards (spec 000 §8): each open to one role; anonymous callers get that role's auth flow."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.core.access import ADMIN, LEARNER, MENTOR, allow
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

# Services (and the PynamoDB models behind them) load on the first request, not at cold start;
# mypy sees the real modules, so every route → service call is type checked.
if TYPE_CHECKING:
    from chalicelib.dashboards import activity as activity_feed
    from chalicelib.dashboards import schemas as s
    from chalicelib.dashboards import seats as seat_lookup
    from chalicelib.dashboards import service
    from chalicelib.live_requests import schemas as rs
else:
    s = schemas("chalicelib.dashboards.schemas")
    rs = schemas("chalicelib.live_requests.schemas")
    service = lazy_module("chalicelib.dashboards.service")
    activity_feed = lazy_module("chalicelib.dashboards.activity")
    seat_lookup = lazy_module("chalicelib.dashboards.seats")

bp = Blueprint(__name__)


@api_route(bp, "/dashboard/learner", access=allow(LEARNER, auth_flow="learner_signup"), response=s.DashboardOut)
def learner_dashboard(ctx: Ctx) -> s.DashboardOut:
    """The learner dashboard shell."""
    return service.learner(ctx.user.user_id)


@api_route(bp, "/dashboard/mentor", access=allow(MENTOR, auth_flow="mentor_signup"), response=s.DashboardOut)
def mentor_dashboard(ctx: Ctx) -> s.DashboardOut:
    """The mentor dashboard shell."""
    return service.mentor(ctx.user.user_id)


@api_route(bp, "/dashboard/admin", access=allow(ADMIN, auth_flow="admin_login"), response=s.AdminDashboardOut)
def admin_dashboard(ctx: Ctx) -> s.AdminDashboardOut:
    """The admin overview: real totals only."""
    return service.admin(ctx.user.user_id)


@api_route(bp, "/learner/activity", access=allow(LEARNER, auth_flow="learner_signup"), query=rs.ActivityQuery,
           response=s.ActivityPage)
def activity(ctx: Ctx, q: rs.ActivityQuery) -> s.ActivityPage:
    """My Activity: requests and bookings, newest first."""
    return activity_feed.feed(ctx.user.user_id, q.type, q.cursor, q.limit)


@api_route(bp, "/learner/seats", access=allow(LEARNER, auth_flow="learner_signup"), query=s.SeatsQuery,
           response=s.SeatPage)
def learner_seats(ctx: Ctx, q: s.SeatsQuery) -> s.SeatPage:
    """The caller's seats among these sessions (for the cards' "Booked" and "Join ➤")."""
    return seat_lookup.seats(ctx.user.user_id, q.ids())
