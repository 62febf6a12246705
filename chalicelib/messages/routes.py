"""Direct message routes: conversations, messages, read/delivered marks, blocking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chalice.app import Blueprint

from chalicelib.core.access import LEARNER, MENTOR, allow
from chalicelib.core.http import Ctx, api_route
from chalicelib.core.lazy import lazy_module, schemas

if TYPE_CHECKING:
    from chalicelib.messages import schemas as s
    from chalicelib.messages import service
else:
    s = schemas("chalicelib.messages.schemas")
    service = lazy_module("chalicelib.messages.service")

bp = Blueprint(__name__)
PEOPLE = allow(LEARNER, MENTOR)


@api_route(bp, "/conversations", access=PEOPLE, query=s.PageQuery, response=s.ConversationPage)
def list_conversations(ctx: Ctx, q: s.PageQuery) -> s.ConversationPage:
    """The caller's direct-message conversations, latest message first, with unread counts."""
    return service.conversations(ctx.user.user_id, q.cursor, q.limit)


@api_route(bp, "/conversations/{peer_id}", access=PEOPLE, response=s.ConversationOut)
def get_conversation(ctx: Ctx, peer_id: str) -> s.ConversationOut:
    """The conversation with one person (403 `not_eligible` when you share no booking or request)."""
    return service.conversation(ctx.user.user_id, ctx.user.role, peer_id)


@api_route(bp, "/conversations/{peer_id}/messages", access=PEOPLE, query=s.PageQuery, response=s.MessagePage)
def list_messages(ctx: Ctx, q: s.PageQuery, peer_id: str) -> s.MessagePage:
    """A page of the conversation's messages, newest first."""
    return service.messages(ctx.user.user_id, ctx.user.role, peer_id, q.cursor, q.limit)


@api_route(bp, "/conversations/{peer_id}/messages", methods=["POST"], access=PEOPLE, body=s.MessageIn,
           response=s.MessageOut, status=201)
def send_message(ctx: Ctx, body: s.MessageIn, peer_id: str) -> s.MessageOut:
    """Send a direct message (1–4,000 characters of plain text)."""
    return service.send(ctx.user.user_id, ctx.user.role, peer_id, body.body)


@api_route(bp, "/conversations/{peer_id}/read", methods=["POST"], access=PEOPLE, response=s.ConversationOut)
def mark_read(ctx: Ctx, peer_id: str) -> s.ConversationOut:
    """Mark everything in the conversation read."""
    return service.mark_read(ctx.user.user_id, ctx.user.role, peer_id)


@api_route(bp, "/conversations/{peer_id}/delivered", methods=["POST"], access=PEOPLE, body=s.DeliveredIn,
           response=s.ConversationOut)
def mark_delivered(ctx: Ctx, body: s.DeliveredIn, peer_id: str) -> s.ConversationOut:
    """Your app received the peer's messages up to `upto`."""
    return service.delivered(ctx.user.user_id, ctx.user.role, peer_id, body.upto)


@api_route(bp, "/conversations/{peer_id}/block", methods=["POST"], access=PEOPLE, response=s.ConversationOut)
def block(ctx: Ctx, peer_id: str) -> s.ConversationOut:
    """Block the person: no messages either way until you unblock."""
    return service.set_block(ctx.user.user_id, ctx.user.role, peer_id, True)


@api_route(bp, "/conversations/{peer_id}/unblock", methods=["POST"], access=PEOPLE, response=s.ConversationOut)
def unblock(ctx: Ctx, peer_id: str) -> s.ConversationOut:
    """Unblock the person."""
    return service.set_block(ctx.user.user_id, ctx.user.role, peer_id, False)
