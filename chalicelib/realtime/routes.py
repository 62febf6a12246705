"""REST side of real time: the single-use connect ticket."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.core.access import ANY_USER
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

bp = Blueprint(__name__)
# Services (and the PynamoDB models behind them) load on the first request, not at cold start.
service = lazy_module("chalicelib.realtime.service")
S = schemas("chalicelib.realtime.schemas")


@api_route(bp, "/realtime/ticket", methods=["POST"], access=ANY_USER, response=S.TicketOut, status=201)
def create_ticket(ctx: Ctx) -> dict[str, Any]:
    """Issue a single-use, 60-second WebSocket connect ticket."""
    return service.issue_ticket(ctx.user.user_id, ctx.user.role)
