"""REST side of real time: the single-use connect ticket."""

from __future__ import annotations

from typing import Any

from chalice import Blueprint
from pydantic import BaseModel

from chalicelib.core.access import ANY_USER
from chalicelib.core.http import Ctx, api_route
from chalicelib.realtime import service

bp = Blueprint(__name__)


class TicketOut(BaseModel):
    ticket: str
    url: str
    expires_in: int


@api_route(bp, "/realtime/ticket", methods=["POST"], access=ANY_USER, response=TicketOut, status=201)
def create_ticket(ctx: Ctx) -> dict[str, Any]:
    """Issue a single-use, 60-second WebSocket connect ticket."""
    return service.issue_ticket(ctx.user.user_id, ctx.user.role)
