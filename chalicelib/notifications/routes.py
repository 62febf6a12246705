"""Bell history and read state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.core.access import ANY_USER
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

# Services (and the PynamoDB models behind them) load on the first request, not at cold start;
# mypy sees the real modules, so every route → service call is type checked.
if TYPE_CHECKING:
    from chalicelib.notifications import schemas as s
    from chalicelib.notifications import service
else:
    s = schemas("chalicelib.notifications.schemas")
    service = lazy_module("chalicelib.notifications.service")

bp = Blueprint(__name__)


@api_route(bp, "/notifications", access=ANY_USER, query=s.ListQuery, response=s.NotificationPage)
def list_notifications(ctx: Ctx, q: s.ListQuery) -> s.NotificationPage:
    """The caller's notifications, newest first, paged by cursor."""
    return service.list_for(ctx.user.user_id, q.limit, q.cursor)


@api_route(bp, "/notifications/read", methods=["POST"], access=ANY_USER, body=s.ReadIn, response=s.UnreadCountOut)
def mark_read(ctx: Ctx, body: s.ReadIn) -> s.UnreadCountOut:
    """Mark some or all of the caller's notifications read."""
    return service.mark_read(ctx.user.user_id, body.ids, body.all)
