"""Bell history and read state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint

from chalicelib.core.access import ANY_USER
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

if TYPE_CHECKING:
    from chalicelib.notifications import schemas as s
else:
    s = schemas("chalicelib.notifications.schemas")

bp = Blueprint(__name__)
# Services (and the PynamoDB models behind them) load on the first request, not at cold start.
service = lazy_module("chalicelib.notifications.service")


@api_route(bp, "/notifications", access=ANY_USER, query=s.ListQuery, response=s.ListOut)
def list_notifications(ctx: Ctx, q: s.ListQuery) -> dict[str, Any]:
    """The caller's notifications, newest first, paged by cursor."""
    return service.list_for(ctx.user.user_id, q.limit, q.cursor)


@api_route(bp, "/notifications/read", methods=["POST"], access=ANY_USER, body=s.ReadIn, response=s.CountOut)
def mark_read(ctx: Ctx, body: s.ReadIn) -> dict[str, Any]:
    """Mark some or all of the caller's notifications read."""
    return service.mark_read(ctx.user.user_id, body.ids, body.all)
