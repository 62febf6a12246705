"""Role dashboards (spec 000 §8): each open to one role; anonymous callers get that role's auth flow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from chalicelib.core.access import ADMIN, LEARNER, MENTOR, allow
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

if TYPE_CHECKING:
    from chalicelib.live_requests import schemas as rs
else:
    rs = schemas("chalicelib.live_requests.schemas")

bp = Blueprint(__name__)
# Services (and the PynamoDB models behind them) load on the first request, not at cold start.
service = lazy_module("chalicelib.dashboards.service")
activity_feed = lazy_module("chalicelib.dashboards.activity")


@api_route(bp, "/dashboard/learner", access=allow(LEARNER, auth_flow="learner_signup"))
def learner_dashboard(ctx: Ctx) -> dict[str, Any]:
    """The learner dashboard shell."""
    return service.learner(ctx.user.user_id)


@api_route(bp, "/dashboard/mentor", access=allow(MENTOR, auth_flow="mentor_signup"))
def mentor_dashboard(ctx: Ctx) -> dict[str, Any]:
    """The mentor dashboard shell."""
    return service.mentor(ctx.user.user_id)


@api_route(bp, "/dashboard/admin", access=allow(ADMIN, auth_flow="admin_login"))
def admin_dashboard(ctx: Ctx) -> dict[str, Any]:
    """The admin overview: real totals only."""
    return service.admin(ctx.user.user_id)


@api_route(bp, "/learner/activity", access=allow(LEARNER, auth_flow="learner_signup"), query=rs.ActivityQuery)
def activity(ctx: Ctx, q: rs.ActivityQuery) -> dict[str, Any]:
    """My Activity: requests and bookings, newest first."""
    return activity_feed.feed(ctx.user.user_id, q.type, q.cursor, q.limit)
