"""Live request routes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.core.access import LEARNER, MENTOR, allow
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

# Services (and the PynamoDB models behind them) load on the first request, not at cold start;
# mypy sees the real modules, so every route → service call is type checked.
if TYPE_CHECKING:
    from chalicelib.live_requests import schemas as s
    from chalicelib.live_requests import service
else:
    s = schemas("chalicelib.live_requests.schemas")
    service = lazy_module("chalicelib.live_requests.service")

bp = Blueprint(__name__)
LEARNER_ONLY = allow(LEARNER, auth_flow="learner_signup")
MENTOR_ONLY = allow(MENTOR, auth_flow="mentor_signup")


@api_route(bp, "/requests", methods=["POST"], access=LEARNER_ONLY, body=s.RequestIn, response=s.RequestOut,
           status=201)
def create(ctx: Ctx, body: s.RequestIn) -> s.RequestOut:
    """Ask a mentor for a live session."""
    return service.create(ctx.user.user_id, body)


@api_route(bp, "/requests/{request_id}", access=allow(LEARNER, MENTOR), response=s.RequestOut)
def get(ctx: Ctx, request_id: str) -> s.RequestOut:
    """A request, for its learner or its mentor."""
    return service.visible(ctx.user.user_id, request_id)


@api_route(bp, "/requests/{request_id}/withdraw", methods=["POST"], access=LEARNER_ONLY, response=s.RequestOut)
def withdraw(ctx: Ctx, request_id: str) -> s.RequestOut:
    """Withdraw your open request."""
    return service.withdraw(ctx.user.user_id, request_id)


@api_route(bp, "/requests/{request_id}/accept-offer", methods=["POST"], access=LEARNER_ONLY,
           response=s.RequestOut)
def accept_offer(ctx: Ctx, request_id: str) -> s.RequestOut:
    """Accept the mentor's counter-offer: the session and booking are created."""
    return service.accept_offer(ctx.user.user_id, request_id)


@api_route(bp, "/requests/{request_id}/decline-offer", methods=["POST"], access=LEARNER_ONLY,
           response=s.RequestOut)
def decline_offer(ctx: Ctx, request_id: str) -> s.RequestOut:
    """Decline the mentor's counter-offer."""
    return service.decline_offer(ctx.user.user_id, request_id)


@api_route(bp, "/requests/{request_id}/accept", methods=["POST"], access=MENTOR_ONLY, response=s.RequestOut)
def accept(ctx: Ctx, request_id: str) -> s.RequestOut:
    """Accept a request: a private session and its booking are created."""
    return service.accept(ctx.user.user_id, request_id)


@api_route(bp, "/requests/{request_id}/offer", methods=["POST"], access=MENTOR_ONLY, body=s.OfferIn,
           response=s.RequestOut)
def offer(ctx: Ctx, body: s.OfferIn, request_id: str) -> s.RequestOut:
    """Modify & Reply: counter-offer a time and budget."""
    return service.offer(ctx.user.user_id, request_id, body)


@api_route(bp, "/requests/{request_id}/decline", methods=["POST"], access=MENTOR_ONLY, body=s.DeclineIn,
           response=s.RequestOut)
def decline(ctx: Ctx, body: s.DeclineIn, request_id: str) -> s.RequestOut:
    """Decline a request with a reason."""
    return service.decline(ctx.user.user_id, request_id, body.reason)


@api_route(bp, "/mentor/requests", access=MENTOR_ONLY, query=s.MentorRequestsQuery, response=s.RequestPage)
def mentor_requests(ctx: Ctx, q: s.MentorRequestsQuery) -> s.RequestPage:
    """The requests panel: open (pending + offered) or all."""
    return service.for_mentor(ctx.user.user_id, q.status, q.cursor, q.limit)
