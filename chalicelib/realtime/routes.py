"""REST side of real time: the single-use connect ticket."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.core.access import ANY_USER
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

# Services (and the PynamoDB models behind them) load on the first request, not at cold start;
# mypy sees the real modules, so every route → service call is type checked.
if TYPE_CHECKING:
    from chalicelib.realtime import schemas as s
    from chalicelib.realtime import service
else:
    s = schemas("chalicelib.realtime.schemas")
    service = lazy_module("chalicelib.realtime.service")

bp = Blueprint(__name__)


@api_route(bp, "/realtime/ticket", methods=["POST"], access=ANY_USER, response=s.TicketOut, status=201)
def create_ticket(ctx: Ctx) -> s.TicketOut:
    """Issue a single-use, 60-second WebSocket connect ticket."""
    return service.issue_ticket(ctx.user.user_id, ctx.user.role)
