"""Public live figures: the initial values; changes arrive on the `public:live` WebSocket channel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.core.access import PUBLIC
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

if TYPE_CHECKING:
    from chalicelib.live import schemas as s
    from chalicelib.live import service
else:
    s = schemas("chalicelib.live.schemas")
    service = lazy_module("chalicelib.live.service")

bp = Blueprint(__name__)


@api_route(bp, "/live", access=PUBLIC, response=s.LiveOut)
def live_figures(ctx: Ctx) -> s.LiveOut:
    """Public sessions live now, the mentors running them, seats left and who is in each room."""
    return service.figures()
